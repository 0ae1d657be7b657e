# Two commands set everything up on a fresh machine:
#   make build   installs into .venv and builds every output from the shipped curriculum
#   make test    installs into .venv (with the test extra) and runs the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: build test check coverage bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# A second, grammar-based GIFT parser (gift-pegjs, from npm) reads the GIFT export back in the tests.
tests/js/node_modules/.installed: tests/js/package.json tests/js/package-lock.json
	npm ci --prefix tests/js --silent --no-fund --no-audit
	touch $@

build: $(VENV)/.installed
	$(BIN)/nmi-learn build

test: $(VENV)/.installed tests/js/node_modules/.installed
	$(BIN)/python -m pytest -q

check: $(VENV)/.installed
	$(BIN)/nmi-learn check

coverage: $(VENV)/.installed
	$(BIN)/nmi-learn coverage

bench: $(VENV)/.installed
	$(BIN)/python bench/bench.py

clean:
	rm -rf build dist $(VENV)
