# make demo | make test | make bench - each sets up .venv on first use (Python 3.11, pip; nothing global).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
# make test PYTHON=python3.13: another Python gets a venv of its own (.venv-python3.13), the default one stays .venv
VENV   := $(if $(filter command line environment,$(origin PYTHON)),.venv-$(notdir $(PYTHON)),.venv)
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.deps-installed
PYTEST_ARGS ?= -n 4

.PHONY: all deps wheel test lint-imports unit e2e demo bench bench-audit clean compat compat-deps azdev

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

# make compat: the end-to-end tests again on the oldest azure-cli pyappsvc claims (azext.minCliCoreVersion), in a
# second venv cached in .venv-compat/ (requirements-compat.txt pins that azure-cli).
COMPAT_VENV  := .venv-compat
COMPAT_STAMP := $(COMPAT_VENV)/.deps-installed

$(COMPAT_STAMP): requirements-compat.txt
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed: python3.11 was not found on PATH."; exit 1; }
	rm -rf $(COMPAT_VENV)
	$(PYTHON) -m venv $(COMPAT_VENV)
	$(COMPAT_VENV)/bin/python -m pip install -q --disable-pip-version-check -r requirements-compat.txt
	touch $(COMPAT_STAMP)

compat-deps: $(COMPAT_STAMP)

compat: wheel $(COMPAT_STAMP)
	@# which azure-cli this is, asked with a throwaway config folder (never ~/.azure)
	cfg=$$(mktemp -d) && AZURE_CONFIG_DIR=$$cfg $(COMPAT_VENV)/bin/az version --query '"azure-cli"' -o tsv; rm -rf $$cfg
	$(COMPAT_VENV)/bin/python -m pytest $(PYTEST_ARGS) tests/e2e

# make azdev: the extension index's checks (azdev linter and azdev style), offline, in .venv-azdev/.
AZDEV_VENV  := .venv-azdev
AZDEV_STAMP := $(AZDEV_VENV)/.deps-installed

$(AZDEV_STAMP): requirements-azdev.txt
	rm -rf $(AZDEV_VENV)
	$(PYTHON) -m venv $(AZDEV_VENV)
	$(AZDEV_VENV)/bin/python -m pip install -q --disable-pip-version-check -r requirements-azdev.txt
	touch $(AZDEV_STAMP)

azdev: wheel $(AZDEV_STAMP)
	scripts/azdev/run.sh

demo: wheel
	$(BIN)/python -m scripts.demo

bench: wheel
	$(BIN)/python -m bench.run

# audit over fleets of 100 to 50,000 apps: the cost curve, and the ratio to one `az rest` GET
bench-audit: wheel
	$(BIN)/python -m bench.audit

clean:
	rm -rf $(VENV) dist build *.egg-info .demo .pytest_cache
