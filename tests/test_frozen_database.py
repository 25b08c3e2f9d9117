"""A database that stops answering is a 503 within five seconds under the production defaults
(issue 25, finding 12: it took 12 to 25 s), whether the app kept a connection to it or must
open one.

A real gunicorn on PostgreSQL through a proxy the test freezes (it stops forwarding and keeps
every connection open, as a frozen server or a hung pooler does). The same machinery with
shortened timeouts is in test_trust_processes.py; this one leaves the timeouts at their
defaults, which is what the finding was about.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from .factories import FindingFactory
from .support import FreezableProxy

ROOT = Path(__file__).resolve().parent.parent
WITHIN = 5.0

pytestmark = [
    pytest.mark.processes,
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(240),
]


def get(port, path):
    started = time.monotonic()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.monotonic() - started


@contextlib.contextmanager
def gunicorn(database_url):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "AJC_", "DATABASE_", "REDIS_"))
    }
    env.update(
        {
            "AJC_ENV": "development",  # production's settings need HTTPS and secrets; the
            # database's options are the same in both
            "DJANGO_DEBUG": "0",
            "DJANGO_LOG_LEVEL": "CRITICAL",
            "DATABASE_URL": database_url,
        }
    )
    command = [str(Path(sys.executable).parent / "gunicorn"), "ajc.wsgi", "--bind"]
    process = subprocess.Popen(  # noqa: S603 - our own server
        [*command, f"127.0.0.1:{port}", "--workers", "1", "--timeout", "120"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            assert process.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_frozen_database_is_a_503_within_five_seconds():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the server process reads the test database")
    FindingFactory(text="A public learning point.")
    settings = connection.settings_dict
    proxy = FreezableProxy((settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)))
    url = (
        f"postgres://{settings['USER'] or 'postgres'}"
        + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
        + f"@127.0.0.1:{proxy.port}/{settings['NAME']}"
    )
    try:
        with gunicorn(url) as port:
            assert get(port, "/findings/")[0] == 200  # the worker keeps its connection
            proxy.freeze()
            # The kept connection, then a new one, then the kept-connection case again.
            for path in ("/findings/", "/", "/findings/?q=partnership"):
                status, seconds = get(port, path)
                assert status == 503, (path, status)
                assert seconds < WITHIN, f"{path}: the 503 took {seconds:.1f} s"
    finally:
        proxy.close()
