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
# Inside the checkout, so two checkouts re-pinning at once do not share it.
LOCK_VENV := $(VENV)-lock
# One test process per core (pytest-xdist): the suite's servers, ports and
# databases are per worker. PYTEST_ARGS= runs it in one process.
PYTEST_ARGS ?= -n auto

.PHONY: help install dev run test test-postgres bench lint format lock browser java css clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 18

# Two stamps: a deploy installs the runtime pins only; the tests add the dev
# pins on top, so `make test` after `make install` installs just what is missing.
$(BIN)/.installed: requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || \
		{ echo "Python 3.12 or newer is needed (found $$($(PYTHON) --version))."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed requirements-dev.lock
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/.built: node_modules/.installed $(shell find static/scss static/js -type f 2>/dev/null)
	npm run --silent build
	touch $@

css: static/build/.built ## Compile the stylesheets from GOV.UK Frontend and our Sass

install: $(BIN)/.installed static/build/.built ## Install the runtime Python dependencies (no test tools), npm packages and build the CSS

dev: install $(BIN)/.installed-dev ## Add the development and test dependencies (pytest, Playwright, ruff...)

browser: ## Install Debian's Chromium for the browser tests, if it is missing
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@test -x $(CHROMIUM) || { echo "Chromium could not be installed at $(CHROMIUM)."; exit 1; }

java: ## Install Debian's headless Java for the HTML checker, if it is missing
	@command -v java >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }
	@command -v java >/dev/null || { echo "Java could not be installed (default-jre-headless)."; exit 1; }

run: install ## Install, migrate, load the content and serve on http://127.0.0.1:8000/ (PORT=...)
	$(RUN_ENV) $(BIN)/python manage.py migrate --no-input
	$(RUN_ENV) $(BIN)/python manage.py load_learning_content
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: dev browser java ## Install everything (dev dependencies, Chromium, Java too) and run the whole test suite
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: dev browser java ## The suite on PostgreSQL (DATABASE_URL, default: local database "test")
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest $(PYTEST_ARGS)

bench: $(BIN)/.installed ## Search benchmark on PostgreSQL (BENCH_DATABASE_URL; see bench/README.md)
	$(BIN)/python bench/search.py $(BENCH_ARGS)

# wrk and redis-server from Debian, as `browser` and `java` install theirs.
.PHONY: bench-web
bench-web: install ## Pages beside a static file under gunicorn, page cache on and off (see bench/README.md)
	@command -v wrk >/dev/null && command -v redis-server >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk redis-server >/dev/null; }
	$(BIN)/python bench/web.py $(BENCH_ARGS)

lint: $(BIN)/.installed-dev ## ruff lint and format checks
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed-dev ## Fix what ruff can fix and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: ## Re-pin the Python dependencies after changing pyproject.toml (requirements.lock, requirements-dev.lock)
	rm -rf $(LOCK_VENV) && $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > $(LOCK_VENV)/requirements.in
	$(LOCK_VENV)/bin/pip install --quiet -r $(LOCK_VENV)/requirements.in
	$(LOCK_VENV)/bin/pip freeze > requirements.lock
	@# The dev group goes on top of the runtime pins without moving them, so tests run what production runs.
	$(LOCK_VENV)/bin/pip install --quiet --group dev -c requirements.lock
	{ echo "-r requirements.lock"; $(LOCK_VENV)/bin/pip freeze | grep -vxFf requirements.lock; } > requirements-dev.lock
	rm -rf $(LOCK_VENV)

clean: ## Remove the virtualenv, node_modules and built files (keeps the database)
	rm -rf $(VENV) node_modules static/build staticfiles
