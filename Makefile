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

# Building needs only the package; the test tools (Anki, pypdf, Playwright, ...) come with `make test`.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Debian packages the tests use: Chromium, driven by Playwright for browser tests (Playwright's own
# browser download is not used), and poppler-utils (pdftoppm, pdftotext) to look at PDFs.
SYSTEM_TOOLS = /usr/bin/chromium /usr/bin/pdftoppm
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
$(SYSTEM_TOOLS):
	$(SUDO) apt-get update -q
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium poppler-utils

# A second, grammar-based GIFT parser (gift-pegjs, from npm) reads the GIFT export back in the tests;
# axe-core (npm) audits HTML pages for accessibility in the browser tests.
tests/js/node_modules/.installed: tests/js/package.json tests/js/package-lock.json
	npm ci --prefix tests/js --silent --no-fund --no-audit
	touch $@

build: $(VENV)/.installed
	$(BIN)/nmi-learn build

test: $(VENV)/.installed-test tests/js/node_modules/.installed $(SYSTEM_TOOLS)
	$(BIN)/python -m pytest -q

check: $(VENV)/.installed
	$(BIN)/nmi-learn check

coverage: $(VENV)/.installed
	$(BIN)/nmi-learn coverage

bench: $(VENV)/.installed-test
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/preview_latency.py

clean:
	rm -rf build dist $(VENV)
