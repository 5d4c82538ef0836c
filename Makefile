# Navigator: `make run` starts it with demo data, `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := run

HOST ?= 127.0.0.1
PORT ?= 8000
# Secure links in e-mails and on screen start with this: the address `make run` serves at,
# unless NAVIGATOR_SITE_URL is set.
NAVIGATOR_SITE_URL ?= http://$(HOST):$(PORT)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/navigator
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
# The load test's own database (created beforehand; migrated and filled by the load test).
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/navigator_load
# One test process per core (pytest-xdist), each with its own test database; the slowest tests
# are listed at the end so that the suite's time stays visible.
PYTEST_ARGS ?= --numprocesses auto --dist worksteal --durations 25

# The first Python >= 3.12 found: pyenv's (selected by .python-version), then the usual names.
PYTHON := $(shell for candidate in python3 python3.13 python3.12 $(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3); do \
	if command -v $$candidate >/dev/null 2>&1 && $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		command -v $$candidate; break; fi; done)

.PHONY: run test install lint format lock worker python-check benchmark

python-check:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Navigator needs Python 3.12 or newer (Django 6.1 requires it)."; \
		echo "Install it, e.g. 'pyenv install 3.12' or 'apt-get install python3.12 python3.12-venv', then run make again."; \
		exit 1; fi

$(BIN)/python: | python-check
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(VENV)/.installed node_modules/.installed

run: install
	NAVIGATOR_DEBUG=1 $(MANAGE) migrate --noinput
	NAVIGATOR_DEBUG=1 $(MANAGE) demo
	@echo ""
	@echo "Navigator is running at http://$(HOST):$(PORT)/ (with its background-task worker). Ctrl-C stops both."
	@trap 'kill 0' INT TERM; \
		NAVIGATOR_DEBUG=1 NAVIGATOR_SITE_URL='$(NAVIGATOR_SITE_URL)' $(MANAGE) db_worker --queue-name default & \
		NAVIGATOR_DEBUG=1 NAVIGATOR_SITE_URL='$(NAVIGATOR_SITE_URL)' $(MANAGE) runserver $(HOST):$(PORT); \
		kill 0

worker: install
	NAVIGATOR_DEBUG=1 NAVIGATOR_SITE_URL='$(NAVIGATOR_SITE_URL)' $(MANAGE) db_worker

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	NAVIGATOR_ALLOW_INSECURE_KEY=1 $(BIN)/mypy
	NAVIGATOR_DEBUG=1 $(MANAGE) makemigrations --check --dry-run
	@echo "== Test suite on SQLite =="
	NAVIGATOR_ALLOW_INSECURE_KEY=1 $(BIN)/python -m pytest $(PYTEST_ARGS)
	@echo "== Test suite on PostgreSQL ($(POSTGRES_URL)) =="
	@if $(BIN)/python -c "import psycopg, sys; psycopg.connect('$(POSTGRES_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		DATABASE_URL=$(POSTGRES_URL) NAVIGATOR_ALLOW_INSECURE_KEY=1 $(BIN)/python -m pytest $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL does not answer at $(POSTGRES_URL): CI must test on PostgreSQL." >&2; exit 1; \
	else \
		echo "SKIPPED: PostgreSQL does not answer at $(POSTGRES_URL) (set POSTGRES_URL)."; \
	fi

# Speed targets at national scale (benchmarks/). DATABASE_URL selects PostgreSQL;
# NAVIGATOR_BENCH_SERVICES / NAVIGATOR_BENCH_REFERRALS make it small.
benchmark: install
	NAVIGATOR_ALLOW_INSECURE_KEY=1 $(BIN)/python -m pytest benchmarks -o python_files='bench_*.py' \
		--create-db --benchmark-sort=name --benchmark-columns=min,median,max,rounds $(BENCH_ARGS)
	DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/python -m benchmarks.load --output var/load-test.md

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-resolve locked versions after changing pyproject.toml.
lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	UV_PYTHON_DOWNLOADS=never $(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes \
		--python-version 3.12 --quiet -o requirements.lock
