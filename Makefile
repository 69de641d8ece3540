# Papergraph. `make run`: set up, ingest the bundled notes, serve on http://127.0.0.1:5000/
#             `make test`: set up (Python packages and system tools) and run the whole test suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
KB ?= kb
HOST ?= 127.0.0.1
PORT ?= 5000
export HF_HUB_OFFLINE := 1

.PHONY: setup system-deps run ingest test eval bench load screenshot clean fit-lineage

# torch first and pinned: the CPU build on this disk; an unpinned torch would pull a CUDA build.
$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# The viewer's JavaScript libraries (Cytoscape.js, dagre), from the npm registry, served from here;
# axe-core (a dev dependency) checks the viewer's accessibility in the browser tests.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed

# the optional engines past one machine (pymilvus, milvus-lite, Ray Data): for the tests, not `make run`
$(VENV)/.installed-scale: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test,scale]'
	touch $@

# Debian packages the tests use: Graphviz renders the DOT export; Chromium runs the viewer tests;
# wrk drives the HTTP load benchmark.
system-deps:
	@command -v dot >/dev/null && command -v chromium >/dev/null && command -v wrk >/dev/null || { \
	  apt-get update -qq && apt-get install -y -qq graphviz chromium wrk >/dev/null; }

ingest: setup
	$(VENV)/bin/kg ingest --kb $(KB)

run: ingest
	$(VENV)/bin/kg serve --kb $(KB) --host $(HOST) --port $(PORT)

test: setup $(VENV)/.installed-scale system-deps
	$(PY) -m pytest

# Refits the lineage scorer on the labelled corpora and writes ingest/lineage_model.yaml (reviewed data);
# prints its leave-one-corpus-out figures first.
fit-lineage: setup
	$(PY) bench/fit_lineage.py --write

eval: setup
	$(PY) bench/search_quality.py

bench: setup
	$(PY) bench/ingest_and_search.py

load: setup system-deps
	$(PY) bench/http_load.py

# Regenerates docs/viewer.png, docs/viewer-lineage.png and docs/viewer-plan.png from the browser tests.
screenshot: setup system-deps
	PAPERGRAPH_SCREENSHOT=1 $(PY) -m pytest tests/api/test_viewer.py -q

clean:
	rm -rf $(VENV) $(KB) node_modules .pytest_cache *.egg-info
