# The README's two commands are `make run` and `make test`; everything else
# here is what they are made of. `make help` lists the targets.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
# pyenv reads .python-version; elsewhere fall back to a python3.12 or python3 on PATH.
PYTHON ?= $(shell pyenv which python 2>/dev/null || command -v python3.12 || command -v python3)
CHROMIUM := /usr/bin/chromium
# Development runs with DEBUG on; production sets its own environment.
RUN_ENV := DEBUG=$${DEBUG:-true}

.PHONY: help install run test test-postgres bench lint format lock browser css clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 18

$(BIN)/.installed: requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || \
		{ echo "Python 3.12 or newer is needed (found $$($(PYTHON) --version))."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/.built: node_modules/.installed $(shell find static/scss static/js -type f 2>/dev/null)
	npm run --silent build
	touch $@

css: static/build/.built ## Compile the stylesheets from GOV.UK Frontend and our Sass

install: $(BIN)/.installed static/build/.built ## Install Python and npm dependencies and build the CSS

browser: ## Install Debian's Chromium for the browser tests, if it is missing
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@test -x $(CHROMIUM) || { echo "Chromium could not be installed at $(CHROMIUM)."; exit 1; }

run: install ## Install, migrate, load the content and serve on http://127.0.0.1:8000/ (PORT=...)
	$(RUN_ENV) $(BIN)/python manage.py migrate --no-input
	$(RUN_ENV) $(BIN)/python manage.py load_learning_content
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install browser ## Install everything and run the whole test suite
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install browser ## The suite on PostgreSQL (DATABASE_URL, default: local database "test")
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest $(PYTEST_ARGS)

bench: $(BIN)/.installed ## Search benchmark on PostgreSQL (BENCH_DATABASE_URL; see bench/README.md)
	$(BIN)/python bench/search.py $(BENCH_ARGS)

lint: $(BIN)/.installed ## ruff lint and format checks
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed ## Fix what ruff can fix and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: ## Re-pin every Python dependency after changing pyproject.toml
	rm -rf /tmp/cyscp-lock && $(PYTHON) -m venv /tmp/cyscp-lock
	/tmp/cyscp-lock/bin/pip install --quiet --upgrade pip
	/tmp/cyscp-lock/bin/python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/cyscp-lock/requirements.in
	/tmp/cyscp-lock/bin/pip install --quiet --group dev -r /tmp/cyscp-lock/requirements.in
	/tmp/cyscp-lock/bin/pip freeze > requirements.lock
	rm -rf /tmp/cyscp-lock

clean: ## Remove the virtualenv, node_modules and built files (keeps the database)
	rm -rf $(VENV) node_modules static/build staticfiles
