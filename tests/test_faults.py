"""With the database unreachable the site answers 503 with a plain message, never a traceback,
and the health endpoint says what is wrong.

The real fault: a separate Python process whose DATABASE_URL points at a closed port, so the
driver itself fails to connect, exactly as it would when PostgreSQL is down.
"""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from ajc.middleware import UNAVAILABLE_MESSAGE

from .factories import FindingFactory

pytestmark = pytest.mark.processes
ROOT = Path(__file__).resolve().parent.parent

# Runs inside the child process: requests through Django's test client, answers as JSON.
PROBE = """
import json, sys
import django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
client = Client(raise_request_exception=False)
if sys.argv[1] == "signed-in":
    client.cookies["sessionid"] = "a" * 32
results = {}
for url in sys.argv[2:]:
    response = client.get(url)
    results[url] = {
        "status": response.status_code,
        "headers": dict(response.headers),
        "body": response.content.decode(),
    }
print(json.dumps(results))
"""


def closed_port() -> int:
    # A port that was free a moment ago and that nothing listens on.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def probe(*urls, signed_in=False):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ajc.settings",
        "AJC_ENV": "development",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed_port()}/ajc_unreachable",
        "DJANGO_LOG_LEVEL": "CRITICAL",
    }
    completed = subprocess.run(  # noqa: S603 - our own probe
        [sys.executable, "-c", PROBE, "signed-in" if signed_in else "anonymous", *urls],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(completed.stdout)


@pytest.fixture(scope="module")
def unreachable():
    return probe(
        "/",
        "/findings/",
        "/findings/1/",
        "/groups/pilot-learning-group/sessions/1/",
        "/health/",
    )


def test_pages_answer_503_with_a_plain_message(unreachable):
    for url in ["/", "/findings/", "/findings/1/", "/groups/pilot-learning-group/sessions/1/"]:
        result = unreachable[url]
        assert result["status"] == 503, url
        assert "temporarily unavailable" in result["body"], url
        assert "<h1>" in result["body"]
        assert "Traceback" not in result["body"]
        assert "OperationalError" not in result["body"]
        assert "5432" not in result["body"] and "127.0.0.1" not in result["body"]
        assert int(result["headers"]["Retry-After"]) > 0
        # The 503 still carries the security headers.
        assert "default-src 'none'" in result["headers"]["Content-Security-Policy"]


def test_a_signed_in_visitor_gets_the_503_too():
    # With a session cookie the first thing to need the database is the session itself.
    result = probe("/findings/", signed_in=True)["/findings/"]
    assert result["status"] == 503
    assert "Traceback" not in result["body"]


def test_health_reports_the_database_unavailable(unreachable):
    result = unreachable["/health/"]
    assert result["status"] == 503
    body = json.loads(result["body"])
    assert body["status"] == body["database"] == "unavailable"
    assert "no-cache" in result["headers"]["Cache-Control"]


@pytest.mark.django_db
def test_health_reports_ok_when_the_database_answers(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_health_accepts_only_safe_methods(client):
    assert client.post(reverse("health")).status_code == 405


@pytest.mark.django_db
def test_a_database_error_in_a_view_gives_the_503_page(client):
    item = FindingFactory()
    with mock.patch(
        "findings.views.item.get_object_or_404", side_effect=OperationalError("server closed")
    ):
        response = client.get(item.get_absolute_url())
    assert response.status_code == 503
    assert UNAVAILABLE_MESSAGE.split(".")[0] in response.content.decode()
    assert "server closed" not in response.content.decode()


@pytest.mark.django_db
def test_a_database_error_outside_the_view_gives_the_503_page(facilitator):
    # A facilitator's session is saved on the way out of every request (the idle window
    # slides); when that write fails Django has already made a 500 of it by the time it
    # reaches our middleware, which must still answer 503.
    client = Client(raise_request_exception=False)
    client.force_login(facilitator)
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.save",
        side_effect=OperationalError("connection lost"),
    ):
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert "temporarily unavailable" in response.content.decode()
    assert "connection lost" not in response.content.decode()


@pytest.mark.django_db
def test_other_errors_are_not_disguised_as_503(client):
    client.raise_request_exception = False
    with mock.patch("findings.views.item.get_object_or_404", side_effect=RuntimeError("bug")):
        response = client.get("/findings/1/")
    assert response.status_code == 500
