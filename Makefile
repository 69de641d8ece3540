# Papergraph. `make run`: set up, ingest the bundled notes, serve on http://127.0.0.1:5000/
#             `make test`: set up (Python packages and system tools) and run the whole test suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
KB ?= kb
HOST ?= 127.0.0.1
PORT ?= 5000
export HF_HUB_OFFLINE := 1

.PHONY: setup system-deps run ingest test eval bench clean

# torch first and pinned: the CPU build on this disk; an unpinned torch would pull a CUDA build.
$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

# Graphviz renders the DOT export in the tests (Debian package).
system-deps:
	@command -v dot >/dev/null || { apt-get update -qq && apt-get install -y -qq graphviz >/dev/null; }

ingest: setup
	$(VENV)/bin/kg ingest --kb $(KB)

run: ingest
	$(VENV)/bin/kg serve --kb $(KB) --host $(HOST) --port $(PORT)

test: setup system-deps
	$(PY) -m pytest

eval: setup
	$(PY) bench/search_quality.py

bench: setup
	$(PY) bench/ingest_and_search.py

clean:
	rm -rf $(VENV) $(KB) .pytest_cache *.egg-info
