#!/usr/bin/env bash
# The site as `make run` serves it: the background workers (scripts/workers.sh: report PDFs,
# imports, members' digests, each lane its own) and the web server, stopped together. HOST and
# PORT choose where the site listens.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

$PY manage.py queue_digests
PY=$PY scripts/workers.sh &
workers=$!
trap 'kill "$workers" 2>/dev/null || true; wait "$workers" 2>/dev/null || true' EXIT INT TERM
printf '\033[1m==> The site is at http://%s:%s/\033[0m\n' "${HOST:-127.0.0.1}" "${PORT:-8000}" >&2
$PY manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"
