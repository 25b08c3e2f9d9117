"""Figures and report PDFs in S3-compatible object storage (django-storages), against a real
S3 server on loopback (moto's server, over HTTP): what a reader may not see is still refused,
and a PDF outlives the shared cache."""

import io
import os
import socket
import subprocess
import sys

import boto3
import pytest
from django.conf import settings as django_settings
from django.core.cache import cache as django_cache
from django.core.files.base import ContentFile
from django.urls import reverse
from moto.server import ThreadedMotoServer
from PIL import Image

from ajc.visibility import Reader
from reports import tasks
from reports.report import select_report
from sessions.models import Figure

from .factories import FindingFactory, SessionFactory

pytestmark = [pytest.mark.processes, pytest.mark.django_db]

BUCKET = "ajc-test-bucket"
KEYS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """A fresh private bucket, and STORAGES as ajc.settings builds them from the environment."""
    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="eu-west-2", **_keys())
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    settings.STORAGES = storages_from_environment(s3_endpoint)
    yield client
    for stored in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=stored["Key"])
    client.delete_bucket(Bucket=BUCKET)


def _keys():
    return {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def storages_from_environment(endpoint) -> dict:
    """Run ajc.settings in a process of its own with the bucket's variables, and take its
    STORAGES: the test uses exactly what the environment configures."""
    environment = {
        **os.environ,
        **KEYS,
        "AJC_S3_BUCKET": BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": "eu-west-2",
        "DJANGO_SETTINGS_MODULE": "ajc.settings",
    }
    environment.pop("AJC_ENV", None)
    script = "import json; from ajc import settings; print(json.dumps(settings.STORAGES))"
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", script],
        env=environment,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        check=True,
        text=True,
    )
    import json

    return json.loads(result.stdout)


def object_keys(client) -> list[str]:
    return [stored["Key"] for stored in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (20, 60, 120)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_environment_puts_figures_and_pdfs_in_the_bucket(bucket, settings):
    assert settings.STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert settings.STORAGES["default"]["OPTIONS"]["location"] == "media"
    assert settings.STORAGES["reports"]["OPTIONS"]["location"] == "reports"
    assert settings.STORAGES["reports"]["OPTIONS"]["default_acl"] == "private"


def test_without_a_bucket_figures_stay_on_the_file_system():
    assert django_settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")
    assert "reports" not in django_settings.STORAGES


def test_a_figure_is_stored_in_the_bucket_and_served_only_to_who_may_see_it(client, bucket):
    public = SessionFactory()
    draft = SessionFactory(group=public.group, visibility="draft")
    for session in (public, draft):
        figure = Figure(session=session, number=1, caption="Flow", alt_text="A flow")
        figure.image.save("figure.png", ContentFile(png()))
    keys = object_keys(bucket)
    assert len(keys) == 2
    assert all(key.startswith("media/figures/") for key in keys)

    def figure_url(session):
        return reverse(
            "reports:figure",
            kwargs={"group_slug": session.group.slug, "number": session.number, "figure_number": 1},
        )

    response = client.get(figure_url(public))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png()
    assert client.get(figure_url(draft)).status_code == 404


def test_a_pdf_is_kept_in_the_bucket_and_outlives_the_cache(client, bucket):
    session = SessionFactory()
    FindingFactory(session=session, text="A learning point kept in object storage.")
    url = reverse(
        "reports:session_pdf",
        kwargs={"group_slug": session.group.slug, "number": session.number},
    )
    response = client.get(url)  # the immediate task backend renders it in this request
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    keys = object_keys(bucket)
    assert len(keys) == 1
    assert keys[0].startswith("reports/report-pdf/")
    assert bucket.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read() == response.content

    django_cache.clear()  # a restart of Redis, say: the PDF is still there, and not redone
    selection = select_report(Reader("public"), session.group, [session.number])
    assert tasks.ready_pdf(selection) == response.content
    assert client.get(url).content == response.content
    assert len(object_keys(bucket)) == 1


def test_an_unpublished_sessions_pdf_in_the_bucket_is_refused(client, bucket):
    session = SessionFactory()
    FindingFactory(session=session)
    url = reverse(
        "reports:session_pdf",
        kwargs={"group_slug": session.group.slug, "number": session.number},
    )
    assert client.get(url).status_code == 200
    session.visibility = "draft"
    session.save()
    assert client.get(url).status_code == 404
    assert len(object_keys(bucket)) == 1  # still stored, never served


def test_a_failed_render_is_remembered_and_nothing_is_stored(client, bucket, monkeypatch):
    session = SessionFactory()
    calls = []

    def broken(report):
        calls.append(1)
        raise RuntimeError("pango exploded")

    monkeypatch.setattr(tasks, "render_pdf", broken)
    url = reverse(
        "reports:session_pdf",
        kwargs={"group_slug": session.group.slug, "number": session.number},
    )
    assert client.get(url).status_code == 503
    assert client.get(url).status_code == 503
    assert len(calls) == 1
    assert object_keys(bucket) == []


def test_a_bucket_that_cannot_be_reached_is_a_clear_answer_not_a_500(
    client, settings, monkeypatch, caplog
):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    for name, value in {**KEYS, "AWS_MAX_ATTEMPTS": "1"}.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = storages_from_environment(closed)
    session = SessionFactory()
    FindingFactory(session=session)
    Figure.objects.create(
        session=session, number=1, image="figures/gone.png", caption="Flow", alt_text="A flow"
    )
    figure = client.get(
        reverse(
            "reports:figure",
            kwargs={"group_slug": session.group.slug, "number": session.number, "figure_number": 1},
        )
    )
    assert figure.status_code == 503
    assert "cannot be shown just now" in figure.text
    report = client.get(
        reverse(
            "reports:session_pdf",
            kwargs={"group_slug": session.group.slug, "number": session.number},
        )
    )
    assert report.status_code == 503
    assert "could not be prepared" in report.text
    assert "Could not read the PDF" in caplog.text
