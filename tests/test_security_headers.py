"""Every response carries the security headers, the admin's included, and the admin works
under the strict Content Security Policy in a real browser."""

import re

import pytest
from django.urls import reverse

from .factories import FindingFactory, SessionFactory, ThemeFactory
from .support import pass_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    theme = ThemeFactory(slug="pbr", name="Payment by results")
    session = SessionFactory()
    item = FindingFactory(session=session, themes=[theme])
    return {"session": session, "item": item, "theme": theme}


def public_urls(content):
    session = content["session"]
    return [
        reverse("home"),
        reverse("sessions:group_detail", kwargs={"group_slug": session.group.slug}),
        session.get_absolute_url(),
        reverse("findings:item_list"),
        content["item"].get_absolute_url(),
        content["theme"].get_absolute_url(),
        reverse("login"),
        # The admin's sign-in sends people to the site's; allauth's pages carry the headers too.
        reverse("account_reset_password"),
        "/findings/999999/",  # a 404 page too
    ]


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response):
    directives = csp_directives(response)
    assert directives["default-src"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives[directive]
        assert "'unsafe-eval'" not in directives[directive]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in {"strict-origin-when-cross-origin", "same-origin"}
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_public_pages_carry_the_security_headers(client, content):
    for url in public_urls(content):
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        assert_security_headers(response)


def test_admin_pages_carry_the_security_headers(client, facilitator, content):
    client.force_login(facilitator)
    urls = [
        reverse("admin:index"),
        reverse("admin:ajc_sessions_session_changelist"),
        reverse("admin:ajc_sessions_session_change", args=[content["session"].pk]),
        reverse("admin:findings_finding_change", args=[content["item"].pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)


def test_a_nonce_is_fresh_on_each_response(client, content, facilitator):
    # The admin's sign-in now sends people to the site's: its index page asks for a nonce.
    client.force_login(facilitator)
    nonces = set()
    for _ in range(2):
        response = client.get(reverse("admin:index"))
        script_src = " ".join(csp_directives(response)["script-src"])
        nonces.update(re.findall(r"'nonce-([^']+)'", script_src))
    # The admin's pages ask for a nonce, and no two responses share one.
    assert len(nonces) == 2


def test_health_and_error_pages_carry_the_headers(client):
    assert_security_headers(client.get(reverse("health")))
    assert_security_headers(client.get("/no/such/page/"))


def test_cookies_are_httponly_and_samesite(client, member):
    client.get(reverse("login"))
    response = client.post(
        reverse("login"), {"username": "member", "password": "a long enough passphrase"}
    )
    assert response.status_code == 302
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"


@pytest.mark.browser
def test_admin_and_public_pages_raise_no_csp_violation_in_a_browser(
    live_server, page, superuser, content
):
    """Chromium reports every Content Security Policy violation on the console."""
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.goto(live_server.url + reverse("admin:login"))
    # A superuser rather than a facilitator: the facilitators' group comes from a data
    # migration, which an earlier transactional test's flush may have emptied.
    page.fill("#id_username", superuser.username)
    page.fill("#id_password", "a long passphrase")
    page.click("main button[type=submit]")
    pass_second_factor(page)
    page.wait_for_url(re.compile(r".*/admin/$"))
    urls = [
        reverse("admin:index"),
        reverse("admin:ajc_sessions_session_changelist"),
        reverse("admin:ajc_sessions_session_change", args=[content["session"].pk]),
        reverse("admin:ajc_sessions_session_add"),
        reverse("admin:findings_finding_change", args=[content["item"].pk]),
        reverse("admin:findings_theme_changelist"),
        *public_urls(content)[:7],
    ]
    for url in urls:
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
    assert violations == []
