"""Signing in and out: throttling, passwords, session keys, idle staff sessions, and the
structured lines that record it all without a secret in them."""

import datetime
import json
import logging

import pyotp
import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session as DjangoSession
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from ajc.auth_backend import client_ip
from ajc.logging import JSONFormatter

from .factories import TOTP_SECRET

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase"
ADDRESS_A = "203.0.113.10"
ADDRESS_B = "198.51.100.20"


def sign_in(client, username, password, address=ADDRESS_A, url=None):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def sign_in_staff(client, username, address=ADDRESS_A):
    """A facilitator signs in: the password, then the code from their authenticator app."""
    response = sign_in(client, username, PASSWORD, address)
    assert response["Location"] == reverse("mfa_authenticate")
    code = pyotp.TOTP(TOTP_SECRET).now()
    return client.post(reverse("mfa_authenticate"), {"code": code}, REMOTE_ADDR=address)


def fail_times(client, username, times, address=ADDRESS_A):
    for _ in range(times):
        response = sign_in(client, username, "not the password", address)
    return response


# Throttling ------------------------------------------------------------------------------


def test_repeated_failures_lock_that_username_from_that_address(client, member, settings):
    response = fail_times(client, "member", settings.AXES_FAILURE_LIMIT)
    assert response.status_code == 429
    # Even the right password is refused during the cool-off, with a clear page.
    response = sign_in(client, "member", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "<h1>Too many attempts to sign in</h1>" in page
    assert "15 minutes" in page


def test_a_few_failures_do_not_lock(client, member, settings):
    fail_times(client, "member", settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, "member", PASSWORD).status_code == 302


def test_the_same_user_from_another_address_is_not_locked(client, member, settings):
    fail_times(client, "member", settings.AXES_FAILURE_LIMIT)
    assert sign_in(client, "member", PASSWORD, ADDRESS_B).status_code == 302


def test_one_attacker_behind_a_shared_address_cannot_lock_everyone_out(
    client, member, facilitator, settings
):
    fail_times(client, "member", settings.AXES_FAILURE_LIMIT)
    assert sign_in(client, "facilitator", PASSWORD, ADDRESS_A).status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, member, settings):
    fail_times(client, "member", settings.AXES_FAILURE_LIMIT)
    assert sign_in(client, "member", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    )
    assert sign_in(client, "member", PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_the_count(client, member, settings):
    fail_times(client, "member", settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, "member", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    fail_times(client, "member", settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, "member", PASSWORD).status_code == 302


def test_the_admin_login_is_the_throttled_site_sign_in(client, facilitator, settings):
    # The admin's own sign-in no longer checks passwords: it sends people to the site's, where
    # the throttle (and the second factor) apply.
    response = sign_in(client, "facilitator", PASSWORD, url=reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, "facilitator", "wrong")
    assert response.status_code == 429
    assert sign_in(client, "facilitator", PASSWORD).status_code == 429


@override_settings(AJC_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_claims():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.10"
    )
    assert client_ip(request) == "203.0.113.10"


def test_without_a_trusted_proxy_a_forwarded_header_is_ignored():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.2"


# Passwords -------------------------------------------------------------------------------


def test_short_passwords_are_refused():
    with pytest.raises(ValidationError):
        validate_password("Sh0rt!pass")


def test_common_passwords_are_refused_however_long():
    with pytest.raises(ValidationError):
        validate_password("michaeljackson")


def test_a_long_plain_passphrase_is_accepted_without_character_rules():
    validate_password("correct horse battery staple")


# Sessions --------------------------------------------------------------------------------


def test_signing_in_gives_a_new_session_key(client, member):
    client.get(reverse("login"))
    session = client.session
    session["before"] = "sign-in"
    session.save()
    key_before = session.session_key
    assert sign_in(client, "member", PASSWORD).status_code == 302
    assert client.session.session_key != key_before
    assert not DjangoSession.objects.filter(session_key=key_before).exists()


def test_signing_out_ends_the_session_on_the_server(client, member):
    sign_in(client, "member", PASSWORD)
    key = client.session.session_key
    assert DjangoSession.objects.filter(session_key=key).exists()
    client.post(reverse("logout"))
    assert not DjangoSession.objects.filter(session_key=key).exists()
    # Replaying the old cookie gets nobody in.
    client.cookies["sessionid"] = key
    response = client.get(reverse("home"))
    assert response.context["user"].is_anonymous


def expiry_of(client):
    return DjangoSession.objects.get(session_key=client.session.session_key).expire_date


def test_staff_sessions_expire_after_a_short_idle_time(client, facilitator, settings):
    sign_in_staff(client, "facilitator")
    client.get(reverse("home"))
    remaining = expiry_of(client) - timezone.now()
    assert remaining <= datetime.timedelta(seconds=settings.AJC_STAFF_IDLE_SECONDS)
    assert remaining > datetime.timedelta(seconds=settings.AJC_STAFF_IDLE_SECONDS - 60)


def test_member_sessions_keep_the_ordinary_length(client, member, settings):
    sign_in(client, "member", PASSWORD)
    client.get(reverse("home"))
    remaining = expiry_of(client) - timezone.now()
    assert remaining > datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_each_request_slides_the_staff_idle_window(client, facilitator, settings):
    sign_in_staff(client, "facilitator")
    DjangoSession.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=1)
    )
    client.get(reverse("admin:index"))
    remaining = expiry_of(client) - timezone.now()
    assert remaining > datetime.timedelta(seconds=settings.AJC_STAFF_IDLE_SECONDS - 60)


