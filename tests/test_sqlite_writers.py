"""The README's own set-up, the server and the worker on one SQLite file, takes two writers at
once (issue 25, finding 11): write-ahead logging, a busy timeout, and write transactions that
take the write lock when they begin, so neither gets "database is locked".

Two real processes, each with the project's settings, start together (a barrier of files) and
run transactions that read, pause and write, as the admin's saves and the worker's tasks do.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.processes

ROOT = Path(__file__).resolve().parent.parent
WRITERS = 2
TRANSACTIONS = 15

WRITER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    import django
    django.setup()
    from django.db import connection, transaction

    me, folder, writers, transactions = sys.argv[1], Path(sys.argv[2]), *map(int, sys.argv[3:])
    with connection.cursor() as cursor:
        print("journal", cursor.execute("PRAGMA journal_mode").fetchone()[0], flush=True)
    (folder / f"ready-{me}").touch()
    deadline = time.monotonic() + 60
    while len(list(folder.glob("ready-*"))) < writers:  # the barrier
        if time.monotonic() > deadline:
            sys.exit("the other writer never started")
        time.sleep(0.01)
    for number in range(transactions):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM ledger")
            count = cursor.fetchone()[0]
            time.sleep(0.02)  # a save's own work between its read and its write
            cursor.execute("INSERT INTO ledger (writer, seen) VALUES (%s, %s)", [me, count])
    print("done", flush=True)
    """
)


def test_two_processes_write_one_sqlite_file_at_once(tmp_path):
    database = tmp_path / "db.sqlite3"
    import sqlite3

    with sqlite3.connect(database) as setup:
        setup.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, writer TEXT, seen INTEGER)")
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ajc.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "AJC_ENV": "development",
    }
    environment.pop("REDIS_URL", None)
    writers = [
        subprocess.Popen(  # noqa: S603 - our own script
            [sys.executable, "-c", WRITER, str(n), str(tmp_path), str(WRITERS), str(TRANSACTIONS)],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WRITERS)
    ]
    results = [writer.communicate(timeout=180) for writer in writers]
    for writer, (out, err) in zip(writers, results, strict=True):
        assert "database is locked" not in err, err[-2000:]
        assert writer.returncode == 0, err[-2000:]
        assert "journal wal" in out and "done" in out
    with sqlite3.connect(database) as check:
        rows = check.execute("SELECT count(*), count(DISTINCT seen) FROM ledger").fetchone()
    # Every transaction committed, and each saw the others' before it: none wrote blind.
    assert rows == (WRITERS * TRANSACTIONS, WRITERS * TRANSACTIONS)
