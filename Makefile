# Two commands: `make run` and `make test`. Everything installs into .venv/.
PYTHON ?= python3
PORT ?= 8000
# Test processes (pytest-xdist): one per core; `make test PYTEST_WORKERS=0` runs in this process.
PYTEST_WORKERS ?= auto
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
MANAGE := $(BIN)/python manage.py
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_NO_PROGRESS := 1

# The interface strings' catalogs (English is the source); see core/translations.py.
CATALOGS := $(wildcard locale/*/LC_MESSAGES/django.po)

.PHONY: messages translations-check run test install lint check browser axe bench stack stack-stop stack-check stack-bench stack-editor stack-tools clean help

help:
	@echo "make run    install, migrate, load demo content, serve at http://127.0.0.1:$(PORT)/ with a task worker per queue and the scheduler"
	@echo "           (make run STRIPE=fake: donations against the tests' fake Stripe)"
	@echo "make test   install and run the whole test suite, a worker per core (PYTEST_ARGS=..., PYTEST_WORKERS=0)"
	@echo "make axe    npm ci: axe-core for the accessibility tests (make test does this)"
	@echo "make messages  refresh the interface strings' catalogs under locale/ from the code (needs gettext)"
	@echo "make translations-check  fail if a shipped language has a string untranslated or fuzzy (CI runs it)"
	@echo "make lint   ruff, and the import contracts between layers (lint-imports)"
	@echo "make bench  speed figures against a hello-world view: pages, then signing (PostgreSQL, Redis, wrk)"
	@echo "make stack  the production topology on this machine: Varnish, nginx, two app hosts, workers, scheduler"
	@echo "make stack-check  start the stack, check it survives what production throws at it, stop it"

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.installed: pyproject.toml uv.lock | $(BIN)/uv
	$(BIN)/uv sync --frozen --python $(BIN)/python
	@touch $@

install: $(VENV)/.installed $(CATALOGS:.po=.mo)

# Django reads compiled catalogs; they are built here (pure Python), never committed.
locale/%.mo: locale/%.po $(VENV)/.installed
	$(MANAGE) translations compile

# Extract every marked string into locale/<language>/LC_MESSAGES/django.po (needs gettext's xgettext).
messages: install
	$(MANAGE) translations extract

# CI: extract, then fail on any string a shipped language has not translated, or left fuzzy.
translations-check: install
	@command -v xgettext >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq gettext >/dev/null; }
	$(MANAGE) translations check

run: install
	@mkdir -p var/mail
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content --if-empty --petition-history
	$(MANAGE) run_dev --port $(PORT)$(if $(filter fake,$(STRIPE)), --fake-stripe)

# Each worker has its own test database, media directory, fake servers and Redis key
# prefix (tests/conftest.py, tests/shared_cache.py). `--dist load` hands each worker
# its tests in collection order, which keeps pytest-django's order: tests that
# flush the database (transactional: live server, concurrency) run after the
# others, which need the rows the migrations made (`worksteal` breaks this).
test: install browser axe
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist load $(PYTEST_ARGS)

# Browser tests drive Debian's Chromium. Installed here when we can (root with apt-get);
# otherwise those tests are skipped locally (and fail under CI=true).
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

# axe-core (pinned in package.json / package-lock.json) for the accessibility tests
# (tests/browser/test_accessibility.py), installed with npm into node_modules/ whenever
# the lock file is newer; npm comes from Debian when we can install it (root with apt-get).
# Without it those tests are skipped locally (and fail under CI=true).
axe: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	@if ! command -v npm >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing npm for the accessibility tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	fi
	@if command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm is not installed: the accessibility tests will be skipped"; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

check: install
	@mkdir -p var
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

# Speed figures (needs PostgreSQL, Redis and wrk); see bench/pages.py and bench/petitions.py.
bench: install
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/pages.py $(BENCH_ARGS)
	$(BIN)/python bench/petitions.py

# The production topology on this machine (deploy/stack.py): PostgreSQL and Redis as for
# the tests; nginx and Varnish from Debian, installed here when we can (root with apt-get).
stack-tools:
	@if { ! command -v nginx >/dev/null || ! command -v varnishd >/dev/null; } && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing nginx and Varnish for the stack"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx varnish iproute2 >/dev/null; \
	fi

stack: install stack-tools
	$(BIN)/python deploy/stack.py up

stack-editor: install
	$(BIN)/python deploy/stack.py editor

# Speed through the stack as ratios in one run (bench/stack.py): starts and stops it.
stack-bench: install stack-tools
	$(BIN)/python bench/stack.py $(BENCH_ARGS)

stack-stop: install
	$(BIN)/python deploy/stack.py down

# Starts the stack, runs deploy/stack_check.py against the front, stops it; exits non-zero
# on any failed check. The publishing check drives Chromium (as the browser tests do).
stack-check: install stack-tools browser
	$(BIN)/python deploy/stack.py check

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache
