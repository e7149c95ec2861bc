# TRD Hub: every command sets up what it needs first, so a fresh clone needs only
# Python 3.11+, make, and (for browser tests) apt with root or a chromium on PATH.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
# Another Python gets its own venv, outside the repo: make check PYTHON=python3.13 VENV=/tmp/trd-313
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
HEADLESS_SHELL ?= /usr/bin/chromium-headless-shell
PORT   ?= 8000
export CHROMIUM HEADLESS_SHELL

.PHONY: help serve build review review-js check check-content lint test report bench browser lock clean sync canary urls crisis-lock

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

# The venv installs exactly the lock: every package pinned, every file checked against its hash;
# then the hub itself, editable, so `import macros` and `import tools` work from any entry point.
# uv (its own hashed lock, installed by pip) does it in seconds where pip takes about 25 s; if uv
# cannot (no wheel for this platform, no network to its index), pip installs the same lock.
# Both write the packages' bytecode at install, as pip does by default: where Python is told not
# to write it (PYTHONDONTWRITEBYTECODE, set on this machine), every Python process would
# otherwise compile mkdocs, its plugins and Playwright from source again.
# install_lock(venv, lock file): the lock, then the hub itself, editable.
install_lock = $(1)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-uv.txt && \
	$(1)/bin/uv pip install --quiet --python $(1)/bin/python --compile-bytecode --require-hashes -r $(2) && \
	$(1)/bin/uv pip install --quiet --python $(1)/bin/python --no-deps --no-build-isolation -e . || \
	{ echo "uv could not install $(2): installing it with pip"; \
	  $(1)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r $(2) && \
	  $(1)/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .; }
$(STAMP): requirements.txt requirements-dev.txt requirements-uv.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "TRD Hub needs Python 3.11 or newer (found $$($(PYTHON) --version))."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(call install_lock,$(VENV),requirements-dev.txt)
	@touch $@

# The engine canary's Zensical venv: its own lock, hashed like the main one, and the hub
# editable (Zensical execs macros/__init__.py by file; its imports need the package).
# Another Python gets its own: ZENSICAL_VENV=/tmp/trd-313-zensical.
ZENSICAL_VENV ?= .canary/zensical
ZENSICAL_STAMP := $(ZENSICAL_VENV)/.installed
$(ZENSICAL_STAMP): requirements-zensical.txt requirements-uv.txt pyproject.toml
	$(PYTHON) -m venv $(ZENSICAL_VENV)
	$(call install_lock,$(ZENSICAL_VENV),requirements-zensical.txt)
	@touch $@

# Lock files: requirements*.in list what we use; requirements*.txt pin everything with hashes.
# pip-compile runs from a throwaway venv with its own pinned version, on the oldest Python we
# support (3.11; the lock is the same on 3.12 and 3.13, and CI installs it on all three).
# UPGRADE=all moves every package to its newest version; UPGRADE="pkg other" moves only those.
PIP_TOOLS_VERSION := 7.6.2
LOCK_VENV := .build/pip-tools-$(PIP_TOOLS_VERSION)
PIP_COMPILE = $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
  --no-emit-index-url --no-emit-find-links \
  $(if $(filter all,$(UPGRADE)),--upgrade,$(foreach p,$(UPGRADE),--upgrade-package $(p)))
lock: ## Regenerate requirements*.txt from requirements*.in (UPGRADE=all or UPGRADE=package)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
	  { echo "make lock runs on Python 3.11, the oldest we support: make lock PYTHON=python3.11"; exit 1; }
	@test -x $(LOCK_VENV)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_VENV) && \
	  $(LOCK_VENV)/bin/pip install --quiet --disable-pip-version-check pip-tools==$(PIP_TOOLS_VERSION); }
	$(PIP_COMPILE) --output-file=requirements.txt requirements.in
	$(PIP_COMPILE) --output-file=requirements-dev.txt requirements-dev.in
	$(PIP_COMPILE) --output-file=requirements-zensical.txt requirements-zensical.in
	$(PIP_COMPILE) --output-file=requirements-uv.txt requirements-uv.in

browser: ## Install Debian's chromium and chromium-headless-shell for the browser tests (needs apt and root)
	@bash .ci/install-chromium $(CHROMIUM) $(HEADLESS_SHELL)

