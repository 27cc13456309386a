# marsad: the README's commands. Only Python 3.11 is needed on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: install demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

$(DEVSTAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP) $(DEVSTAMP)

install: $(STAMP)

demo: $(STAMP)
	@for f in examples/*.txt; do \
	  pub=$$($(BIN)/python -c "import json,sys,pathlib; p=pathlib.Path(sys.argv[1]).with_suffix('.json'); print(json.loads(p.read_text())['published'] if p.exists() else '')" $$f); \
	  $(BIN)/marsad extract $$f $${pub:+--published $$pub} --format table || exit 1; \
	done

test: $(DEVSTAMP)
	$(BIN)/ruff check src tests tools benchmarks
	$(BIN)/python -m pytest

bench: $(DEVSTAMP)
	$(BIN)/python benchmarks/bench_text.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
