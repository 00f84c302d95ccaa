#!/usr/bin/env bash
# Throw-away PostgreSQL cluster on loopback for tests and benchmarks.
#   scripts/pg.sh start   → prints the DATABASE_URL of database "zhifa"
#   scripts/pg.sh stop
# Data lives in $ZHIFA_PGDATA (default /tmp/zhifa-pg-$ZHIFA_PGPORT); fsync off: never for real data.
set -euo pipefail
PORT=${ZHIFA_PGPORT:-54329}
PGDATA=${ZHIFA_PGDATA:-/tmp/zhifa-pg-$PORT}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-start}" in
  start)
    if [ ! -f "$PGDATA/PG_VERSION" ]; then
      mkdir -p "$PGDATA"
      [ "$(id -u)" = "0" ] && chown postgres:postgres "$PGDATA"
      as_pg "$PGBIN/initdb" -D "$PGDATA" -U zhifa --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
      as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 start \
        -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=512MB -c work_mem=32MB" >/dev/null
    fi
    "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U zhifa -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='zhifa'" | grep -q 1 \
      || "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U zhifa zhifa
    echo "postgres://zhifa@127.0.0.1:$PORT/zhifa"
    ;;
  stop)
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