# Live preview is not strict: a mistake is printed as one line in the terminal and shown in
# the page, and the preview keeps reloading (strict would stop reloading until it is fixed).
# PORT picks another port when 8000 is taken: make serve PORT=8001
serve: $(STAMP) ## Serve the hub at http://127.0.0.1:8000/ with live reload (another port: PORT=8001)
	@$(BIN)/python -c 'import socket, sys; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", $(PORT)))' 2>/dev/null || \
	  { echo "Port $(PORT) is in use (another make serve?): run make serve PORT=$$(( $(PORT) + 1 ))"; exit 1; }
	$(BIN)/python -m mkdocs serve --no-strict --dev-addr 127.0.0.1:$(PORT)

sync: $(STAMP) ## Rewrite mkdocs.yml extra.crisis from macros/data/crisis.yml (the build says when)
	$(BIN)/python -m tools.sync

# The reviewed lock of the crisis numbers and phrases: make check (CRISIS003) fails until it
# matches crisis.yml; commit both and ask @trd-hub/clinical-review to review.
crisis-lock: $(STAMP) ## Rewrite macros/data/crisis.lock from crisis.yml (then ask the clinical owners to review)
	$(BIN)/python -m tools.crisis_lock

# The policy command runs the build hook's own checks again from outside the build, so a
# mkdocs.yml without `hooks:` (no CSP, no policy) fails here too.
build: $(STAMP) ## Build the site into site/ (strict: any warning fails), then check every file in it
	$(BIN)/mkdocs build --strict --clean
	$(BIN)/python -m tools.policy site

# After a security review of a script in docs/ or a reviewed stylesheet block: record their
# sha256 in tools/policy/policy.yml (reviewed:). A new service worker or its registration:
# make review SERVICE_WORKER="docs/sw.js docs/javascripts/offline.js"
review: $(STAMP) ## Record reviewed scripts' and the banner CSS block's sha256 in tools/policy/policy.yml
	$(BIN)/python -m tools.policy.review $(foreach f,$(SERVICE_WORKER),--service-worker $(f))
review-js: review

# Every step runs even when one fails, then one sorted list: file:line: ERROR RULE: message. Fix: ...
check: $(STAMP) ## What CI checks, in one list: lint, content rules, strict build, links, URLs, budgets
	$(BIN)/python -m tools.check

urls: $(STAMP) ## Add every nav page's URL to docs/.published-urls.txt (never removes one)
	$(BIN)/python -m tools.urls --update

# The content checker alone (pre-commit and deploy use it).
check-content: $(STAMP) ## Content checker only: every page, the nav and the data (seconds)
	$(BIN)/python -m tools.checker

lint: $(STAMP) ## Code style (ruff), spelling (codespell), import contracts (import-linter) and the workflows (zizmor)
	$(BIN)/ruff check macros tools tests
	$(BIN)/codespell
	$(BIN)/lint-imports --no-cache
	$(BIN)/zizmor --offline --quiet --config .github/zizmor.yml .github/workflows

report: $(STAMP) ## Reading-level and citation report per page
	$(BIN)/python -m tools.report

# pytest runs on every core (pytest-xdist); each test goes to whichever worker is free, except the
# tests that share one expensive fixture (a planted copy, the attacks' builds), which are marked
# with the same xdist_group and run on one worker; WORKERS=0 runs it in this one process. The slowest tests are listed
# at the end (README, "Tests").
WORKERS ?= auto
# LinkChecker runs inside pytest: make check on an untouched copy of the project checks every
# page's links and anchors with it (tests/tools/test_make_check.py), while the other tests run.
test: $(STAMP) browser lint ## Everything: content rules, strict build, pytest (incl. browser and LinkChecker)
	$(BIN)/python -m tools.checker
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup --durations=15

bench: $(STAMP) browser ## Build, size and Lighthouse figures (prints a table, writes artifacts/bench.json)
	$(BIN)/python -m tools.bench

canary: $(STAMP) $(ZENSICAL_STAMP) browser ## Build with MkDocs, ProperDocs and Zensical; compare every page; link-check Zensical; its CSP in Chromium
	$(BIN)/python -m tools.canary --zensical $(ZENSICAL_VENV)/bin/zensical

clean: ## Remove build output and caches (keeps .venv)
	rm -rf site .build .cache artifacts .pytest_cache .ruff_cache .hypothesis
