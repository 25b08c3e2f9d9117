#!/usr/bin/env bash
# Set up everything the project needs on a fresh machine, and nothing twice.
#   scripts/bootstrap.sh run    the site's needs (Python env, WeasyPrint's libraries)
#   scripts/bootstrap.sh test   plus the test tools (Chromium for the browser tests)
# Finds a Python >= 3.12 by itself, or says exactly what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-run}"
VENV=".venv"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
fail() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

is_new_enough() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.14 python3.13 python3.12 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && is_new_enough "$candidate"; then
      command -v "$candidate"; return 0
    fi
  done
  # pyenv's shims for python3.12 fail while its global version is older: ask pyenv directly.
  local root
  root="$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"
  for candidate in $(ls -d "$root"/versions/3.* 2>/dev/null | sort -rV); do
    if [ -x "$candidate/bin/python3" ] && is_new_enough "$candidate/bin/python3"; then
      echo "$candidate/bin/python3"; return 0
    fi
  done
  return 1
}

apt_install() {
  # System packages, installed only if missing; needs root (or sudo) and Debian/Ubuntu's apt.
  local missing=()
  local pkg
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 && sudo="sudo" || fail "Missing system packages: ${missing[*]}. Install them (as root: apt-get install ${missing[*]}) and run this again."
  fi
  command -v apt-get >/dev/null 2>&1 || fail "Missing system packages: ${missing[*]} (no apt-get here: install them with your package manager)."
  say "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# 1. Python
python="$(find_python)" || fail "Python 3.12 or newer is needed and none was found. Install python3.12 (e.g. 'apt-get install python3.12 python3.12-venv', or 'pyenv install 3.12'), or point PYTHON=/path/to/python3.12 at one."

# 2. System libraries: WeasyPrint needs Pango; the PDF's fonts ship in static/fonts.
if command -v dpkg >/dev/null 2>&1; then
  apt_install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig
  if [ "$purpose" = "test" ]; then
    apt_install chromium poppler-utils
    # The Nu HTML checker runs on Java; it comes from the npm registry (package-lock.json).
    command -v java >/dev/null 2>&1 || apt_install default-jre-headless
    command -v npm >/dev/null 2>&1 || apt_install npm
  fi
fi
if [ "$purpose" = "test" ] && { [ ! -e node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
  say "Installing the test tools from package-lock.json (the Nu HTML checker)"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi

# 3. The virtual environment, from the hash-pinned lock file; rebuilt when the lock changes.
lock="requirements.lock"
[ "$purpose" = "test" ] && lock="requirements-dev.lock"
stamp="$VENV/.installed-$(sha256sum "$lock" | cut -c1-16)"
if [ -x "$VENV/bin/python" ] && ! is_new_enough "$VENV/bin/python"; then
  say "Replacing $VENV (its Python is older than 3.12)"
  rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
  say "Creating $VENV with $python ($("$python" --version))"
  "$python" -m venv "$VENV" || fail "Could not create a virtual environment: install the venv module for $python (Debian: apt-get install python3.12-venv)."
fi
if [ ! -e "$stamp" ]; then
  say "Installing pinned packages from $lock"
  # uv (itself pinned by hash) installs the same hash-pinned files as pip in a fraction of the
  # time: about 10 s instead of 60 on a fresh clone, which every CI run pays. pip if it fails.
  # --compile-bytecode as pip does: else the first import compiles every module, and a package's
  # SyntaxWarnings land on the first process's stderr (the JSON log test_deploy_check reads).
  pip=("$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes)
  if "${pip[@]}" -r requirements-bootstrap.lock 2>/dev/null && [ -x "$VENV/bin/uv" ]; then
    "$VENV/bin/uv" pip install --quiet --compile-bytecode --python "$VENV/bin/python" --require-hashes -r "$lock" ||
      "${pip[@]}" -r "$lock"
  else
    "${pip[@]}" -r "$lock"
  fi
  rm -f "$VENV"/.installed-*
  touch "$stamp"
fi
