"""Issue 9, findings 5, 10 and 12: what every URL refuses before any view runs, the password
reset that no longer exists, and the admin history page under the CSP."""

import re

import pytest
from django.urls import reverse

from .factories import FacilitatorFactory, FindingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Finding 5: control characters are a 400 before they reach a cache key or the database --------


@pytest.mark.parametrize(
    "query", ["page=%00", "page=1%00", "q=risk%00", "q=%01", "%00=1", "page=%7f"]
)
def test_a_control_character_in_the_findings_query_is_a_400(client, query):
    response = client.get(f"/findings/?{query}")
    assert response.status_code == 400
    assert "control character" in response.content.decode()


def test_a_nul_in_the_admin_autocomplete_term_is_a_400(client):
    client.force_login(FacilitatorFactory(username="facilitator"))
    response = client.get(
        "/admin/autocomplete/",
        {"term": "\x00", "app_label": "findings", "model_name": "finding", "field_name": "themes"},
    )
    assert response.status_code == 400


def test_a_nul_in_a_posted_form_is_a_400(client):
    response = client.post(reverse("login"), {"username": "member\x00", "password": "x"})
    assert response.status_code == 400


def test_a_nul_in_the_path_is_a_400(client):
    assert client.get("/findings/%00/").status_code == 400


def test_line_breaks_and_tabs_in_a_form_are_text_not_refused(client):
    response = client.post(reverse("login"), {"username": "a\tb", "password": "line\r\nbreak"})
    assert response.status_code == 200


# Finding 12: TRACE is refused everywhere -------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/", "/findings/", "/accounts/login/", "/admin/", "/health/", "/no/such/page/"]
)
def test_trace_is_405_on_every_url(client, url):
    response = client.generic("TRACE", url)
    assert response.status_code == 405
    assert "TRACE" not in response["Allow"]


# Finding 10: no password reset (people ask a facilitator) --------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/password_reset/",
        "/accounts/password_reset/done/",
        "/accounts/reset/MQ/set-password/",
        "/accounts/password_change/",
    ],
)
def test_password_reset_and_change_pages_do_not_exist(client, url):
    assert client.get(url).status_code == 404
    assert client.post(url, {"email": "someone@example.org"}).status_code == 404


def test_sign_in_and_out_still_work(client, django_user_model):
    django_user_model.objects.create_user("member", password="a long enough passphrase")
    response = client.post(
        reverse("login"), {"username": "member", "password": "a long enough passphrase"}
    )
    assert response.status_code == 302
    assert client.post(reverse("logout")).status_code == 302


# Finding 12: the admin history page has nothing the CSP blocks ---------------------------------


def test_the_admin_history_page_has_no_inline_style(client, superuser):
    item = FindingFactory()
    client.force_login(superuser)
    response = client.get(reverse("admin:findings_finding_history", args=[item.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "history" in page.lower()
    assert not re.search(r"<[^>]+\sstyle\s*=", page), "an inline style attribute"
    for element in re.findall(r"<style\b[^>]*>", page):
        assert "nonce=" in element, element
