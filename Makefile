# The front door. `make demo` and `make test` are all a new machine needs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test browser bench lab lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,semantic]"
	@echo "Preparing deduce's Dutch name lists (once, about two minutes)..."
	$(BIN)/python -c "import deduce; deduce.Deduce()" > /dev/null 2>&1
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/pao run --all
	@echo
	@echo "Open outputs/pittelo/index.html in a browser (all cases: outputs/*/index.html)."

test: $(STAMP)
	$(BIN)/python -m pytest

browser: $(STAMP)
	$(BIN)/python -m pytest -m browser tests/test_browser.py

bench: $(STAMP)
	$(BIN)/python -m pao_analysis.bench

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

lint: $(STAMP)
	$(BIN)/ruff check src tests

clean:
	rm -rf outputs/*/ outputs/.*.partial-* outputs/*.failed
