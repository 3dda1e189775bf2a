# Gongkai — the two commands of the README: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
VAR := var
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/gongkai
# Debian packages the project needs: a browser for the browser tests, CJK fonts for PDFs and
# screenshots, poppler for looking at PDFs, gettext for the translation catalogues.
APT_PACKAGES := chromium fonts-noto-cjk poppler-utils gettext

.PHONY: demo test venv venv-dev system-packages node-packages lint serve messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changed since the last install.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e . 2>&1 | grep -v "^WARNING: Location" || true
	@$(BIN)/python -c "import gongkai, django" && touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]' 2>&1 | grep -v "^WARNING: Location" || true
	@$(BIN)/python -c "import gongkai, django, pytest, playwright" && touch $@ $(VENV)/.installed

venv: $(VENV)/.installed
venv-dev: $(VENV)/.installed-dev

system-packages:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null || exit 1; \
	  else \
	    echo "Missing Debian packages; run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

# axe-core (the accessibility check of the browser tests, tests/a11y.py), pinned in
# package-lock.json. Development only: the site itself needs no Node build.
node-packages:
	@if [ ! -f node_modules/axe-core/axe.min.js ]; then \
	  if ! command -v npm >/dev/null 2>&1; then \
	    if [ "$$(id -u)" = 0 ]; then \
	      echo "Installing Debian packages: nodejs npm"; \
	      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm) >/dev/null || exit 1; \
	    else \
	      echo "npm is missing; run: sudo apt-get install -y nodejs npm"; exit 1; \
	    fi; \
	  fi; \
	  npm ci --no-audit --no-fund || exit 1; \
	fi

demo: venv
	@mkdir -p $(VAR)
	$(BIN)/gongkai migrate --noinput -v0
	$(BIN)/gongkai demo
	$(BIN)/gongkai runserver $(HOST):$(PORT) --noreload

test: venv-dev system-packages node-packages
	$(BIN)/ruff check src tests
	$(BIN)/gongkai makemigrations --check --dry-run -v0
	@set -o pipefail; status=0; \
	echo "== tests on SQLite =="; \
	env -u DATABASE_URL $(BIN)/pytest -p no:cacheprovider || status=1; \
	pg="$${TEST_DATABASE_URL:-}"; \
	if [ -z "$$pg" ] && $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null; then pg="$(PG_TEST_URL)"; fi; \
	if [ -n "$$pg" ]; then \
	  echo "== tests on PostgreSQL =="; \
	  DATABASE_URL="$$pg" $(BIN)/pytest -p no:cacheprovider || status=1; \
	else echo "== PostgreSQL not reachable on 127.0.0.1:5432 and TEST_DATABASE_URL unset: skipped =="; fi; \
	exit $$status

lint: venv-dev
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

# Regenerate every app's zh_Hans catalogue, then compile them (needs GNU gettext).
messages: venv-dev
	@for app in src/gongkai/*/; do \
	  if [ -d "$$app/locale" ]; then (cd $$app && $(CURDIR)/$(BIN)/gongkai makemessages -l zh_Hans --no-obsolete --no-location -v0); fi; \
	done
	cd src/gongkai && $(CURDIR)/$(BIN)/gongkai compilemessages -v0

clean:
	rm -rf $(VENV) $(VAR)/static
