"""Issue 9, findings 1 and 4, against real server processes on PostgreSQL (and Redis).

- Two gunicorn processes share one PostgreSQL database and one Redis: after a session is
  unpublished, not one of 15 requests per page, alternating between them, holds its text.
- A server whose database stops answering (a proxy the test freezes: it stops forwarding but
  keeps every connection open) answers pages 503 within seconds, and static files at once.

Skipped, saying why, unless the tests run on PostgreSQL with Redis at REDIS_TEST_URL
(default redis://127.0.0.1:6379/3). CI's PostgreSQL run of `make test` runs them.
"""

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from ajc.visibility import Visibility

from .factories import (
    FindingFactory,
    RecommendationFactory,
    RiskFactory,
    SessionFactory,
    ThemeFactory,
)
from .support import FreezableProxy, relinked, saved

ROOT = Path(__file__).resolve().parent.parent
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/3")
DRAFT_WORD = "Quillwortmarmalade"

pytestmark = [
    pytest.mark.processes,
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(240),
]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: several server processes share the test database")
    return connection.settings_dict


@pytest.fixture
def redis_url():
    import redis

    try:
        client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2)
        client.flushdb()
    except redis.exceptions.RedisError as error:
        pytest.skip(f"needs Redis at {REDIS_TEST_URL} ({error})")
    yield REDIS_TEST_URL
    client.flushdb()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict, port=None) -> str:
    host = settings_dict["HOST"] or "127.0.0.1"
    user = settings_dict["USER"] or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{host}:{port or settings_dict['PORT'] or 5432}/"
        + (settings_dict["NAME"])
    )


def get(port, path, timeout=30):
    """(status, body text, seconds taken)."""
    started = time.monotonic()
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status, body.decode("utf-8", "replace"), time.monotonic() - started


@contextlib.contextmanager
def server(env_overrides, threads=1):
    """gunicorn serving ajc.wsgi (one worker) on a free loopback port."""
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "AJC_", "DATABASE_", "REDIS_"))
    }
    env.update(
        {
            "AJC_ENV": "development",
            "DJANGO_DEBUG": "0",
            "DJANGO_LOG_LEVEL": os.environ.get("AJC_TEST_SERVER_LOG_LEVEL", "CRITICAL"),
            "DJANGO_MEDIA_ROOT": str(ROOT / "media-test-unused"),
            **env_overrides,
        }
    )
    process = subprocess.Popen(  # noqa: S603 - our own server
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "ajc.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            str(threads),
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(os.environ["AJC_TEST_SERVER_LOG"], "ab")  # noqa: SIM115
        if os.environ.get("AJC_TEST_SERVER_LOG")
        else subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            if process.poll() is not None or time.monotonic() > deadline:
                log = process.stderr.read().decode()[-3000:] if process.stderr else ""
                raise AssertionError(log)
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# Finding 1: two processes, one shared cache ----------------------------------------------------


def test_two_server_processes_never_serve_unpublished_content(postgresql, redis_url, settings):
    # This process writes to the same cache as the servers, as an admin's worker would.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "TIMEOUT": 60 * 60 * 24,
        }
    }
    theme = ThemeFactory(slug="stale-check", name="Stale check", featured=True)
    session = SessionFactory(subject=f"The {DRAFT_WORD} session")
    text = f"{DRAFT_WORD} {{}} about the orangery."
    FindingFactory(session=session, text=text.format("finding"), themes=[theme])
    risk = RiskFactory(session=session, text=text.format("risk"), themes=[theme])
    recommendation = RecommendationFactory(
        session=session, text=text.format("recommendation"), themes=[theme]
    )
    recommendation.answers.add(risk)
    relinked(recommendation)
    # Another public session, so the pages have something to show once the draft is gone.
    FindingFactory(text="A public learning point that stays.", themes=[theme])

    pages = [
        "/",
        "/findings/",
        "/findings/?q=orangery",
        "/findings/feed/",
        "/findings/risks/",
        "/findings/recommendations/",
        f"/findings/themes/{theme.slug}/",
    ]
    env = {"DATABASE_URL": database_url(postgresql), "REDIS_URL": redis_url}
    with server(env) as first, server(env) as second:
        for port in (first, second):
            for page in pages:
                status, body, _ = get(port, page)
                assert status == 200, (port, page, status)
                assert DRAFT_WORD in body, f"{page} does not show the session while published"

        # "Unpublish", as the admin does it: content_changed moves the revision on.
        saved(session, visibility=Visibility.DRAFT)

        stale = []
        for page in pages:
            for n in range(15):
                port = (first, second)[n % 2]
                status, body, _ = get(port, page)
                if DRAFT_WORD in body:
                    stale.append((port, page, status))
        assert stale == [], f"{len(stale)} responses still held the unpublished text: {stale}"


# Finding 4: a database that stops answering -----------------------------------------------------


def test_a_hung_database_is_a_503_within_seconds_and_static_files_do_not_wait(postgresql):
    FindingFactory(text="A public learning point.")
    proxy = FreezableProxy((postgresql["HOST"] or "127.0.0.1", int(postgresql["PORT"] or 5432)))
    env = {
        "DATABASE_URL": database_url(postgresql, port=proxy.port),
        "DATABASE_STATEMENT_TIMEOUT": "1",
        "DATABASE_CONNECT_TIMEOUT": "2",
        # WhiteNoise serves from the app's static folders (no collectstatic needed).
        "DJANGO_DEBUG": "1",
    }
    try:
        with server(env, threads=4) as port:
            assert get(port, "/findings/")[0] == 200
            assert get(port, "/health/")[0] == 200
            proxy.freeze()

            results = {}

            def ask(name, path):
                results[name] = get(port, path, timeout=40)

            page = threading.Thread(target=ask, args=("page", "/findings/?q=partnership"))
            page.start()
            time.sleep(0.3)  # the page is now waiting for the database
            status, body, seconds = get(port, "/static/css/site.css", timeout=40)
            assert status == 200 and seconds < 2, (status, seconds)
            page.join(timeout=45)
            status, body, seconds = results["page"]
            assert status == 503, (status, body[-500:])
            assert seconds < 12, f"the 503 took {seconds:.1f} s"
            assert "Temporarily unavailable" in body

            status, body, seconds = get(port, "/health/", timeout=40)
            assert status == 503 and seconds < 12, (status, seconds)
    finally:
        proxy.close()
