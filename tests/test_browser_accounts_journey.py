"""Issue 26's journey in a real browser, with a real SMTP server (aiosmtpd) started here: a
facilitator invites two members from a CSV file; one accepts from the emailed link, follows a
theme and receives a digest; the other's link is used after it expired and is refused clearly;
the member resets a forgotten password from the email and every other session of theirs ends."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Invitation
from followup.digests import send_digests

from .factories import FacilitatorFactory, FindingFactory, SessionFactory, ThemeFactory
from .support import email_body, pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long enough passphrase"
NEW_PASSWORD = "an entirely new passphrase"


def sign_in(page, url, username, password=PASSWORD):
    page.goto(url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_invite_join_follow_digest_expiry_and_reset(
    browser, page, live_server, inbox, tmp_path, settings
):
    url = settings.AJC_SITE_URL = live_server.url
    FacilitatorFactory(username="facilitator")
    theme = ThemeFactory(name="Localism", slug="localism")
    session = SessionFactory()
    # A theme exists for readers only through something they may read (issue 25, finding 3).
    FindingFactory(session=session, themes=[theme], text="Localism starts with local voices.")
    people = tmp_path / "people.csv"
    people.write_text(
        "name,email,organisation,sector\n"
        "Sam Jones,sam@example.org,Havant Council,\n"
        "Alex Lee,alex@example.org,Shelter Trust,\n"
    )

    # 1. A facilitator invites two members from a CSV file, to the theme's progress page.
    sign_in(page, url, "facilitator")
    pass_second_factor(page)
    page.goto(url + "/admin/accounts/invitation/add/")
    page.get_by_label("Or a CSV file").set_input_files(people)
    page.get_by_label("Page they are invited to").fill(f"/followup/themes/{theme.slug}/progress/")
    page.get_by_role("button", name="Send invitations").click()
    expect(page.locator(".messagelist")).to_contain_text("Invitation sent to sam@example.org")
    expect(page.locator(".messagelist")).to_contain_text("Invitation sent to alex@example.org")
    page.context.clear_cookies()
    sam_link = re.search(
        r"http\S+/accounts/invitation/\S+/", email_body(inbox.wait_for("sam@"))
    ).group(0)
    alex_link = re.search(
        r"http\S+/accounts/invitation/\S+/", email_body(inbox.wait_for("alex@"))
    ).group(0)
    assert sam_link.startswith(url)

    # 2. Sam accepts, lands on the theme's page, follows it and asks for daily digests.
    page.goto(sam_link)
    expect(page.get_by_label("Your name")).to_have_value("Sam Jones")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Join and sign in").click()
    expect(page).to_have_url(re.compile(f"/followup/themes/{theme.slug}/progress/$"))
    page.get_by_role("button", name="Follow", exact=True).click()
    expect(page.get_by_text("You follow it now")).to_be_visible()
    page.get_by_role("link", name="Your account").click()
    page.get_by_label("Daily").check()
    page.get_by_role("button", name="Save digest settings").click()
    expect(page.get_by_text("Your account is saved.")).to_be_visible()

    # Something new on the theme; the day's digest goes to Sam through the SMTP server.
    FindingFactory(session=session, themes=[theme], text="Localism needs local budgets.")
    assert send_digests("daily", timezone.now() + datetime.timedelta(days=1)) == 1
    digest = inbox.wait_for("sam@example.org", count=2)
    assert "Localism needs local budgets" in email_body(digest)

    # 3. Alex's link is used after it expired: refused, clearly, and no account is made.
    Invitation.objects.filter(email="alex@example.org").update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    other = browser.new_context()
    alex_page = other.new_page()
    alex_page.goto(alex_link)
    expect(alex_page.get_by_role("heading", name="This invitation has expired")).to_be_visible()
    expect(alex_page.get_by_role("button", name="Join and sign in")).to_have_count(0)
    assert not get_user_model().objects.filter(email="alex@example.org").exists()
    other.close()

    # 4. Sam forgets the password and resets it from the email, in another browser; the
    # session in the first browser ends.
    reset = browser.new_context()
    reset_page = reset.new_page()
    reset_page.goto(url + "/accounts/login/")
    reset_page.get_by_role("link", name="Forgotten your password?").click()
    reset_page.get_by_label("Email address").fill("sam@example.org")
    reset_page.get_by_role("button", name="Email me a link").click()
    expect(reset_page.get_by_role("heading", name="Check your email")).to_be_visible()
    message = inbox.wait_for("sam@example.org", count=3)
    link = re.search(r"http\S+/accounts/password/reset/key/\S+", email_body(message)).group(0)
    reset_page.goto(link)
    reset_page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    reset_page.get_by_label("New password again").fill(NEW_PASSWORD)
    reset_page.get_by_role("button", name="Save the new password").click()
    expect(reset_page.get_by_role("heading", name="Your password has been changed")).to_be_visible()
    reset.close()

    page.goto(url + "/accounts/account/")
    expect(page).to_have_url(re.compile("/accounts/login/"))
    sign_in(page, url, "sam@example.org", NEW_PASSWORD)
    expect(page.get_by_role("button", name=re.compile("Sign out"))).to_be_visible()
