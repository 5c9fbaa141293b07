# ceoblog: `make run` to try it, `make test` to check it.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# Development defaults; a real deployment sets these in its environment instead.
run test migrate demo check lint screenshots: export DJANGO_DEBUG ?= true
test check lint screenshots: export DJANGO_SECRET_KEY ?= django-insecure-test-only-key

.PHONY: help install run migrate demo test lint check format clean screenshots

help:
	@echo "make run    - install, migrate, load demo content and accounts, serve on http://$(HOST):$(PORT)/"
	@echo "make test   - run the whole test suite (DATABASE_URL picks the database)"
	@echo "make lint   - ruff and the migrations check"
	@echo "make screenshots - photograph every page type, refresh the README's pictures"

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

test: install
	$(BIN)/pytest

# The browser tests save every page type to test-artifacts/screenshots/; the README shows three.
screenshots: install
	$(BIN)/pytest -q tests/test_browser_pages.py
	cp test-artifacts/screenshots/{home-1280,post-1280,post-375}.png docs/screenshots/

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
