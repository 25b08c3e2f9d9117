"""The follow-up journey in a real browser (issue 12): a member follows a recommendation; a
facilitator records a response and an evidence entry in the admin; the real worker sends the
digest to a real SMTP server (aiosmtpd) started here; the member opens the link and sees the
timeline."""

import datetime
import email
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from findings.models import Item

from .factories import FacilitatorFactory
from .support import pass_second_factor

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long enough passphrase"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the worker process shares the test database"
    ),
]


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def sign_in(page, url, username):
    page.goto(url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if username == "recorder":  # a facilitator: the code from their authenticator app too
        pass_second_factor(page)
    expect(page.get_by_role("button", name=re.compile("Sign out"))).to_be_visible()


def sign_out(page):
    page.context.clear_cookies()


def test_follow_record_digest_and_timeline(page, live_server, member, smtp_server, settings):
    controller, inbox = smtp_server
    call_command("load_reports", verbosity=0)
    call_command("load_followup", verbosity=0)
    member.email = "member@example.org"
    member.save()
    facilitator = FacilitatorFactory(username="recorder")
    facilitator.user_permissions.add(*Permission.objects.filter(content_type__app_label="followup"))
    recommendation = Item.objects.filter(kind="recommendation").order_by("pk").first()
    url = live_server.url

    # 1. A member follows the recommendation, from its own page.
    sign_in(page, url, "member")
    page.goto(url + recommendation.get_absolute_url())
    page.get_by_role("link", name=re.compile("What happened next")).click()
    expect(page.get_by_text("No response recorded").first).to_be_visible()
    page.get_by_role("button", name="Follow").click()
    expect(page.get_by_text("You follow it now")).to_be_visible()
    page.get_by_role("link", name="Following").click()
    page.get_by_label("Daily").check()
    page.get_by_role("button", name="Save digest settings").click()
    expect(page.get_by_text("Your digest settings are saved.")).to_be_visible()
    sign_out(page)

    # 2. A facilitator records a response and an evidence entry.
    sign_in(page, url, "recorder")
    page.goto(url + f"/admin/followup/followup/{recommendation.follow_up.pk}/change/")
    page.get_by_label("Response:").select_option("accepted")
    page.get_by_label("Who responded:").fill("Ministry of Justice commissioning directorate")
    page.locator("#id_responded_on").fill("2013-03-01")
    page.get_by_label("Implementation:").select_option("substantial")
    page.get_by_text(re.compile("Add another evidence entry", re.I)).click()
    page.locator("#id_evidence-0-date").fill("2013-06-01")
    page.locator("#id_evidence-0-what").fill(
        "Commissioning guidance published with a governance check."
    )
    page.locator("#id_evidence-0-link").fill("https://example.org/guidance")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    sign_out(page)

    # 3. The worker sends the digest (the period that includes today) to the SMTP server.
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ajc.settings",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(controller.port),
        "AJC_SITE_URL": url,
    }
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "send_digests", "daily", "--until", tomorrow.isoformat()],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "ajc.settings"},
        check=True,
        timeout=60,
    )
    worker = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "worker",
            "--queue-name",
            "*",
            "--batch",
            "--no-startup-delay",
        ],
        cwd=ROOT,
        env=env,
        timeout=120,
        capture_output=True,
        text=True,
    )
    assert worker.returncode == 0, worker.stderr[-3000:]
    deadline = time.monotonic() + 10
    while not inbox.messages and time.monotonic() < deadline:
        time.sleep(0.1)
    (message,) = inbox.messages
    assert message["To"] == "member@example.org"
    body = message.get_payload(0).get_payload(decode=True).decode()
    assert "Ministry of Justice commissioning directorate" in body
    assert "Commissioning guidance published" in body
    assert message["List-Unsubscribe"]
    link = re.search(rf"{re.escape(url)}/followup/recommendations/\d+/", body).group(0)

    # 4. The member opens the link and sees the timeline.
    page.goto(link)
    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text("Accepted")
    expect(timeline).to_contain_text("Ministry of Justice commissioning directorate")
    expect(timeline).to_contain_text("Commissioning guidance published with a governance check.")
    expect(timeline.get_by_role("link", name=re.compile("Read the evidence"))).to_have_attribute(
        "href", "https://example.org/guidance"
    )
    assert email.utils.parseaddr(message["To"])[1] == "member@example.org"
