"""Issue 26: the new pages are valid HTML by the Nu HTML checker (vnu, on Java)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts import invitations

from .factories import FacilitatorFactory, UserFactory

VNU = Path(__file__).resolve().parent.parent / "node_modules/vnu-jar/build/dist/vnu.jar"
PASSWORD = "a long enough passphrase"

pytestmark = [pytest.mark.django_db, pytest.mark.processes]


def vnu_errors(pages: dict[str, bytes], folder) -> list[str]:
    files = {}
    for name, html in pages.items():
        path = folder / f"{len(files):02d}.html"
        path.write_bytes(html)
        files[str(path)] = name
    command = ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files]
    # A fixed command (Java from the PATH, as bootstrap installs it) on our own temporary files.
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)  # noqa: S603
    return [
        f"{files[m['url'].removeprefix('file:')]}: line {m.get('lastLine')}: {m['message']}"
        for m in json.loads(result.stderr or "{}").get("messages", [])
        if m["type"] != "info"
    ]


def test_the_new_pages_are_valid_html(client, mailoutbox, tmp_path):
    assert VNU.exists() and shutil.which("java"), "scripts/bootstrap.sh test installs vnu and Java"
    member = UserFactory(username="member", email="member@example.org")
    # A security key can be added only with a confirmed address (an invitation confirms it).
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    FacilitatorFactory(username="facilitator")
    invitations.invite(invitations.Row(1, "Sam Jones", "sam@example.org"), invited_by=None)
    link = re.search(r"/accounts/invitation/\S+/", mailoutbox[-1].body).group(0)
    pages = {}

    def get(page, url, **data):
        response = client.post(url, data) if data else client.get(url)
        assert response["Content-Type"].startswith("text/html"), page
        pages[page] = response.content

    get("sign in", reverse("login"))
    get("sign in with an error", reverse("login"), username="member", password="wrong")
    get("privacy notice", reverse("accounts:privacy"))
    get("forgotten password", reverse("account_reset_password"))
    get("forgotten password with an error", reverse("account_reset_password"), email="x")
    get("reset link sent", reverse("account_reset_password_done"))
    get("no sign-up", reverse("account_signup"))
    get("invitation", link)
    get("invitation with an error", link, name="", username="sam", password1="a", password2="b")
    get("invitation, bad link", reverse("accounts:invitation", args=["nope"]))
    get("emailed code", reverse("account_request_login_code"))
    get("emailed code with an error", reverse("account_request_login_code"), email="x")
    client.post(reverse("account_request_login_code"), {"email": "member@example.org"})
    get("type the code", reverse("account_confirm_login_code"))
    get("type the code with an error", reverse("account_confirm_login_code"), code="nope")
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "facilitator", "password": PASSWORD})
    get("second-factor step, with a key offered", reverse("mfa_authenticate"))
    get("second-factor step with an error", reverse("mfa_authenticate"), code="000000")
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "member", "password": PASSWORD})
    get("your account", reverse("accounts:account"))
    get("your account with an error", reverse("accounts:account"), action="digests")
    get("delete my account", reverse("accounts:delete"))
    get("delete with an error", reverse("accounts:delete"), password="wrong")
    get("email address", reverse("account_email"))
    get("change password", reverse("account_change_password"))
    get("two-factor", reverse("mfa_index"))
    get("signed-in devices", reverse("usersessions_list"))
    get("re-authenticate", reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    get("security keys", reverse("mfa_list_webauthn"))
    get("add a security key", reverse("mfa_add_webauthn"))
    get("set up the app, a key offered", reverse("mfa_activate_totp"))
    get("sign out", reverse("logout"))
    get("confirmation sent", reverse("account_email_verification_sent"))
    get("emailed code again", reverse("account_request_reauthentication_code"))
    client.post(
        reverse("account_request_reauthentication_code"), {"recipient": "member@example.org"}
    )
    get("type the code again", reverse("account_confirm_reauthentication_code"))
    without_password = UserFactory(username="sam-no-password", password=None)
    client.force_login(without_password)
    get("choose a password", reverse("account_set_password"))
    errors = vnu_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)
