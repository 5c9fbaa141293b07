# ceoblog: `make run` to try it, `make test` to check it.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# Settings from .env when there is one (KEY=value lines, no quotes; see .env.example).
ifneq (,$(wildcard .env))
include .env
export $(shell sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/\1/p' .env)
endif

# Development defaults; a real deployment sets these in its environment instead. An empty value,
# as in a copied .env.example, counts as unset.
ifeq ($(strip $(DJANGO_DEBUG)),)
run test migrate demo check lint screenshots: export DJANGO_DEBUG = true
endif
ifeq ($(strip $(DJANGO_SECRET_KEY)),)
test check lint screenshots: export DJANGO_SECRET_KEY = django-insecure-test-only-key
endif

.PHONY: help install run migrate demo test lint check format clean serve bench bench-uncached bench-import screenshots

help:
	@echo "make run    - install, migrate, load demo content and accounts, serve on http://$(HOST):$(PORT)/"
	@echo "make test   - run the whole test suite (DATABASE_URL picks the database), saying why tests were skipped"
	@echo "make lint   - ruff, the import contracts (which app may import which) and the migrations check"
	@echo "make serve  - production server: collectstatic, migrate, gunicorn, DEBUG off (needs DJANGO_SECRET_KEY)"
	@echo "make bench  - benchmark against WordPress on PostgreSQL; BENCH_QUICK=1 for a short run"
	@echo "make bench-uncached - time each reader and admin page rendered from scratch, at 100,000 posts"
	@echo "make bench-import - time the WordPress import of 10,000 posts (SQLite, and DATABASE_URL's PostgreSQL)"
	@echo "make screenshots - photograph every page type, refresh the pictures in README.md and docs/"

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo "Serving ceoblog on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# -rs: the reason for every skipped test; --durations: the slowest tests and the suite's time;
# -n: the tests shared among PYTEST_WORKERS processes (pytest-xdist; one per CPU by default,
# PYTEST_WORKERS=0 for one process), each file's tests on one of them (--dist loadfile) so that a
# file's servers start once. Each process has its own test database (test_<name>_gw0, _gw1...).
# Then the tests that time something (marked timing), alone, so that no other test slows them.
PYTEST_WORKERS ?= auto
test: install
	$(BIN)/pytest -rs --durations=10 -n $(PYTEST_WORKERS) --dist loadfile -m "not timing"
	$(BIN)/pytest -rs --durations=5 -m timing

# The browser tests save every page type to test-artifacts/screenshots/; the docs show three.
screenshots: install
	$(BIN)/pytest -q tests/test_browser_pages.py
	cp test-artifacts/screenshots/{home-1280,post-1280,post-375}.png docs/screenshots/

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	# Which way imports run: the contracts in pyproject.toml (docs/maintainers.md).
	$(BIN)/lint-imports --no-cache --no-logo
	$(PY) manage.py makemigrations --check --dry-run

bench-import: install
	$(PY) bench/import_bench.py

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Production: never a development key, never DEBUG.
serve: export DJANGO_DEBUG = false
serve: export GUNICORN_BIND ?= $(HOST):$(PORT)
serve: install
	@test -n "$$DJANGO_SECRET_KEY" || { echo "make serve: set DJANGO_SECRET_KEY first (see .env.example)." >&2; exit 1; }
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py migrate --noinput
	@echo "Serving ceoblog with gunicorn on http://$$GUNICORN_BIND/ (Ctrl-C to stop)"
	$(BIN)/gunicorn --config deploy/gunicorn.conf.py

# Builds PostgreSQL databases ceoblog_bench_*, starts its own gunicorn and Redis, and WordPress.
bench: install
	$(PY) bench/run.py

# Builds ceoblog_bench_big (kept between runs) if needed, then renders each page in-process with
# the page cache off: what a page costs, without a server or wrk (docs/performance.md).
bench-uncached: install
	$(PY) bench/build_db.py ceoblog_bench_big$(BENCH_DB_SUFFIX) 100000 1000000 2000
	$(PY) bench/uncached.py ceoblog_bench_big$(BENCH_DB_SUFFIX)

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
