# Papergraph: `make run` sets up and serves the bundled notes; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
KB ?= kb
HOST ?= 127.0.0.1
PORT ?= 5000
export HF_HUB_OFFLINE := 1

.PHONY: setup run ingest test bench eval clean

# torch first and pinned: the CPU build on this disk; an unpinned torch would pull a CUDA build.
$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

ingest: setup
	$(VENV)/bin/kg ingest --kb $(KB)

run: ingest
	$(VENV)/bin/kg serve --kb $(KB) --host $(HOST) --port $(PORT)

test: setup
	$(PY) -m pytest

eval: setup
	$(PY) bench/search_quality.py

bench: setup
	$(PY) bench/ingest_and_search.py

clean:
	rm -rf $(VENV) $(KB) .pytest_cache *.egg-info
