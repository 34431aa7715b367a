import hashlib
import time

import pandas as pd
import pytest
from openpyxl import load_workbook

from pao_analysis import render


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_tables_are_readable_and_reproducible(tmp_path):
    df = pd.DataFrame({"code_id": ["ambitie", "proces"], "quote": ["=SOM(A1)", "we bellen elkaar"],
                       "n_coded": [3, 4]})
    csv, xlsx = render.save_table(df, tmp_path / "a", "profiel")
    time.sleep(1.1)  # a rerun a second later must still give the same bytes
    csv2, xlsx2 = render.save_table(df, tmp_path / "b", "profiel")
    assert _digest(csv) == _digest(csv2) and _digest(xlsx) == _digest(xlsx2)
    assert csv.read_text(encoding="utf-8-sig").splitlines()[0] == "code,citaat,aantal gecodeerd"
    ws = load_workbook(xlsx).active
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:C3"
    assert ws["B2"].value == "=SOM(A1)"  # text, never a formula
    assert ws["B2"].data_type == "s"


def test_english_headers(tmp_path):
    csv, _ = render.save_table(pd.DataFrame({"valence": ["present"]}), tmp_path, "t", language="en")
    assert csv.read_text(encoding="utf-8-sig").startswith("valence\n")


def test_figures_are_reproducible(tmp_path):
    prof = pd.DataFrame({"code_id": ["ambitie", "organisatie"], "n_present": [5, 1], "n_mixed": [1, 0],
                         "n_absent": [0, 6], "judgement": ["clearly_present", "lagging"]})
    labels = {"ambitie": "AMBITIE", "organisatie": "ORGANISATIE"}
    paths = [render.save_figure(render.profile_bars(prof, code_labels=labels), tmp_path / d, "p")
             for d in ("a", "b")]
    for first, second in zip(*paths):
        assert first.stat().st_size > 1000
        assert _digest(first) == _digest(second)


def test_outputs_writes_only_with_a_folder(tmp_path):
    df = pd.DataFrame({"code_id": ["ambitie"]})
    shown = render.Outputs("").table(df, "x")
    assert shown.obj.columns.tolist() == ["code"]
    assert "<th" in shown._repr_html_() and "ambitie" in shown._repr_html_()
    render.Outputs(tmp_path, language="en").table(df, "x")
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == ["x.csv", "x.xlsx"]


def test_figures_show_as_png():
    fig, ax = render.new_figure(2, 2)
    ax.plot([0, 1], [0, 1])
    png = render.Outputs("").figure(fig, "x")._repr_png_()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_profile_heatmap_marks_undiscussed_cells():
    prof = pd.DataFrame({"participant": ["A", "A", "B", "B"], "code_id": ["x", "y", "x", "y"],
                         "strength": [0.9, 0.0, 0.2, 0.5], "n_coded": [4, 0, 5, 2]})
    fig = render.profile_heatmap(prof, by="participant", code_labels={"x": "X", "y": "Y"})
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["0.90\nn=4", "–", "0.20\nn=5", "0.50\nn=2"]


@pytest.mark.parametrize("language, word", [("nl", "duidelijk aanwezig"), ("en", "clearly present")])
def test_judgement_labels_in_bars(language, word):
    prof = pd.DataFrame({"code_id": ["x"], "n_present": [5], "n_mixed": [0], "n_absent": [0],
                         "judgement": ["clearly_present"]})
    fig = render.profile_bars(prof, code_labels={"x": "X"}, language=language)
    assert word in [t.get_text() for t in fig.axes[0].texts]


def test_phase_heatmap_puts_numbered_phases_in_columns_and_greys_unjudged_cells():
    prof = pd.DataFrame({"phase": [1, 1, 2, 2], "code_id": ["x", "y", "x", "y"],
                         "strength": [0.9, 0.0, 0.25, 0.5], "n_coded": [4, 0, 8, 2],
                         "judgement": ["clearly_present", "not_discussed", "lagging", "not_discussed"]})
    labels = {1: "1. Een voedingsbodem voor samenwerken aan een gezonde wijk", 2: "2. Richting"}
    fig = render.profile_heatmap(prof, by="phase", code_labels={"x": "X", "y": "Y"}, row_labels=labels,
                                 conditions_as_rows=True)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["X", "Y"]
    columns = [t.get_text() for t in ax.get_xticklabels()]
    assert columns[1] == "2. Richting" and columns[0].startswith("1. Een voedingsbodem") and "\n" in columns[0]
    assert [t.get_text() for t in ax.texts] == ["0.90\nn=4", "0.25\nn=8", "–", "n=2"]
    assert ax.get_xlabel() == "fase"
    values = ax.images[0].get_array()
    assert values.mask.tolist() == [[False, False], [True, True]]   # Y: nothing to judge, grey


def test_heatmap_of_an_empty_profile_says_so():
    fig = render.profile_heatmap(pd.DataFrame(columns=["phase", "code_id", "strength", "n_coded"]), by="phase",
                                 code_labels={"x": "X"})
    assert [t.get_text() for t in fig.axes[0].texts] == ["(geen)"]


def test_workbook_has_a_contents_sheet_and_one_sheet_per_table(tmp_path):
    tables = tmp_path / "tables"
    render.save_table(pd.DataFrame({"code_id": ["ambitie"], "quote": ["=1+1 " + "lang citaat " * 10]}), tmp_path,
                      "citaten_voorwaarden")
    render.save_table(pd.DataFrame({"event_id": ["a#1", "b#1"], "date_text": ["2021", "zomer 2022"]}), tmp_path,
                      "gebeurtenissen_met_een_heel_lange_naam_voor_excel")
    path = render.write_workbook(tables, tmp_path / "alle.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Inhoud", "citaten_voorwaarden", "gebeurtenissen_met_een_heel_lan"]
    contents = list(wb["Inhoud"].values)
    assert contents[0] == ("blad", "bestand", "aantal rijen", "kolommen")
    assert contents[2][:3] == ("gebeurtenissen_met_een_heel_lan",
                               "tables/gebeurtenissen_met_een_heel_lange_naam_voor_excel.csv", 2)
    quotes = wb["citaten_voorwaarden"]
    assert [c.value for c in quotes[1]] == ["code", "citaat"]
    assert quotes.freeze_panes == "A2" and quotes.auto_filter.ref == "A1:B2"
    assert quotes["B2"].data_type == "s" and quotes["B2"].value.startswith("=1+1")  # text, not a formula
    assert quotes["B2"].alignment.wrap_text
    assert [[c.value for c in row] for row in wb["gebeurtenissen_met_een_heel_lan"].iter_rows(min_row=2)] == \
        [["a#1", "2021"], ["b#1", "zomer 2022"]]


def test_a_table_shows_some_columns_and_saves_all(tmp_path):
    df = pd.DataFrame({"event_id": ["a#1"], "label": ["Start"], "quote": ["Een lang citaat."]})
    shown = render.Outputs(tmp_path).table(df, "gebeurtenissen", show=["event_id", "label"])
    assert shown.obj.columns.tolist() == ["gebeurtenis-id", "omschrijving"]
    saved = pd.read_csv(tmp_path / "tables" / "gebeurtenissen.csv", encoding="utf-8-sig")
    assert saved.columns.tolist() == ["gebeurtenis-id", "omschrijving", "citaat"]
