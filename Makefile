# make demo | make test | make bench - each sets up .venv on first use (Python 3.11, pip; nothing global).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.deps-installed
PYTEST_ARGS ?= -n 4

.PHONY: all deps wheel test lint-imports unit e2e demo bench bench-audit clean

all: test

$(STAMP): requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed: python3.11 was not found on PATH."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

deps: $(STAMP)

wheel: $(STAMP)
	rm -rf dist build *.egg-info
	$(BIN)/python -m pip wheel -q --disable-pip-version-check --no-deps --no-build-isolation -w dist .
	rm -rf build *.egg-info

test: wheel lint-imports
	$(BIN)/python -m pytest $(PYTEST_ARGS) tests

# who may import whom: the contracts in .importlinter (docs/ARCHITECTURE.md)
lint-imports: $(STAMP)
	$(BIN)/lint-imports --no-cache

unit: lint-imports
	$(BIN)/python -m pytest -q tests/unit

e2e: wheel
	$(BIN)/python -m pytest $(PYTEST_ARGS) tests/e2e

demo: wheel
	$(BIN)/python -m scripts.demo

bench: wheel
	$(BIN)/python -m bench.run

# audit over fleets of 100 to 50,000 apps: the cost curve, and the ratio to one `az rest` GET
bench-audit: wheel
	$(BIN)/python -m bench.audit

clean:
	rm -rf $(VENV) dist build *.egg-info .demo .pytest_cache
