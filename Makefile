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

DEMO_DB := out/demo.db

demo: $(STAMP)
	@mkdir -p out && rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/marsad ingest examples --db $(DEMO_DB)
	@$(BIN)/marsad summary --db $(DEMO_DB)
	$(BIN)/marsad export --format acled-csv --db $(DEMO_DB) --out out/events.csv
	$(BIN)/marsad export --format geojson --db $(DEMO_DB) --out out/events.geojson
	$(BIN)/marsad export --format jsonl --db $(DEMO_DB) --out out/events.jsonl
	$(BIN)/marsad export --format parquet --db $(DEMO_DB) --out out/events.parquet

test: $(DEVSTAMP)
	$(BIN)/ruff check src tests tools benchmarks
	$(BIN)/python -m pytest

bench: $(DEVSTAMP)
	$(BIN)/python benchmarks/bench_text.py
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_dates.py --corpus 3000
	$(BIN)/python benchmarks/bench_gazetteer.py
	$(BIN)/python benchmarks/bench_geo_share.py
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_ingest_store.py --limit 5000

# Retrain the bundled models from ../shared (the event-sentence classifier; the NER tagger joins this target).
# `.venv/bin/python tools/train_event_classifier.py --check` retrains in a temporary folder and compares.
.PHONY: models
models: $(DEVSTAMP)
	$(BIN)/python tools/train_event_classifier.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
