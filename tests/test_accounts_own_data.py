"""Issue 26: "Your account": name, email change confirmed by email, digests (daily, weekly,
never), signed-in devices and "sign out everywhere", "download my data", "delete my account",
and the privacy notice linked from every page."""

import datetime
import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from followup.digests import members_due
from followup.models import DigestPreference, DigestSent, Follow, Frequency

from .factories import FindingFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase"


@pytest.fixture
def sam(db):
    user = UserFactory(username="sam", email="sam@example.org", first_name="Sam")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def signed_in(client, sam):
    # Through the sign-in page, as a person signs in: it records the device.
    response = client.post(
        reverse("login"),
        {"username": "sam", "password": PASSWORD},
        HTTP_USER_AGENT="TestBrowser/1.0",
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client


@pytest.fixture
def followed(sam):
    theme = ThemeFactory(name="Localism", slug="localism")
    Follow.objects.create(user=sam, theme=theme)
    DigestPreference.objects.create(user=sam, frequency=Frequency.DAILY)
    start = timezone.now() - datetime.timedelta(days=1)
    DigestSent.objects.create(
        user=sam,
        frequency="daily",
        period_start=start,
        period_end=timezone.now(),
        changes=[{"what": "a new learning point"}],
        delivered_at=timezone.now(),
    )
    return theme


def test_the_account_page_needs_a_sign_in(client):
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_account_page_shows_name_email_follows_and_devices(signed_in, followed):
    page = signed_in.get(reverse("accounts:account"), HTTP_USER_AGENT="TestBrowser/1.0")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="Sam"' in html
    assert "sam@example.org" in html
    assert "You follow 1 thing" in html
    assert "(this one)" in html
    assert "Download my data" in html and "Delete my account" in html


def test_a_name_is_saved_and_an_error_keeps_what_was_typed(signed_in, sam):
    too_long = "x" * 200
    response = signed_in.post(
        reverse("accounts:account"),
        {"action": "name", "name-first_name": "Samantha", "name-last_name": too_long},
    )
    assert response.status_code == 400
    assert 'value="Samantha"' in response.content.decode()
    response = signed_in.post(
        reverse("accounts:account"),
        {"action": "name", "name-first_name": "Samantha", "name-last_name": "Jones"},
    )
    assert response.status_code == 302
    sam.refresh_from_db()
    assert sam.get_full_name() == "Samantha Jones"


def test_digests_can_be_daily_weekly_or_never(signed_in, sam, followed):
    for frequency in ("weekly", "never", "daily"):
        response = signed_in.post(
            reverse("accounts:account"),
            {"action": "digests", "digests-frequency": frequency, "digests-subscribed": "on"},
        )
        assert response.status_code == 302
        assert DigestPreference.objects.get(user=sam).frequency == frequency
    DigestPreference.objects.filter(user=sam).update(frequency="never")
    assert not members_due("daily").exists() and not members_due("weekly").exists()
    bad = signed_in.post(
        reverse("accounts:account"), {"action": "digests", "digests-frequency": "hourly"}
    )
    assert bad.status_code == 400


def test_an_email_change_waits_for_the_link_sent_to_the_new_address(signed_in, sam, mailoutbox):
    response = signed_in.post(
        reverse("account_email"), {"action_add": "", "email": "sam.new@example.org"}
    )
    assert response.status_code == 302
    sam.refresh_from_db()
    assert sam.email == "sam@example.org"
    (message,) = mailoutbox
    assert message.to == ["sam.new@example.org"]
    assert message.subject == "AJC learning groups: Confirm your email address"
    assert "Hello from" not in message.body
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    signed_in.post(link)
    sam.refresh_from_db()
    assert sam.email == "sam.new@example.org"


def test_sign_out_everywhere_ends_every_session(client, sam):
    phone, laptop = Client(), Client()
    for browser in (phone, laptop):
        browser.post(reverse("login"), {"username": "sam", "password": PASSWORD})
        assert browser.get(reverse("accounts:account")).status_code == 200
    response = laptop.post(reverse("accounts:sign_out_everywhere"))
    assert response.status_code == 302
    for browser in (phone, laptop):
        assert browser.get(reverse("accounts:account")).status_code == 302


def test_download_my_data_holds_account_follows_and_digest_history(signed_in, sam, followed):
    response = signed_in.get(reverse("accounts:download_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["username"] == "sam"
    assert data["account"]["email"] == "sam@example.org"
    assert data["account"]["role"] == "member"
    assert data["digests"]["frequency"] == "daily"
    assert data["follows"] == [
        {"kind": "theme", "what": "Localism", "since": data["follows"][0]["since"]}
    ]
    assert data["digest_history"][0]["listed"] == [{"what": "a new learning point"}]
    # No secret is in it.
    text = response.content.decode()
    assert sam.password not in text and "password" not in text


def test_someone_elses_data_is_never_downloadable(client, sam, followed):
    other = UserFactory(username="other")
    client.force_login(other)
    data = json.loads(client.get(reverse("accounts:download_data")).content)
    assert data["account"]["username"] == "other"
    assert data["follows"] == [] and data["digest_history"] == []


def test_delete_my_account_removes_follows_and_history_and_keeps_content(signed_in, sam, followed):
    finding = FindingFactory()
    wrong = signed_in.post(reverse("accounts:delete"), {"password": "not my password"})
    assert wrong.status_code == 400
    assert get_user_model().objects.filter(pk=sam.pk).exists()
    response = signed_in.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=sam.pk).exists()
    assert not Follow.objects.exists()
    assert not DigestSent.objects.exists()
    assert not DigestPreference.objects.exists()
    assert not EmailAddress.objects.filter(email="sam@example.org").exists()
    # Published content, and the theme followed, are untouched.
    assert type(finding).objects.filter(pk=finding.pk).exists()
    assert type(followed).objects.filter(pk=followed.pk).exists()
    assert "_auth_user_id" not in signed_in.session


def test_the_privacy_notice_is_linked_from_every_page(client, member):
    privacy = reverse("accounts:privacy")
    for url in (reverse("home"), reverse("login"), reverse("findings:item_list"), privacy):
        assert f'href="{privacy}"' in client.get(url).content.decode(), url
    page = client.get(privacy).content.decode()
    for words in ("UK GDPR", "What the knowledge base keeps", "Why", "How long"):
        assert words in page


def test_there_is_no_sign_up(client):
    page = client.get(reverse("account_signup"))
    assert "Members join by invitation" in page.content.decode()
    client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "username": "new",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert not get_user_model().objects.filter(username="new").exists()


def test_guessing_the_password_to_delete_an_account_is_throttled(signed_in, sam):
    for _ in range(10):
        signed_in.post(reverse("accounts:delete"), {"password": "a guess"})
    response = signed_in.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 400
    assert "Too many attempts" in response.content.decode()
    assert get_user_model().objects.filter(pk=sam.pk).exists()
