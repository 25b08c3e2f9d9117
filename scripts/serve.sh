#!/usr/bin/env bash
# The site as `make run` serves it: the background worker (report PDFs, members' digests) and the web server,
# stopped together. HOST and PORT choose where the site listens.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

$PY manage.py queue_digests
# The worker yields the CPU to the server when both are busy (the lowest priority, nice 19):
# readers come first, renders fill the gaps.
nice -n 19 $PY manage.py db_worker --no-reload --queue-name default,refresh &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM
printf '\033[1m==> Background worker started (pid %s); the site is at http://%s:%s/\033[0m\n' \
  "$worker" "${HOST:-127.0.0.1}" "${PORT:-8000}" >&2
$PY manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"
