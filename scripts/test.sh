#!/usr/bin/env bash
# The whole suite: lint, SQLite run, PostgreSQL run (throw-away cluster on loopback), production smoke.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export ZHIFA_SHARED_DIR=${ZHIFA_SHARED_DIR:-$(cd .. && pwd)/shared}

echo "== lint (ruff, mypy) =="
.venv/bin/ruff check .
.venv/bin/ruff format --check --quiet .
.venv/bin/mypy zhifa config bench

echo "== tests on SQLite =="
env -u DATABASE_URL .venv/bin/pytest -q -p no:randomly "$@"

echo "== tests on PostgreSQL =="
PG_URL=$(bash scripts/pg.sh start)
trap 'bash scripts/pg.sh stop' EXIT
DATABASE_URL="$PG_URL" .venv/bin/pytest -q "$@"

echo "== production mode smoke (PostgreSQL + gunicorn + db_worker + run_scheduler) =="
DATABASE_URL="$PG_URL" bash scripts/prod-smoke.sh
