"""Issue 26: every allauth page a member or facilitator can reach speaks British English in
sentence case ("Forgotten your password?", "Two-factor authentication"), never allauth's US
Title Case ("Sign In", "Email Addresses"): each page's <title> and <h1> are checked."""

import re
from html import unescape

import pyotp
import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from .factories import TOTP_SECRET, FacilitatorFactory, UserFactory
from .support import title_case_words

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase"
SITE = " – AJC learning groups"

SIGNED_OUT = {
    "sign in": reverse("login"),
    "emailed code": reverse("account_request_login_code"),
    "forgotten password": reverse("account_reset_password"),
    "reset link sent": reverse("account_reset_password_done"),
    "reset link, bad": reverse("account_reset_password_from_key", args=["x", "y-z"]),
    "reset done": reverse("account_reset_password_from_key_done"),
    "no sign-up": reverse("account_signup"),
    "email confirmation, bad": reverse("account_confirm_email", args=["nope"]),
    "account inactive": reverse("account_inactive"),
}
SIGNED_IN = {
    "email addresses": reverse("account_email"),
    "change password": reverse("account_change_password"),
    "password again": reverse("account_reauthenticate"),
    "emailed code again": reverse("account_request_reauthentication_code"),
    "confirmation sent": reverse("account_email_verification_sent"),
    "second factor again": reverse("mfa_reauthenticate"),
    "two-factor": reverse("mfa_index"),
    "turn off the app": reverse("mfa_deactivate_totp"),
    "recovery codes": reverse("mfa_view_recovery_codes"),
    "new recovery codes": reverse("mfa_generate_recovery_codes"),
    "security keys": reverse("mfa_list_webauthn"),
    "add a security key": reverse("mfa_add_webauthn"),
    "signed-in devices": reverse("usersessions_list"),
    "sign out": reverse("logout"),
}


def headings(html: str) -> dict[str, str]:
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    title = unescape(" ".join(title.split())).removesuffix(SITE).removeprefix("Error: ")
    h1s = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)]
    return {"title": title, **{f"h1 {n}": unescape(" ".join(h.split())) for n, h in enumerate(h1s)}}


def check(client, pages: dict[str, str]) -> dict[str, str]:
    wrong = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code, response.get("Location"))
        found = headings(response.content.decode())
        assert "h1 0" in found, name
        for where, text in found.items():
            if title_case_words(text) or not text[:1].isupper():
                wrong[f"{name} ({where})"] = text
    return wrong


def test_the_rule_catches_us_title_case():
    assert title_case_words("Two-Factor Authentication") == ["Authentication"]
    assert title_case_words("Email Addresses") == ["Addresses"]
    assert title_case_words("Two-factor authentication") == []
    assert title_case_words("Your data under UK GDPR") == []


def test_signed_out_pages_are_in_british_sentence_case(client):
    assert not (wrong := check(client, SIGNED_OUT)), wrong


def test_the_sign_in_steps_are_in_british_sentence_case(client):
    UserFactory(username="sam", email="sam@example.org")
    FacilitatorFactory(username="fran")
    client.post(reverse("account_request_login_code"), {"email": "sam@example.org"})
    wrong = check(client, {"type the code": reverse("account_confirm_login_code")})
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "fran", "password": PASSWORD})
    wrong |= check(client, {"second factor": reverse("mfa_authenticate")})
    assert not wrong, wrong


def test_signed_in_pages_are_in_british_sentence_case(client):
    facilitator = FacilitatorFactory(username="fran", email="fran@example.org")
    RecoveryCodes.activate(facilitator)
    # A key can be added only with a confirmed address (an invitation's link confirms it).
    EmailAddress.objects.create(user=facilitator, email=facilitator.email, verified=True)
    client.post(reverse("login"), {"username": "fran", "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(TOTP_SECRET).now()})
    # Changing a second factor asks for the password again first (allauth's re-authentication).
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    wrong = check(client, SIGNED_IN)
    client.post(reverse("account_request_reauthentication_code"), {"recipient": "fran@example.org"})
    wrong |= check(client, {"code again": reverse("account_confirm_reauthentication_code")})
    assert not wrong, "\n".join(f"{k}: {v}" for k, v in wrong.items())


def test_a_members_first_second_factor_pages_are_in_british_sentence_case(client):
    UserFactory(username="sam")
    client.post(reverse("login"), {"username": "sam", "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    pages = {"set up the app": reverse("mfa_activate_totp"), "two-factor": reverse("mfa_index")}
    assert not (wrong := check(client, pages)), wrong


def test_a_member_without_a_password_is_offered_one_in_british_sentence_case(client):
    sam = UserFactory(username="sam")
    sam.set_unusable_password()
    sam.save()
    client.force_login(sam)
    pages = {"choose a password": reverse("account_set_password")}
    assert not (wrong := check(client, pages)), wrong
    assert client.get(reverse("account_change_password"))["Location"] == pages["choose a password"]
