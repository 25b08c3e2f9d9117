#!/usr/bin/env bash
# The background workers, one group per lane (TASK_QUEUES in ajc/settings/base.py), stopped together:
# a long import or render never holds up a digest, and the renders of one report never hold
# up another's (docs/operations.md sizes them). `make run` starts this beside the web server.
#   REPORT_WORKERS  workers for the PDFs (default 2: one per core; a slow render leaves the other)
#   REFRESH_WORKERS workers for the refresh lane (default 2: two pages an edit put out of date
#                   are computed at once, so it shows sooner: docs/operations.md); it also
#                   decides which PDFs an edit makes worth rendering, so that never waits
#                   behind a render
#   PY              the Python to run manage.py with (default .venv/bin/python)
# The heavy lanes run at the lowest CPU priority (nice 19): readers come first, renders and
# imports fill the gaps. Digests and the rest are light and run at nice 10; the refresh lane
# (pages computed again after an edit, which readers are waiting to see: its own workers,
# asking every fifth of a second) at nice 5, so that an edit shows within moments on a busy host.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
pids=()

lane() {  # lane NICENESS QUEUES [OPTIONS…]
  nice -n "$1" "$PY" manage.py worker --no-reload --queue-name "$2" "${@:3}" &
  pids+=("$!")
}

stop() {
  trap - EXIT INT TERM
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  exit 0
}
trap stop EXIT INT TERM

for _ in $(seq "${REPORT_WORKERS:-2}"); do lane 19 reports; done
lane 19 imports
for _ in $(seq "${REFRESH_WORKERS:-2}"); do lane 5 refresh --interval 0.2; done
lane 10 digests,default
printf '\033[1m==> Background workers started (pids %s)\033[0m\n' "${pids[*]}" >&2
wait
