#!/usr/bin/env bash
# Lighthouse figures for docs/members.md: the site as production serves it (gunicorn,
# AJC_ENV=production, compression on) on a throwaway SQLite database with the pilot content,
# each page measured RUNS times (default 3) with Lighthouse's default mobile emulation. Prints
# every run with the machine's load beside it, then the median run of each page.
# Not part of the test suite. Needs Lighthouse 12 and Chromium, for instance:
#   (cd /tmp/lh && npm install lighthouse@12)
#   LIGHTHOUSE=/tmp/lh/node_modules/.bin/lighthouse CHROME_PATH=/usr/bin/chromium scripts/lighthouse.sh
# LH_DIR keeps the database between runs (set up once if absent); static files are collected
# every time, so the figures are for the stylesheets and scripts as they are now.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=$PWD/.venv/bin/python
LIGHTHOUSE=${LIGHTHOUSE:-lighthouse}
RUNS=${RUNS:-3}
PORT=${PORT:-8765}
LH_DIR=${LH_DIR:-$(mktemp -d)}
PAGES=(
  /
  /findings/
  /groups/pilot-learning-group/sessions/4/
  /findings/themes/payment-by-results/brief/
)

export AJC_ENV=production
export DJANGO_SECRET_KEY=lighthouse-measurement-only-$RANDOM-$RANDOM-0123456789abcdefghijklmnopqrstuvwxyz
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL=sqlite:///$LH_DIR/site.sqlite3
export DJANGO_STATIC_ROOT=$LH_DIR/static
export DJANGO_MEDIA_ROOT=$LH_DIR/media
# Plain HTTP on the loopback: no TLS to redirect to.
export DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_LOG_LEVEL=WARNING

mkdir -p "$LH_DIR"
if [ ! -f "$LH_DIR/site.sqlite3" ]; then
  $PY manage.py migrate --noinput >/dev/null
  $PY manage.py createcachetable
  $PY manage.py load_reports >/dev/null
fi
$PY manage.py collectstatic --noinput --clear >/dev/null
# Pages and fragments are cached (in the database): start from templates as they are now.
$PY manage.py shell --no-imports -c "from django.core.cache import cache; cache.clear()"

"$(dirname "$PY")/gunicorn" ajc.wsgi --bind "127.0.0.1:$PORT" --workers 2 \
  --access-logfile /dev/null --error-logfile "$LH_DIR/gunicorn.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 50); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/health/" && break
  sleep 0.2
done

mkdir -p "$LH_DIR/reports"
for page in "${PAGES[@]}"; do
  # One request first, so every measured run finds the page's fragments cached.
  curl -fs -o /dev/null "http://127.0.0.1:$PORT$page"
  name=$(echo "$page" | tr -c 'a-z0-9\n' '_')
  for run in $(seq "$RUNS"); do
    load=$(cut -d' ' -f1 /proc/loadavg)
    out="$LH_DIR/reports/${name}_$run.json"
    "$LIGHTHOUSE" "http://127.0.0.1:$PORT$page" --quiet --output=json --output-path="$out" \
      --chrome-flags="--headless=new --no-sandbox" || true
    echo "$load" >"$out.load"
  done
done

$PY - "$LH_DIR/reports" "${PAGES[@]}" <<'EOF'
import json
import statistics
import sys
from pathlib import Path

reports, pages = Path(sys.argv[1]), sys.argv[2:]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
for page in pages:
    name = "".join(c if c.isalnum() or c == "\n" else "_" for c in page.lower())
    runs = []
    for path in sorted(reports.glob(f"{name}_*.json")):
        report = json.loads(path.read_text())
        audits = report["audits"]
        if report.get("runtimeError") or report["categories"]["performance"]["score"] is None:
            print(f"{page}: a run failed ({report.get('runtimeError', {}).get('code')})")
            continue
        run = {
            "scores": [round(report["categories"][c]["score"] * 100) for c in CATEGORIES],
            "tbt": audits["total-blocking-time"]["numericValue"],
            "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
            "load": Path(f"{path}.load").read_text().strip(),
        }
        runs.append(run)
        print(
            f"{page}: {' / '.join(map(str, run['scores']))}, TBT {run['tbt']:.0f} ms, "
            f"LCP {run['lcp']:.1f} s (load average {run['load']})"
        )
    if runs:
        median = statistics.median_low([run["scores"][0] for run in runs])
        chosen = next(run for run in runs if run["scores"][0] == median)
        others = [run["scores"][0] for run in runs]
        print(
            f"| {page} | {' / '.join(map(str, chosen['scores']))} "
            f"(performance {min(others)}–{max(others)}) | {chosen['tbt']:.0f} ms "
            f"| {chosen['lcp']:.1f} s | {', '.join(run['load'] for run in runs)} |"
        )
EOF