def test_an_idle_staff_session_is_over(client, facilitator):
    sign_in_staff(client, "facilitator")
    assert client.get(reverse("admin:index")).status_code == 200
    DjangoSession.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# Structured logs -------------------------------------------------------------------------


def security_records(caplog):
    return [record for record in caplog.records if record.name == "ajc.security"]


def as_json(record):
    return json.loads(JSONFormatter().format(record))


def assert_no_secret(caplog, *secrets):
    lines = [JSONFormatter().format(record) for record in caplog.records]
    for secret in secrets:
        assert all(secret not in line for line in lines), secret


def test_sign_in_and_out_are_logged_as_structured_lines(client, member, caplog):
    caplog.set_level(logging.INFO, logger="ajc.security")
    sign_in(client, "member", PASSWORD)
    key = client.session.session_key
    client.post(reverse("logout"))
    lines = [as_json(record) for record in security_records(caplog)]
    assert [line["event"] for line in lines] == ["login", "logout"]
    assert lines[0]["user_id"] == member.pk
    assert lines[0]["username"] == "member"
    assert lines[0]["ip"] == ADDRESS_A
    assert lines[1]["user_id"] == member.pk
    assert_no_secret(caplog, PASSWORD, key)


def test_a_failed_sign_in_is_logged_without_the_password(client, member, caplog):
    caplog.set_level(logging.INFO, logger="ajc.security")
    sign_in(client, "member", "the wrong passphrase")
    (line,) = [as_json(record) for record in security_records(caplog)]
    assert line["event"] == "login_failed"
    assert line["level"] == "WARNING"
    assert line["username"] == "member"
    assert line["username_known"] is True
    assert_no_secret(caplog, "the wrong passphrase")


def test_a_password_typed_as_the_username_is_not_logged(client, member, caplog):
    caplog.set_level(logging.INFO, logger="ajc.security")
    sign_in(client, "my secret passphrase", "x")
    (line,) = [as_json(record) for record in security_records(caplog)]
    assert line["event"] == "login_failed"
    assert line["username"] is None
    assert line["username_known"] is False
    assert_no_secret(caplog, "my secret passphrase")


def test_a_lockout_is_logged(client, member, settings, caplog):
    caplog.set_level(logging.INFO, logger="ajc.security")
    fail_times(client, "member", settings.AXES_FAILURE_LIMIT)
    events = [as_json(record)["event"] for record in security_records(caplog)]
    assert "login_locked_out" in events
    assert events.count("login_failed") == settings.AXES_FAILURE_LIMIT


def test_a_refused_request_is_logged(client, facilitator, caplog):
    caplog.set_level(logging.INFO, logger="ajc.security")
    client.force_login(facilitator)
    # Facilitators may not manage users.
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    (line,) = [
        as_json(record)
        for record in security_records(caplog)
        if record.event == "permission_denied"
    ]
    assert line["user_id"] == facilitator.pk
    assert line["path"] == reverse("admin:auth_user_changelist")
    assert line["status_code"] == 403
    assert_no_secret(caplog, client.session.session_key)


def test_a_csrf_failure_is_logged_as_refused(member, caplog):
    from django.test import Client

    caplog.set_level(logging.INFO, logger="ajc.security")
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "member", "password": PASSWORD})
    assert response.status_code == 403
    assert [as_json(r)["event"] for r in security_records(caplog)] == ["permission_denied"]


def test_the_json_formatter_writes_one_object_a_line_with_extra_fields():
    record = logging.LogRecord(
        "ajc.security", logging.WARNING, __file__, 1, "Sign-in %s", ("refused",), None
    )
    record.event = "login_failed"
    record.ip = ADDRESS_A
    line = JSONFormatter().format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert data["message"] == "Sign-in refused"
    assert data["event"] == "login_failed"
    assert data["ip"] == ADDRESS_A
    assert data["level"] == "WARNING"
    assert data["logger"] == "ajc.security"


def test_an_overlong_username_is_refused_not_a_server_error(client, member, settings):
    # Found by the fuzz test on PostgreSQL: the throttle stores the username it counts.
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = sign_in(client, "x" * 5000, "whatever")
        assert response.status_code in {200, 429}
    assert sign_in(client, "member", PASSWORD).status_code == 302
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "x" * 150
