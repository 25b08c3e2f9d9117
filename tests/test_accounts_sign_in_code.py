"""Issue 26, point 1: signing in by a code emailed to one's address instead of a password. The
mail goes through a real SMTP server the test starts (aiosmtpd), in British English; requests are
throttled; a facilitator who signs in by code still passes the second factor before the admin."""

import re

import pyotp
import pytest
from django.urls import reverse

from .factories import TOTP_SECRET, FacilitatorFactory, UserFactory
from .support import email_body

pytestmark = pytest.mark.django_db


def signed_in(client):
    return "_auth_user_id" in client.session


def ask_for_code(client, email):
    return client.post(reverse("account_request_login_code"), {"email": email})


def code_in(message) -> str:
    body = email_body(message)
    return re.search(r"Your sign-in code is:\s+(\S+)", body).group(1)


def test_a_member_signs_in_with_the_code_from_the_email(client, inbox):
    UserFactory(username="sam", email="sam@example.org")
    response = ask_for_code(client, "sam@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_login_code")
    page = client.get(response["Location"]).content.decode()
    assert "<h1>Type your sign-in code</h1>" in page
    message = inbox.wait_for("sam@example.org")
    assert message["Subject"] == "AJC learning groups: Your sign-in code"
    body = email_body(message)
    # British, plain and sentence case: none of allauth's own wording.
    assert "Sign-In" not in body and "Hello from" not in body
    assert "ten minutes" in body
    assert not signed_in(client)
    response = client.post(reverse("account_confirm_login_code"), {"code": code_in(message)})
    assert response.status_code == 302
    assert signed_in(client)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, inbox):
    UserFactory(username="sam", email="sam@example.org")
    known = ask_for_code(client, "sam@example.org")
    client.logout()
    unknown = ask_for_code(client, "nobody@example.org")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    inbox.wait_for("sam@example.org")
    assert not [m for m in inbox.messages if "nobody@" in m["To"]]


def test_codes_for_one_address_are_throttled(client, inbox):
    UserFactory(username="sam", email="sam@example.org")
    for _ in range(3):
        assert ask_for_code(client, "sam@example.org").status_code == 302
    response = ask_for_code(client, "sam@example.org")
    assert response.status_code == 200
    assert "Too many" in response.content.decode()
    inbox.wait_for("sam@example.org", count=3)
    assert len(inbox.messages) == 3


def test_three_wrong_codes_end_the_attempt(client, inbox):
    UserFactory(username="sam", email="sam@example.org")
    ask_for_code(client, "sam@example.org")
    code = code_in(inbox.wait_for("sam@example.org"))
    wrong = "X" if code[0] != "X" else "Y"
    for _ in range(3):
        response = client.post(reverse("account_confirm_login_code"), {"code": wrong + code[1:]})
    assert response.status_code == 302
    # The right code no longer works: the attempt is over.
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert not signed_in(client)


def test_a_facilitator_signing_in_by_code_still_passes_the_second_factor(client, inbox):
    FacilitatorFactory(username="fran", email="fran@example.org")
    ask_for_code(client, "fran@example.org")
    code = code_in(inbox.wait_for("fran@example.org"))
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # The emailed code alone signs nobody in, and the admin stays shut.
    assert not signed_in(client)
    assert client.get(reverse("admin:index")).status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert signed_in(client)
    assert client.get(reverse("admin:index")).status_code == 200
