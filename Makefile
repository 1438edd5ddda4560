# samskab: `make run` starts the site with demo data; `make test` runs every check.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SAMSKAB := $(BIN)/samskab
export DJANGO_SETTINGS_MODULE := samskab.settings

.PHONY: setup run test check lint types pytest test-postgres test-browser browser-deps messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Front-end packages (package.json: Det Fælles Designsystem), served by Django's static files.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed messages

messages: $(VENV)/.installed
	cd samskab && ../$(SAMSKAB) compilemessages --ignore '.venv' -v 0

run: setup
	$(SAMSKAB) migrate --noinput -v 0
	$(SAMSKAB) demo
	SAMSKAB_DEBUG=1 $(SAMSKAB) serve

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

types: $(VENV)/.installed
	$(BIN)/mypy samskab tests

# The suite runs on PYTEST_WORKERS processes (pytest-xdist), each with its own test database
# (pytest-django adds _gw0, _gw1, ... to the name); PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -n $(PYTEST_WORKERS)

pytest: setup
	$(PYTEST)

# Browser tests drive Debian's chromium (never a downloaded browser); screenshots land in
# test-artifacts/screenshots/. poppler-utils (pdftotext) reads the code letters' PDF back, and
# WeasyPrint lays the letters out with Debian's pango.
browser-deps:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi; }
	@command -v pdftotext >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils; \
	  else echo "The code-letter tests need pdftotext: sudo apt-get install poppler-utils" >&2; exit 1; fi; }
	@ldconfig -p | grep -q libpangoft2-1.0 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpangoft2-1.0-0; \
	  else echo "The code letters need pango: sudo apt-get install libpangoft2-1.0-0" >&2; exit 1; fi; }

test: setup browser-deps lint types pytest

test-browser: setup browser-deps
	$(PYTEST) -m browser

test-postgres: setup
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(PYTEST)

clean:
	rm -rf $(VENV) node_modules var test-artifacts .mypy_cache .pytest_cache .ruff_cache
