# TRD Hub: every command sets up what it needs first, so a fresh clone needs only
# Python 3.11+, make, and (for browser tests) apt with root or a chromium on PATH.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
PORT   ?= 8000
export CHROMIUM

.PHONY: help serve build check lint test report bench browser clean

help: ## List the commands
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "TRD Hub needs Python 3.11 or newer (found $$($(PYTHON) --version))."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	@# The hub itself, editable: `import macros` and `import tools` work from any entry point.
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

browser: ## Install Debian's chromium for the browser tests (needs apt and root)
	@bash .ci/install-chromium $(CHROMIUM)

serve: $(STAMP) ## Serve the hub at http://127.0.0.1:8000/ with live reload
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:$(PORT)

build: $(STAMP) ## Build the site into site/ (strict: any warning fails)
	$(BIN)/mkdocs build --strict --clean

check: $(STAMP) lint ## Fast contributor check: content rules + strict build, no browser
	$(BIN)/python -m tools.checker
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --clean --quiet --site-dir .build/check

lint: $(STAMP) ## Code style (ruff) and spelling (codespell)
	$(BIN)/ruff check macros tools tests overrides
	$(BIN)/codespell

report: $(STAMP) ## Reading-level and citation report per page
	$(BIN)/python -m tools.report

test: $(STAMP) browser lint ## Everything: content rules, strict build, pytest (incl. browser), LinkChecker
	$(BIN)/python -m tools.checker
	$(BIN)/python -m pytest
	$(BIN)/python -m tools.linkcheck

bench: $(STAMP) browser ## Build, size and Lighthouse figures (prints a table, writes artifacts/bench.json)
	$(BIN)/python -m tools.bench

clean: ## Remove build output and caches (keeps .venv)
	rm -rf site .build artifacts .pytest_cache .ruff_cache .hypothesis
