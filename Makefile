# marsad: the README's commands. Only Python 3.11 is needed on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: install web-assets demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

$(DEVSTAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP) $(DEVSTAMP)

# The web app's JavaScript/CSS libraries (Leaflet, markercluster, topojson-client, Natural Earth boundaries,
# Swagger UI): npm packages pinned in package-lock.json, fetched here, never committed, never from a CDN.
WEB := src/marsad/web
WEBSTAMP := $(WEB)/node_modules/.installed

$(WEBSTAMP): $(WEB)/package.json $(WEB)/package-lock.json
	@command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm >/dev/null; } \
		|| { echo "marsad: npm is needed to fetch the web app's libraries (apt-get install npm)"; exit 1; }
	npm ci --prefix $(WEB) --no-audit --no-fund --loglevel=error
	touch $(WEBSTAMP)

web-assets: $(WEBSTAMP)

install: $(STAMP) $(WEBSTAMP)

DEMO_DB := out/demo.db
DEMO_PORT ?= 8000

demo: $(STAMP) $(WEBSTAMP)
	@mkdir -p out && rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/marsad ingest examples --db $(DEMO_DB)
	@$(BIN)/marsad summary --db $(DEMO_DB)
	$(BIN)/marsad export --format acled-csv --db $(DEMO_DB) --out out/events.csv
	$(BIN)/marsad export --format geojson --db $(DEMO_DB) --out out/events.geojson
	$(BIN)/marsad export --format jsonl --db $(DEMO_DB) --out out/events.jsonl
	$(BIN)/marsad export --format parquet --db $(DEMO_DB) --out out/events.parquet
	@echo "marsad: the web app on the examples (Ctrl-C stops it; add a reviewer with: $(BIN)/marsad user add NAME --db $(DEMO_DB))"
	$(BIN)/marsad serve --db $(DEMO_DB) --port $(DEMO_PORT)

test: $(DEVSTAMP) $(WEBSTAMP)
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
	$(BIN)/python benchmarks/bench_ner.py
	$(BIN)/python benchmarks/bench_event_sentence.py

# Retrain the bundled models from ../shared: word clusters from the unlabelled corpus, the NER tagger on
# ANERcorp train (scored once on its test split), the event-sentence classifier. Each script writes its
# manifest; `tools/train_ner.py --check` and `tools/train_event_classifier.py --check` retrain in a temporary
# folder and compare with what is committed.
.PHONY: models
models: $(DEVSTAMP)
	$(BIN)/python tools/build_clusters.py
	$(BIN)/python tools/train_ner.py --final
	$(BIN)/python tools/train_event_classifier.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
