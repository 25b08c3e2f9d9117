"""Production settings: Django's deployment checklist finds nothing, and a production process
really redirects to HTTPS, sends HSTS and sets only secure, HttpOnly, SameSite cookies.

Each check runs in its own process with AJC_ENV=production, as the container does.
"""

import gzip
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.processes
ROOT = Path(__file__).resolve().parent.parent
ONE_YEAR = 60 * 60 * 24 * 365


def production_env(tmp_path, **overrides) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "AJC_", "DATABASE_"))
    }
    env.update(
        {
            "AJC_ENV": "production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
            "DJANGO_ALLOWED_HOSTS": "example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
            "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
            "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
            "DJANGO_LOG_LEVEL": "ERROR",
        }
    )
    env.update(overrides)
    return env


def manage(tmp_path, *args, **env_overrides):
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=production_env(tmp_path, **env_overrides),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_finds_nothing(tmp_path):
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_its_secrets(tmp_path, missing):
    result = manage(tmp_path, "check", **{missing: ""})
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


# Runs in the production process: requests through Django's test client, answers as JSON.
PROBE = """
import json
import django
django.setup()
from django.conf import settings
# Hashed names as in production, without WhiteNoise's compression of every admin file (20 s):
# the headers and cookies under test do not depend on it.
settings.STORAGES["staticfiles"]["BACKEND"] = (
    "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
)
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("collectstatic", verbosity=0, interactive=False)
from django.contrib.auth import get_user_model
get_user_model().objects.create_user("member", password="a long enough passphrase")
from django.test import Client
client = Client(HTTP_HOST="example.org")
out = {}
plain = client.get("/accounts/login/")
out["http"] = {"status": plain.status_code, "location": plain.get("Location")}
health = client.get("/health/")
out["health_over_http"] = {"status": health.status_code}
page = client.get("/accounts/login/", secure=True)
out["https"] = {"status": page.status_code, "headers": dict(page.headers)}
client.post(
    "/accounts/login/",
    {"username": "member", "password": "not the passphrase"},
    secure=True,
)
login = client.post(
    "/accounts/login/",
    {"username": "member", "password": "a long enough passphrase"},
    secure=True,
)
out["login"] = {"status": login.status_code}

import gzip
def compression(path, **headers):
    response = client.get(path, secure=True, **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return {
        "status": response.status_code,
        "encoding": response.get("Content-Encoding"),
        "vary": response.get("Vary", ""),
        "type": response.get("Content-Type"),
        "start": body[:200].decode(errors="replace"),
    }
out["compression"] = {
    "page": compression("/findings/", HTTP_ACCEPT_ENCODING="gzip, deflate, br"),
    "page_without_gzip": compression("/findings/", HTTP_ACCEPT_ENCODING="identity"),
    "csv": compression("/findings/download.csv", HTTP_ACCEPT_ENCODING="gzip"),
    "not_found": compression("/no-such-page/", HTTP_ACCEPT_ENCODING="gzip"),
}
out["cookies"] = {
    name: {
        "secure": bool(morsel["secure"]),
        "httponly": bool(morsel["httponly"]),
        "samesite": morsel["samesite"],
        "path": morsel["path"],
        "domain": morsel["domain"],
    }
    for name, morsel in client.cookies.items()
}
from ajc import warming
out["warming"] = {"paths": len(warming.paths()), "done": warming.warm()}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("production")
    result = subprocess.run(  # noqa: S603 - our own probe
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**production_env(tmp_path), "DJANGO_SETTINGS_MODULE": "ajc.settings"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    out["log"] = result.stderr
    return out


def test_logs_are_json_lines_with_security_events_and_no_secret(production):
    lines = [json.loads(line) for line in production["log"].splitlines() if line.strip()]
    events = [line.get("event") for line in lines if line["logger"] == "ajc.security"]
    assert events == ["login_failed", "login"]
    assert "passphrase" not in production["log"]


def test_after_a_narrowing_edit_a_production_process_computes_every_page_ahead(production):
    """``ajc.warming`` asks for its pages as a reader behind the proxy would: none is
    redirected to HTTPS or refused for its host name."""
    assert production["warming"]["done"] == production["warming"]["paths"] >= 6


def test_plain_http_is_redirected_to_https(production):
    assert production["http"]["status"] == 301
    assert production["http"]["location"] == "https://example.org/accounts/login/"


def test_the_health_check_answers_over_plain_http(production):
    # A load balancer polls it inside the private network, without TLS.
    assert production["health_over_http"]["status"] == 200


def test_https_responses_send_hsts_for_a_year_with_subdomains(production):
    headers = production["https"]["headers"]
    assert production["https"]["status"] == 200
    hsts = dict(
        part.strip().partition("=")[::2] for part in headers["Strict-Transport-Security"].split(";")
    )
    assert int(hsts["max-age"]) >= ONE_YEAR
    assert "includeSubDomains" in hsts
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "default-src 'none'" in headers["Content-Security-Policy"]


def test_every_cookie_is_secure_httponly_and_samesite(production):
    assert production["login"]["status"] == 302
    cookies = production["cookies"]
    assert set(cookies) == {"__Host-ajc_session", "__Host-ajc_csrftoken"}
    for name, cookie in cookies.items():
        assert cookie["secure"], name
        assert cookie["httponly"], name
        assert cookie["samesite"] in {"Lax", "Strict"}, name
        # What the __Host- prefix requires of the cookie, or browsers drop it.
        assert cookie["path"] == "/" and not cookie["domain"], name


def test_pages_are_gzipped_for_clients_that_accept_it(production):
    page = production["compression"]["page"]
    assert page["status"] == 200
    assert page["encoding"] == "gzip"
    assert "Accept-Encoding" in page["vary"]
    assert page["start"].lower().startswith("<!doctype html>")


def test_pages_are_sent_plain_to_clients_that_do_not_accept_gzip(production):
    page = production["compression"]["page_without_gzip"]
    assert page["status"] == 200
    assert page["encoding"] is None
    assert "Accept-Encoding" in page["vary"]
    assert page["start"].lower().startswith("<!doctype html>")


def test_streamed_downloads_and_error_pages_are_gzipped_too(production):
    csv = production["compression"]["csv"]
    assert csv["status"] == 200 and csv["type"].startswith("text/csv")
    assert csv["encoding"] == "gzip"
    assert csv["start"].splitlines()[0].strip(), "the decompressed CSV starts with its header row"
    not_found = production["compression"]["not_found"]
    assert not_found["status"] == 404
    assert not_found["encoding"] == "gzip"


@pytest.mark.parametrize(
    ("content_type", "compressed"),
    [
        ("text/html; charset=utf-8", True),
        ("application/json", True),
        ("application/pdf", False),
        ("image/png", False),
    ],
)
def test_compression_is_for_text_only(rf, content_type, compressed):
    from django.http import HttpResponse

    from ajc.middleware import TextCompressionMiddleware

    body = b"The group agreed that payment by results needs care. " * 20

    def view(request):
        response = HttpResponse(body, content_type=content_type)
        response["ETag"] = '"v1"'
        return response

    response = TextCompressionMiddleware(view)(rf.get("/", HTTP_ACCEPT_ENCODING="gzip"))
    assert (response.get("Content-Encoding") == "gzip") is compressed
    if compressed:
        assert gzip.decompress(response.content) == body
        assert response["ETag"] == 'W/"v1"'  # a compressed body is not byte for byte the same
    else:
        # A PDF keeps its strong ETag and its bytes.
        assert response.content == body and response["ETag"] == '"v1"'


# The image's own commands, run here as the container would (no Docker engine on CI) ----------


def dockerfile_instruction(name: str) -> list[str]:
    """The exec (JSON array) form of a Dockerfile instruction: CMD, or HEALTHCHECK's CMD."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    for line in text.splitlines():
        if line.startswith(name + " "):
            return json.loads(line[line.index("[") :])
    raise AssertionError(f"no {name} in the Dockerfile")


