#!/usr/bin/env bash
# Production mode, exercised once: migrate a fresh PostgreSQL database, start gunicorn (2 workers),
# a db_worker and the scheduler, log in over HTTP, enqueue a task and see the worker finish it.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?DATABASE_URL must point at PostgreSQL}"
BASE_URL="${DATABASE_URL%/*}"
SMOKE_DB=zhifa_prod_smoke
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
HOSTPORT=${BASE_URL#postgres://zhifa@}
"$PGBIN/dropdb" --if-exists -h "${HOSTPORT%:*}" -p "${HOSTPORT#*:}" -U zhifa "$SMOKE_DB"
"$PGBIN/createdb" -h "${HOSTPORT%:*}" -p "${HOSTPORT#*:}" -U zhifa "$SMOKE_DB"
export DATABASE_URL="$BASE_URL/$SMOKE_DB"
export DJANGO_SETTINGS_MODULE=config.settings.prod
export ZHIFA_SECRET_KEY=smoke-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz
export ZHIFA_FIELD_KEY=fedcba98765432100123456789abcdef
export ZHIFA_INDEX_KEY=ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100
export ZHIFA_INSECURE_COOKIES=1
export ZHIFA_VAR_DIR=$(mktemp -d)
PY=.venv/bin/python
$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0
$PY manage.py prod_smoke_setup
PORT=${ZHIFA_SMOKE_PORT:-8765}
.venv/bin/gunicorn config.wsgi:application -w 2 -b 127.0.0.1:$PORT --daemon --pid "$ZHIFA_VAR_DIR/gunicorn.pid" --log-file "$ZHIFA_VAR_DIR/gunicorn.log"
$PY manage.py db_worker --interval 0.5 > "$ZHIFA_VAR_DIR/worker.log" 2>&1 &
WORKER=$!
$PY manage.py run_scheduler > "$ZHIFA_VAR_DIR/scheduler.log" 2>&1 &
SCHED=$!
cleanup() { kill "$WORKER" "$SCHED" 2>/dev/null || true; kill "$(cat "$ZHIFA_VAR_DIR/gunicorn.pid")" 2>/dev/null || true; }
trap cleanup EXIT
$PY manage.py prod_smoke_check --base-url "http://127.0.0.1:$PORT"
echo "production smoke ok"
