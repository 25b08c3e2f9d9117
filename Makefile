# The two commands people need are `make run` and `make test`; both set everything up first.
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_ALLOW_ASYNC_UNSAFE := true
# Python keeps what it compiles: a test run starts many Python processes (xdist workers,
# servers, the worker, manage.py), and an environment that sets PYTHONDONTWRITEBYTECODE (these
# machines do) has each of them compile the project's modules, and pytest rewrite its tests, again.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run setup test lint format check-migrations pytest bench clean

# The site and its background worker (report PDFs, members' digests), stopped together.
run: setup
	HOST=$(HOST) PORT=$(PORT) scripts/serve.sh

# Everything `run` needs before serving: environment, database, the group's content, logins.
setup:
	scripts/bootstrap.sh run
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py load_reports
	$(PY) manage.py load_followup
	$(PY) manage.py ensure_logins

test:
	scripts/bootstrap.sh test
	$(MAKE) --no-print-directory lint check-migrations pytest

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	.venv/bin/lint-imports --no-cache

format:
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

check-migrations:
	$(PY) manage.py makemigrations --check --dry-run

# In parallel (pytest-xdist), each test file on one process so that its module-wide fixtures are
# made once. One process more than there are cores: many tests wait on a server, a browser, a
# worker or the database, and a third process keeps two cores busy meanwhile (measured on this
# 2-core machine, idle: the PostgreSQL pass 572 s with two, 515 s with three; the SQLite pass,
# which waits on little, 162 s and 159 s). PYTEST_ARGS adds to it (.ci/run: which tests).
PYTEST_WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 2) + 1 )))
pytest:
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

# Benchmarks need PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make bench
bench:
	$(PY) benchmarks/bench_pages.py
	$(PY) benchmarks/bench_pdf.py
	$(PY) benchmarks/bench_admin.py

clean:
	rm -rf .venv staticfiles db.sqlite3
