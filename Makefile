# Two commands set up everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install clean bundle

run: $(STAMP)
	$(BIN)/onboard-gui

test: $(STAMP) lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check onboard tests scripts
	$(BIN)/ruff format --check onboard tests scripts
	$(BIN)/mypy onboard
	$(BIN)/lint-imports

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Onboard braucht Python 3.11 oder neuer."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,model]"
	$(BIN)/onboard models install-default
	touch $(STAMP)

# The one-folder bundle for IT (dist/onboard/, PyInstaller) with its self-test; see README.
bundle:
	bash scripts/build_bundle.sh

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
