"""The project's own files: dependencies mirrored, notebooks clean."""

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _name(req: str) -> str:
    return re.split(r"[<>=!~ \[]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    wanted = {_name(r) for r in project["dependencies"] + extras["dev"] + extras["semantic"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    listed = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            listed |= {_name(r) for r in dep["pip"] if not r.startswith("-e")}
        elif _name(dep) not in ("python", "pip"):
            listed.add(_name(dep))
    assert listed == wanted


def test_there_are_notebooks():
    assert [p.stem for p in NOTEBOOKS][:6] == ["01_corpus", "02_coding", "03_themes", "04_timeline",
                                               "05_conditions", "06_cross_case"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_clean(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    params = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(params) == 1, "exactly one cell tagged 'parameters'"
    for cell in code:
        assert not cell.get("outputs") and cell.get("execution_count") is None, "outputs not stripped"
        src = "".join(cell["source"])
        assert not re.search(r"^\s*(def|class|async def)\s", src, re.M), "no definitions in notebooks"
    for line in "".join(params[0]["source"]).splitlines():
        assert re.match(r'^\w+: \w+ = ("[^"]*"|[\d.]+|True|False)\s+# \S', line), line


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_saved_table_and_figure_is_shown(path):
    """Jupyter shows only a cell's last value: an ``out.table``/``out.figure`` call before it
    must be wrapped in ``display`` (trial 10: ``fasen_vergeleken`` was saved but not shown)."""
    import ast

    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        body = ast.parse("".join(cell["source"])).body
        hidden = [ast.unparse(st)[:60] for st in body[:-1]
                  if isinstance(st, ast.Expr) and isinstance(st.value, ast.Call)
                  and isinstance(st.value.func, ast.Attribute) and isinstance(st.value.func.value, ast.Name)
                  and st.value.func.value.id == "out" and st.value.func.attr in {"table", "figure", "document"}]
        assert not hidden, f"saved but not shown: {hidden}"


def test_code_passes_ruff():
    import subprocess
    import sys

    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run([str(ruff), "check", "src", "tests"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
