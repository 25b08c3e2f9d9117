"""Issue 26, point 3: security keys and passkeys (WebAuthn) in Chromium, with a virtual
authenticator (Chrome DevTools' WebAuthn domain) standing in for the key. A facilitator with no
second factor adds a passkey on the way to the admin; then signs in with the passkey alone and
reaches the admin, and with password and key. Every page on the way has no axe violations at
1280 and 320 px and speaks British sentence case."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from .factories import FacilitatorFactory
from .support import title_case_words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long enough passphrase"


def add_virtual_authenticator(page):
    """A platform authenticator (like a phone's or laptop's) that keeps passkeys and checks its
    owner, answering without a person touching it."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }
    return cdp, cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})


class Checks:
    """Axe and the heading rule on each page a person passes, gathered to report at the end."""

    def __init__(self, page):
        self.page, self.failures = page, {}

    def __call__(self, name):
        self.page.wait_for_load_state()
        results = Axe().run(self.page)
        if results.violations_count:
            self.failures[f"{name}: axe"] = results.generate_report()
        for heading in [self.page.title(), *self.page.locator("h1").all_inner_texts()]:
            if title_case_words(heading.removesuffix(" – AJC learning groups")):
                self.failures[f"{name}: heading"] = heading
        if self.page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            self.failures[f"{name}: reflow"] = "scrolls sideways"


def sign_in_with_password(page, url, username):
    page.goto(url + reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def sign_out(page, url):
    page.goto(url + reverse("home"))
    page.get_by_role("button", name=re.compile("Sign out")).first.click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


@pytest.mark.parametrize("width", [1280, 320])
def test_a_facilitator_adds_a_passkey_and_signs_in_with_it(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    url = live_server.url
    assert url.startswith("http://localhost:"), "WebAuthn needs a secure origin: localhost is one"
    fran = FacilitatorFactory(username="fran", email="fran@example.org", second_factor=False)
    EmailAddress.objects.create(user=fran, email=fran.email, verified=True, primary=True)
    cdp, _ = add_virtual_authenticator(page)
    check = Checks(page)
    # allauth's WebAuthn scripts run under the site's CSP, which allows no inline script.
    refused = []
    page.on("console", lambda m: "Content Security Policy" in m.text and refused.append(m.text))

    # Password alone: the admin sends a facilitator without a second factor to set one up.
    sign_in_with_password(page, url, "fran")
    page.goto(url + reverse("admin:index"))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    page.get_by_role("link", name="Add a security key or passkey instead").click()
    expect(page.get_by_role("heading", name="Add a security key or passkey")).to_be_visible()
    check("add a key")
    page.get_by_label("Name").fill("Laptop")
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add", exact=True).click()
    # The first key comes with recovery codes, as an authenticator app does.
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    key = Authenticator.objects.get(user=fran, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().is_passwordless
    page.goto(url + reverse("admin:index"))
    expect(page.get_by_role("heading", name=re.compile("Write up and publish"))).to_be_visible()
    for name, path in {
        "two-factor": reverse("mfa_index"),
        "keys": reverse("mfa_list_webauthn"),
        "rename a key": reverse("mfa_edit_webauthn", args=[key.pk]),
        "remove a key": reverse("mfa_remove_webauthn", args=[key.pk]),
    }.items():
        page.goto(url + path)
        check(name)
    sign_out(page, url)

    # The passkey alone: it checked its owner (fingerprint, PIN), so it is both factors.
    response = page.goto(url + reverse("login"))
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    check("sign in, with a passkey offered")
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.get_by_role("button", name=re.compile("Sign out"))).to_be_visible()
    page.goto(url + reverse("admin:index"))
    expect(page.get_by_role("heading", name=re.compile("Write up and publish"))).to_be_visible()
    sign_out(page, url)

    # Password, then the key as the second factor.
    sign_in_with_password(page, url, "fran")
    expect(page.get_by_role("heading", name="Two-factor authentication")).to_be_visible()
    check("second factor, with a key offered")
    page.get_by_role("button", name="Use a security key or passkey").click()
    expect(page.get_by_role("button", name=re.compile("Sign out"))).to_be_visible()
    page.goto(url + reverse("admin:index"))
    expect(page.get_by_role("heading", name=re.compile("Write up and publish"))).to_be_visible()
    key.refresh_from_db()
    assert key.last_used_at
    assert not refused, refused
    assert not check.failures, "\n\n".join(f"{k}:\n{v}" for k, v in check.failures.items())
