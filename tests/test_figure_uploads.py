"""Figures: images only, checked by content, size-limited, re-encoded, stored under new names."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from sessions.models import Figure

from .factories import SessionFactory

pytestmark = pytest.mark.django_db


def png_bytes(size=(40, 30), fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 60, 120)).save(buffer, format=fmt)
    return buffer.getvalue()


def post_figure(
    client, session, content, name="figure.png", content_type="image/png", alt="A flow"
):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(
        reverse("admin:ajc_sessions_figure_add"),
        {
            "session": session.pk,
            "number": 1,
            "image": upload,
            "caption": "Figure 1",
            "alt_text": alt,
        },
    )


def test_a_real_image_is_re_encoded_and_stored_under_a_generated_name(client, facilitator):
    session = SessionFactory()
    client.force_login(facilitator)
    jpeg_with_trailer = png_bytes(fmt="JPEG") + b"<script>alert(1)</script>"
    response = post_figure(client, session, jpeg_with_trailer, name="../../evil.php.jpg")
    assert response.status_code == 302
    figure = Figure.objects.get()
    assert figure.image.name.startswith("figures/")
    assert figure.image.name.endswith(".png")
    assert "evil" not in figure.image.name
    stored = figure.image.read()
    assert stored.startswith(b"\x89PNG")
    assert b"<script>" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (40, 30)


@pytest.mark.parametrize(
    "content,name,content_type",
    [
        (b"<?php system($_GET['c']); ?>", "shell.png", "image/png"),
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "x.svg", "image/svg+xml"),
        (b"%PDF-1.4 not an image", "doc.png", "image/png"),
        (b"", "empty.png", "image/png"),
    ],
)
def test_anything_that_is_not_an_image_is_refused(client, facilitator, content, name, content_type):
    session = SessionFactory()
    client.force_login(facilitator)
    response = post_figure(client, session, content, name=name, content_type=content_type)
    assert response.status_code == 200
    assert not Figure.objects.exists()
    assert "errorlist" in response.content.decode()


def test_an_oversized_upload_is_refused_with_a_message(client, facilitator, monkeypatch):
    monkeypatch.setattr("sessions.admin_forms.MAX_FIGURE_BYTES", 100)
    session = SessionFactory()
    client.force_login(facilitator)
    response = post_figure(client, session, png_bytes(size=(200, 200)))
    assert response.status_code == 200
    assert "larger than 5 MB" in response.content.decode()
    assert not Figure.objects.exists()


def test_alt_text_is_required(client, facilitator):
    session = SessionFactory()
    client.force_login(facilitator)
    response = post_figure(client, session, png_bytes(), alt="")
    assert response.status_code == 200
    assert not Figure.objects.exists()
