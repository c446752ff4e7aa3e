# The two commands a newcomer needs: `make run` (demo on SQLite) and `make test` (whole suite).
# Everything else here is what those two stand on.
SHELL := /bin/bash
# Python 3.13 exactly (.python-version): pyenv's, else a python3.13 on PATH. No silent fallback to
# another Python: Django 6.1 needs 3.12+, and the locks are resolved for 3.13.
PYTHON ?= $(shell p=$$(pyenv which python 2>/dev/null); \
	if [ -n "$$p" ] && "$$p" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' 2>/dev/null; \
	then echo "$$p"; else command -v python3.13; fi)
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Tests run against PostgreSQL (decisions: real parts); override to point at another server.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ekinerja

.PHONY: install install-dev run test test-fast lint typecheck audit bench load locks clean python

python:
	@if [ -z "$(PYTHON)" ]; then \
	  echo "e-Kinerja needs Python 3.13 and none was found."; \
	  echo "Install it with pyenv (pyenv install 3.13 && pyenv local 3.13) or your system's"; \
	  echo "package manager (python3.13), or run: make PYTHON=/path/to/python3.13 <target>"; \
	  exit 1; fi
	@"$(PYTHON)" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' || { \
	  echo "$(PYTHON) is not Python 3.13; set PYTHON=/path/to/python3.13"; exit 1; }

$(UV): | python
	"$(PYTHON)" -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

# Runtime packages only (the demo and production): requirements.lock, hashes checked.
$(VENV)/.runtime: requirements.lock $(UV)
	UV_PYTHON="$(PYTHON)" $(UV) venv --quiet --allow-existing $(VENV)
	VIRTUAL_ENV=$(VENV) $(UV) pip sync --quiet --require-hashes requirements.lock
	rm -f $(VENV)/.dev
	touch $@

# Runtime + test, lint and type-check tools: requirements-dev.lock, hashes checked.
$(VENV)/.dev: requirements-dev.lock $(UV)
	UV_PYTHON="$(PYTHON)" $(UV) venv --quiet --allow-existing $(VENV)
	VIRTUAL_ENV=$(VENV) $(UV) pip sync --quiet --require-hashes requirements-dev.lock
	rm -f $(VENV)/.runtime
	touch $@

install: python $(VENV)/.runtime
install-dev: python $(VENV)/.dev

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_demo_skp
	$(PY) manage.py seed_demo_progres
	$(PY) manage.py seed_demo_monitoring
	$(PY) manage.py runserver 127.0.0.1:8000

# Two pytest-xdist workers, whole files each (one database per worker: test_ekinerja_gw0, _gw1):
# the browser, fault and scale-out tests wait on Chromium, servers and clusters, so two workers
# use the machine's 2 cores where one process left one idle. PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 2
test: install-dev
	DATABASE_URL=$(TEST_DATABASE_URL) $(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

test-fast: install-dev
	DATABASE_URL=$(TEST_DATABASE_URL) $(VENV)/bin/pytest -m "not e2e" $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

# mypy --strict with django-stubs ([tool.mypy] in pyproject.toml) over the apps issue 11 types.
typecheck: install-dev
	$(VENV)/bin/mypy --strict ekinerja skp matriks penilaian

# Known vulnerabilities in the runtime lock (.ci/audit.py: pip-audit, never a silent pass).
audit: install-dev
	$(PY) .ci/audit.py

# The scale bench (issue 16): one table at 10,000 and 100,000 pegawai, JSON under bench/out/.
bench: install-dev
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) bench/run.py

# Load runs under gunicorn driven by wrk (issue 16): each hot page alone and the deadline mix.
load: install-dev
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) bench/load.py

# Re-resolve both locks from pyproject.toml (after changing a dependency). No registry addresses
# are written; uv.lock is never used.
locks: $(UV)
	$(UV) pip compile pyproject.toml --generate-hashes --python-version 3.13 --quiet \
	  --no-header -o requirements.lock
	$(UV) pip compile pyproject.toml --group dev --generate-hashes --python-version 3.13 --quiet \
	  --no-header -o requirements-dev.lock

clean:
	rm -rf $(VENV) $(TOOLS) db.sqlite3
