"""One member's digest failing stops nobody else's, is tried again later, and the next run is
queued whatever happens (issue 25 finding 8), with a real SMTP server (aiosmtpd) that refuses
one recipient."""

import datetime
import email
import socket

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as site_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from followup import digests, tasks
from followup.models import DigestPreference, DigestSent, Evidence, Follow

from .factories import RecommendationFactory, UserFactory

pytestmark = pytest.mark.django_db
DATABASE_BACKEND = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": list(site_settings.TASK_QUEUES),
    }
}
REFUSED = "refused@example.org"


class Relay:
    """An SMTP server that refuses mail for the addresses in ``refusing``."""

    def __init__(self):
        self.refusing = {REFUSED}
        self.received = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refusing:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.received.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def relay(settings):
    handler = Relay()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    settings.TASKS = DATABASE_BACKEND
    settings.AJC_SITE_URL = "https://learning.example.org"
    try:
        yield handler
    finally:
        controller.stop()


def following_member(address, when):
    member = UserFactory(username=address.split("@")[0], email=address)
    recommendation = RecommendationFactory(text=f"Recommendation for {address}.")
    Follow.objects.create(user=member, recommendation=recommendation)
    DigestPreference.objects.create(user=member, frequency="daily")
    Evidence.objects.create(
        follow_up=recommendation.follow_up,
        date=timezone.localdate(),
        what=f"Evidence for {address}.",
        recorded_at=when,
    )
    return member


def test_a_refused_recipient_stops_nobody_else_is_retried_and_the_next_run_is_queued(relay, caplog):
    start, _ = digests.period_ending("daily")
    # The refused member comes first: before, the run failed there and the others got nothing.
    addresses = [REFUSED, "first@example.org", "second@example.org"]
    members = [following_member(a, start + datetime.timedelta(hours=2)) for a in addresses]

    assert tasks.send_digests.call("daily", None, True) == 2

    assert sorted(m["To"] for m in relay.received) == ["first@example.org", "second@example.org"]
    # Links point at the site's address, not the development server's.
    assert "https://learning.example.org/" in str(relay.received[0])
    assert "127.0.0.1" not in str(relay.received[0])
    assert f"Could not send the daily digest to member {members[0].pk}" in caplog.text
    assert not DigestSent.objects.filter(user=members[0]).exists()  # not claimed: not sent
    waiting = {row.task_path: row for row in DBTaskResult.objects.filter(status="READY")}
    next_run = waiting[tasks.send_digests.module_path]
    assert next_run.args_kwargs["args"] == ["daily", None, True]
    assert next_run.run_after > timezone.now()
    retry = waiting[tasks.retry_digest.module_path]
    assert retry.args_kwargs["args"][:2] == [members[0].pk, "daily"]
    assert retry.run_after > timezone.now()

    # The relay takes the address later: the retry sends that member's digest, once.
    relay.refusing = set()
    assert tasks.retry_digest.call(*retry.args_kwargs["args"]) is True
    assert [m["To"] for m in relay.received][-1] == REFUSED
    assert DigestSent.objects.get(user=members[0]).delivered_at is not None
    assert tasks.retry_digest.call(*retry.args_kwargs["args"]) is False  # never twice


def test_the_next_run_is_queued_even_when_the_run_itself_fails(relay, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away mid-run")

    monkeypatch.setattr(digests, "members_due", broken)
    with pytest.raises(RuntimeError):
        tasks.send_digests.call("weekly", None, True)
    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.args_kwargs["args"] == ["weekly", None, True]


def test_a_member_refused_every_time_is_given_up_after_the_last_retry(relay, caplog):
    start, _ = digests.period_ending("daily")
    member = following_member(REFUSED, start + datetime.timedelta(hours=2))
    last = len(tasks.RETRY_AFTER)
    assert tasks.retry_digest.call(member.pk, "daily", start.isoformat(), last) is False
    assert "Gave up the daily digest to member" in caplog.text
    assert not DBTaskResult.objects.exists()
