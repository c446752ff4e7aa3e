# The two commands a newcomer needs: `make run` (demo on SQLite) and `make test` (whole suite).
# Everything else here is what those two stand on.
SHELL := /bin/bash
PYTHON ?= $(shell pyenv which python 2>/dev/null || command -v python3.13 || command -v python3)
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Tests run against PostgreSQL (decisions: real parts); override to point at another server.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ekinerja

.PHONY: install run test test-fast lint bench clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv

$(VENV)/.synced: requirements.lock $(UV)
	UV_PYTHON="$(PYTHON)" $(UV) venv --quiet --allow-existing $(VENV)
	VIRTUAL_ENV=$(VENV) $(UV) pip sync --quiet requirements.lock
	touch $@

install: $(VENV)/.synced

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_demo_skp
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	DATABASE_URL=$(TEST_DATABASE_URL) $(VENV)/bin/pytest $(PYTEST_ARGS)

test-fast: install
	DATABASE_URL=$(TEST_DATABASE_URL) $(VENV)/bin/pytest -m "not e2e" $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

bench: install
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) bench/run.py

clean:
	rm -rf $(VENV) $(TOOLS) db.sqlite3
