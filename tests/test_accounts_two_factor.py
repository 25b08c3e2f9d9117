"""Issue 26: two-factor authentication. Facilitators and staff need a second factor (TOTP, with
recovery codes) before the admin opens, and the admin's own sign-in cannot skip it; members may
add one."""

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.management import call_command
from django.urls import reverse

from .factories import TOTP_SECRET, FacilitatorFactory, add_second_factor, facilitators_group

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase"


def password_step(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def code_step(client, code):
    return client.post(reverse("mfa_authenticate"), {"code": code})


def signed_in(client):
    return "_auth_user_id" in client.session


def test_a_facilitator_signs_in_with_a_totp_code_and_the_admin_opens(client, facilitator):
    response = password_step(client, "facilitator")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # The password alone signs nobody in.
    assert not signed_in(client)
    assert client.get(reverse("admin:index")).status_code == 302
    response = code_step(client, pyotp.TOTP(TOTP_SECRET).now())
    assert response.status_code == 302
    assert signed_in(client)
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_wrong_code_is_refused_and_says_so(client, facilitator):
    password_step(client, "facilitator")
    wrong = f"{(int(pyotp.TOTP(TOTP_SECRET).now()) + 1) % 1_000_000:06d}"
    response = code_step(client, wrong)
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert not signed_in(client)


def test_second_factor_codes_are_throttled(client, facilitator):
    password_step(client, "facilitator")
    for _ in range(5):
        response = code_step(client, "000000")
    assert not signed_in(client)
    # Even the right code is refused once the attempts are used up.
    response = code_step(client, pyotp.TOTP(TOTP_SECRET).now())
    assert not signed_in(client)
    assert "Too many" in response.content.decode()


def test_the_admin_refuses_a_facilitator_without_a_second_factor(client):
    FacilitatorFactory(username="newcomer", second_factor=False)
    response = password_step(client, "newcomer")
    # Signed in to the site as any member would be...
    assert signed_in(client)
    # ...but every admin page sends them to set up an authenticator app first.
    for url in (reverse("admin:index"), reverse("admin:ajc_sessions_session_changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa_activate_totp"))
    # Setting up a factor asks for the password again first (allauth's re-authentication).
    page = client.get(response["Location"], follow=True)
    assert page.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert "two-factor authentication before the admin opens" in page.content.decode()


def test_the_admins_own_sign_in_page_cannot_skip_the_second_factor(client, facilitator):
    response = client.post(
        reverse("admin:login"), {"username": "facilitator", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not signed_in(client)


def test_a_facilitator_sets_up_totp_then_the_admin_opens(client):
    FacilitatorFactory(username="newcomer", second_factor=False)
    password_step(client, "newcomer")
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    # Recovery codes are made with it, to be kept somewhere safe.
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert client.get(reverse("admin:index")).status_code == 200


def test_recovery_codes_work_once_each(client, facilitator):
    codes = RecoveryCodes.activate(facilitator).get_unused_codes()
    first, second = codes[0], codes[1]
    password_step(client, "facilitator")
    code_step(client, first)
    assert signed_in(client)
    assert client.get(reverse("admin:index")).status_code == 200
    client.post(reverse("logout"))

    password_step(client, "facilitator")
    response = code_step(client, first)
    assert not signed_in(client)
    assert "Incorrect code" in response.content.decode()
    code_step(client, second)
    assert signed_in(client)


def test_two_factor_is_optional_for_members(client, member):
    response = password_step(client, "member")
    assert response.status_code == 302
    assert signed_in(client)
    assert client.get(reverse("mfa_index")).status_code == 200


def test_a_member_who_sets_up_two_factor_is_asked_for_it(client, member):
    add_second_factor(member)
    password_step(client, "member")
    assert not signed_in(client)
    code_step(client, pyotp.TOTP(TOTP_SECRET).now())
    assert signed_in(client)


def test_make_runs_facilitator_can_sign_in_with_what_it_prints(client, capsys):
    facilitators_group()  # as the data migration made it (another test's flush may have emptied it)
    call_command("ensure_logins")
    out = capsys.readouterr().out
    password = next(line.split()[-1] for line in out.splitlines() if "facilitator " in line)
    secret = next(line.split()[-1] for line in out.splitlines() if "secret" in line.lower())
    assert Authenticator.objects.filter(user__username="facilitator").exists()
    password_step(client, "facilitator", password)
    code_step(client, pyotp.TOTP(secret).now())
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_security_key_counts_as_the_second_factor_and_nothing_else_does(client):
    """With WebAuthn switched on, the admin still refuses a facilitator with no second factor:
    recovery codes alone are not one; a security key or passkey is, until it is removed."""
    newcomer = FacilitatorFactory(username="newcomer", second_factor=False)
    client.force_login(newcomer)
    RecoveryCodes.activate(newcomer)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    key = Authenticator.objects.create(
        user=newcomer, type=Authenticator.Type.WEBAUTHN, data={"name": "Laptop"}
    )
    assert client.get(reverse("admin:index")).status_code == 200
    key.delete()
    assert client.get(reverse("admin:index")).status_code == 302


def test_passkey_sign_in_is_offered_and_answers_only_with_a_challenge(client):
    page = client.get(reverse("login")).content.decode()
    assert 'id="passkey_login"' in page
    assert reverse("mfa_login_webauthn") in page
    # The passkey script asks for a challenge; a post without a passkey signs nobody in.
    options = client.get(reverse("mfa_login_webauthn"), headers={"accept": "application/json"})
    assert options.json()["request_options"]["publicKey"]["challenge"]
    client.post(reverse("mfa_login_webauthn"), {"credential": "{}"})
    assert not signed_in(client)
