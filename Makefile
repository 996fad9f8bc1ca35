# The two commands of the README: `make serve` and `make test`. Both set up .venv when it is missing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.oracle-kb-installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
export DISABLE_MKDOCS_2_WARNING := true
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test check bench lint clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

## serve: build the embedded oracle's site and serve it on http://$(HOST):$(PORT)/ (live reload; --dirty: a save
##        re-renders only the pages it affects, see src/oracle_kb_mkdocs/incremental.py)
serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty --dev-addr $(HOST):$(PORT)

## build: build the site into site/ and fail on any error finding
build: $(STAMP)
	$(BIN)/mkdocs build --strict

## test: the whole test suite (installs Debian chromium for the browser tests when it can)
test: $(STAMP)
	@scripts/ensure-chromium
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/oracle-kb check

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_check.py
	$(BIN)/python benchmarks/bench_site.py
	$(BIN)/python benchmarks/bench_search.py
	$(BIN)/python benchmarks/bench_serve.py

lint: $(STAMP)
	$(BIN)/ruff check src hooks tests benchmarks

clean:
	rm -rf site test-artifacts .pytest_cache
