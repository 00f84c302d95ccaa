#!/usr/bin/env bash
# System packages. `runtime` (make run): Pango for WeasyPrint's PDF documents and Noto CJK fonts.
# `all` (make test, the default): also PostgreSQL (throw-away cluster), Debian chromium (Playwright
# drives it through executable_path) and wrk (bench).
# Idempotent: installs only what is missing. Needs root (CI and the dev machines run as root).
set -euo pipefail
profile=${1:-all}
need=()
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" || need+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
if [ "$profile" = "all" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql postgresql-contrib)
  command -v wrk >/dev/null 2>&1 || need+=(wrk)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "缺少系统软件包: ${need[*]}（请以 root 运行 make test 或手工安装）" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
echo "system deps ok"
