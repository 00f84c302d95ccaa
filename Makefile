# Zhifa — the two set-up commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SHARED ?= $(abspath ../shared)

.PHONY: install system-deps runtime-deps run test test-sqlite test-postgres lint bench-foundation prod-smoke clean

install: $(VENV)/.installed  ## venv in .venv/ with the pinned dependencies (idempotent)

$(VENV)/.installed: requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(VENV)/bin/pip install -q --disable-pip-version-check uv==0.13.8
	@$(VENV)/bin/uv pip sync -q --python $(PY) requirements.lock
	@mkdir -p var
	@touch $@

system-deps:  ## apt packages for the full suite (PostgreSQL, chromium, CJK fonts, wrk)
	@bash scripts/install-system-deps.sh

runtime-deps:  ## apt packages the platform itself needs (Pango for PDF documents, CJK fonts)
	@bash scripts/install-system-deps.sh runtime

run: install runtime-deps  ## SQLite + demo city, served at http://127.0.0.1:8000
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo --scale 1 --cases 2000 --if-empty
	$(PY) manage.py demo_logins
	$(PY) manage.py runserver 127.0.0.1:8000

test: install system-deps  ## the whole suite on SQLite and on PostgreSQL, browser tests included
	bash scripts/test.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench-foundation: install
	$(PY) manage.py bench foundation --scale 200

clean:
	rm -rf var/zhifa.sqlite3* var/test-media
