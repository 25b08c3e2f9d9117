#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh. Usage:
#   DATABASE_URL=postgres://user:pass@host:5432/ajc scripts/restore.sh backups/ajc-….dump [backups/ajc-…-media.tar.gz]
# The database must exist (createdb it first when restoring to a new server). Everything in it
# that the dump holds is replaced, in one transaction: if any step fails, nothing changes.
# Stop the app containers first so no one writes while the restore runs.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { printf 'restore: %s\n' "$*" >&2; exit 1; }

dump="${1:-}"
archive="${2:-}"
[ -n "$dump" ] || fail "usage: scripts/restore.sh <dump file> [media archive]"
[ -f "$dump" ] || fail "no such dump file: $dump"
[ -n "${DATABASE_URL:-}" ] || fail "set DATABASE_URL to the PostgreSQL database to restore into."
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) fail "DATABASE_URL is not PostgreSQL." ;;
esac
command -v pg_restore >/dev/null || fail "pg_restore is missing (Debian: apt-get install postgresql-client)."

pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
  --exit-on-error --dbname "$DATABASE_URL" "$dump"
printf 'restored %s\n' "$dump"

# Nothing cached before the restore may be served after it (docs/operations.md): run with the
# app's environment (REDIS_URL included) so it reaches the cache the app uses.
python="${PYTHON:-.venv/bin/python}"
if [ -x "$python" ]; then
  "$python" manage.py content_restored
else
  printf 'restore: now run "python manage.py content_restored" with the app'"'"'s settings, before readers come back\n' >&2
fi

if [ -n "$archive" ]; then
  [ -f "$archive" ] || fail "no such media archive: $archive"
  media="${DJANGO_MEDIA_ROOT:-media}"
  mkdir -p "$media"
  tar -xzf "$archive" -C "$media"
  printf 'restored uploads into %s\n' "$media"
fi
