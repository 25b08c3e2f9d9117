#!/usr/bin/env bash
# Back up everything: the PostgreSQL database (content, history, logins) and the uploaded
# figures. Usage:
#   DATABASE_URL=postgres://user:pass@host:5432/ajc scripts/backup.sh [backup-directory]
# Writes <directory>/ajc-<UTC time>.dump (pg_dump's custom format: compressed, restorable
# table by table) and, when there are uploads, ajc-<UTC time>-media.tar.gz beside it.
# Restore with scripts/restore.sh. See docs/operations.md.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { printf 'backup: %s\n' "$*" >&2; exit 1; }

[ -n "${DATABASE_URL:-}" ] || fail "set DATABASE_URL to the PostgreSQL database to back up."
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) fail "DATABASE_URL is not PostgreSQL; for SQLite copy the file, or use 'manage.py export_group'." ;;
esac
command -v pg_dump >/dev/null || fail "pg_dump is missing (Debian: apt-get install postgresql-client)."

directory="${1:-backups}"
media="${DJANGO_MEDIA_ROOT:-media}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$directory"
dump="$directory/ajc-$stamp.dump"

# Written under a temporary name and renamed when complete: a half-written dump never looks
# like a backup.
pg_dump --format=custom --no-owner --no-privileges --file "$dump.partial" "$DATABASE_URL"
mv "$dump.partial" "$dump"
printf '%s\n' "$dump"

if [ -d "$media" ] && [ -n "$(ls -A "$media" 2>/dev/null)" ]; then
  archive="$directory/ajc-$stamp-media.tar.gz"
  tar -czf "$archive.partial" -C "$media" .
  mv "$archive.partial" "$archive"
  printf '%s\n' "$archive"
fi
