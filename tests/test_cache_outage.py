"""The shared cache down, hung or emptied (issue 25, findings 1, 2 and 10), against a real Redis
server each test starts, stops, freezes (SIGSTOP) and thaws itself.

- An edit made while the cache cannot be reached is refused with a 503 that says nothing was
  changed, and is rolled back: once the cache is back, nothing it would have hidden is served.
- Readers are answered within two seconds while it is down or hung: pages from the database
  where they can be; ``/health/`` says the cache is unavailable (503).
"""

import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
from django.urls import reverse

from ajc import cache
from ajc.visibility import Visibility
from sessions.models import Session

from .factories import FindingFactory, SessionFactory

pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
]

WORD = "quintessentialpoint"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A throw-away Redis that keeps nothing on disk."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 (a fixed command, no shell)
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def freeze(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.thaw()
            self.process.terminate()
            self.process.wait(10)
        self.process = None


@pytest.fixture
def redis_server(settings):
    server = RedisServer()
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "TIMEOUT": 60 * 60 * 24,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    # The pause after a failure is this process's: start each test without one.
    cache._GuardedCache._down_until = 0.0
    yield server
    server.stop()
    cache._GuardedCache._down_until = 0.0


@pytest.fixture
def published(db):
    session = SessionFactory(visibility=Visibility.PUBLIC)
    FindingFactory(session=session, text=f"A {WORD} the group agreed.")
    return session


PAGES = ("/", "/findings/")


def shows_word(client, path) -> bool:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return WORD in response.content.decode()


def unpublish(client, session):
    return client.post(
        reverse("admin:ajc_sessions_session_changelist"),
        {"action": "unpublish", "_selected_action": [session.pk]},
    )


def after_the_pause():
    """As if this process's few seconds off the cache had passed."""
    cache._GuardedCache._down_until = 0.0


@pytest.mark.parametrize("outage", ["hung", "stopped"])
def test_an_unpublish_while_the_cache_is_unreachable_is_refused_and_changes_nothing(
    client, facilitator, redis_server, published, outage
):
    reader = client.__class__()
    for path in PAGES:
        assert shows_word(reader, path)  # cached now, in Redis
    client.force_login(facilitator)
    if outage == "hung":
        redis_server.freeze()
    else:
        redis_server.stop()
    started = time.monotonic()
    response = unpublish(client, published)
    took = time.monotonic() - started
    assert response.status_code == 503
    html = response.content.decode()
    assert "cache cannot be reached" in html and "Nothing was changed" in html
    assert took < 2.0
    # Not committed without what makes the cached copies unusable: not committed at all.
    assert Session.objects.get(pk=published.pk).visibility == Visibility.PUBLIC
    if outage == "hung":
        redis_server.thaw()
    else:
        redis_server.start()
    after_the_pause()
    # Unpublished once the cache is back: from then on, nobody is shown it.
    assert unpublish(client, published).status_code == 302
    assert Session.objects.get(pk=published.pk).visibility == Visibility.DRAFT
    for path in PAGES:
        assert not shows_word(reader, path), path


@pytest.mark.parametrize("outage", ["hung", "stopped"])
def test_readers_are_answered_from_the_database_within_two_seconds(
    client, redis_server, published, outage
):
    for path in PAGES:
        assert shows_word(client, path)
    redis_server.freeze() if outage == "hung" else redis_server.stop()
    for path in (*PAGES, "/findings/feed/", published.get_absolute_url()):
        after_the_pause()  # each page as the first request of a process to meet the outage
        started = time.monotonic()
        response = client.get(path)
        assert response.status_code == 200, path
        assert time.monotonic() - started < 2.0, path
    assert WORD in client.get("/findings/").content.decode()


@pytest.mark.parametrize("outage", ["hung", "stopped"])
def test_health_reports_the_cache(client, redis_server, db, outage):
    assert client.get(reverse("health")).json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
    }
    redis_server.freeze() if outage == "hung" else redis_server.stop()
    started = time.monotonic()
    response = client.get(reverse("health"))
    assert time.monotonic() - started < 2.0
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}
