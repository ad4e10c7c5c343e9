# Two entry points for a fresh machine (see README): `make demo` and `make test`.
# Each creates the project's virtual environment on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint benchmarks

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.app: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test: $(VENV)/.app
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.app
	@# A browser for the demo's JavaScript shop and screenshots; without one the demo still
	@# runs and says what to install.
	-$(BIN)/rivalwatch browser --install
	$(BIN)/rivalwatch demo

test: $(VENV)/.test
	$(BIN)/pytest

lint: $(VENV)/.test
	$(BIN)/ruff check .

benchmarks: $(VENV)/.test  ## all benchmarks, several minutes; figures go into docs/benchmarks.md
	$(BIN)/python -m benchmarks