def image_tree(tmp_path) -> Path:
    """The image's /app as the Dockerfile's COPY lines build it, and its static files collected
    as its build step does: what runs there is only what the image holds."""
    import shutil

    app = tmp_path / "app"
    app.mkdir()
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if not line.startswith("COPY "):
            continue
        *sources, destination = line.split()[1:]
        for source in sources:
            target = app / destination / source if destination.endswith("/") else app / destination
            if (ROOT / source).is_dir():
                shutil.copytree(ROOT / source, target, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(ROOT / source, target)
    result = subprocess.run(  # noqa: S603 - the image's own build step
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=app,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return app


def test_the_image_holds_every_app_the_site_installs(tmp_path):
    """Each project app in INSTALLED_APPS is copied into the image (an app left out would stop
    the container at start, and no Docker engine here would show it)."""
    from django.conf import settings

    packages = {app.split(".")[0] for app in settings.INSTALLED_APPS}
    local = {name for name in packages if (ROOT / name / "__init__.py").exists()}
    copied = {
        source
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if line.startswith("COPY ")
        for source in line.split()[1:-1]
    }
    assert local - copied == set()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_images_gunicorn_command_serves_and_passes_its_healthcheck(tmp_path):
    import time

    command = dockerfile_instruction("CMD")
    assert command[:2] == ["gunicorn", "ajc.wsgi"]
    port = free_port()
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    command[0] = str(Path(sys.executable).parent / "gunicorn")
    env = production_env(tmp_path, WEB_CONCURRENCY="1")
    app = image_tree(tmp_path)
    migrate = subprocess.run(  # noqa: S603 - the image's own manage.py
        [sys.executable, "manage.py", "migrate", "--noinput"], cwd=app, env=env, capture_output=True
    )
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    server = subprocess.Popen(  # noqa: S603 - the Dockerfile's own command
        command, cwd=app, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        healthcheck = dockerfile_instruction("HEALTHCHECK")
        assert healthcheck[0] == "python"
        probe = [sys.executable, *healthcheck[1:]]
        probe[-1] = probe[-1].replace("127.0.0.1:8000", f"127.0.0.1:{port}")
        deadline = time.monotonic() + 60
        while True:
            result = subprocess.run(  # noqa: S603 - the Dockerfile's own healthcheck
                probe, cwd=app, env=env, capture_output=True, text=True
            )
            if result.returncode == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert result.returncode == 0, result.stderr[-2000:]
    finally:
        server.terminate()
        server.wait(timeout=30)
