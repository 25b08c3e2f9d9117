"""Digests sent by the real worker (``manage.py db_worker``) in a process of its own: killed
mid-run and started again, it sends no member the same digest twice (issue 12)."""

import datetime
import email
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as site_settings
from django.db import connection
from django.utils import timezone

from followup import digests
from followup.models import DigestPreference, DigestSent, Evidence, Follow
from followup.tasks import send_digests

from .factories import RecommendationFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
DATABASE_BACKEND = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": list(site_settings.TASK_QUEUES),
    }
}
pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the worker process shares the test database"
    ),
    pytest.mark.django_db(transaction=True),
]


def worker_env(**extra):
    database = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ajc.settings",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        **extra,
    }


def run_worker(env, timeout=60):
    """One worker that stops when the queue is empty (or is killed by its mail backend)."""
    return subprocess.run(  # noqa: S603 - our own manage.py
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
        timeout=timeout,
        capture_output=True,
        text=True,
    )


def test_a_worker_killed_mid_run_and_restarted_sends_nobody_a_digest_twice(settings, tmp_path):
    settings.TASKS = DATABASE_BACKEND
    start, _ = digests.period_ending("daily")
    members = []
    for n in range(4):
        member = UserFactory(username=f"reader{n}", email=f"reader{n}@example.org")
        recommendation = RecommendationFactory(text=f"Recommendation {n}.")
        Follow.objects.create(user=member, recommendation=recommendation)
        DigestPreference.objects.create(user=member, frequency="daily")
        Evidence.objects.create(
            follow_up=recommendation.follow_up,
            date=timezone.localdate(),
            what=f"Evidence {n}.",
            recorded_at=start + datetime.timedelta(hours=2),
        )
        members.append(member)
    env = worker_env(
        DJANGO_EMAIL_BACKEND="tests.mail_backends.DyingFileBackend", AJC_MAIL_DIR=str(tmp_path)
    )

    send_digests.enqueue("daily")
    killed = run_worker({**env, "AJC_DIE_AFTER": "2"})
    assert killed.returncode == -9, killed.stderr[-2000:]  # SIGKILL mid-run
    assert len(list(tmp_path.iterdir())) == 2
    assert DigestSent.objects.filter(delivered_at__isnull=True).count() == 1  # left mid-send

    send_digests.enqueue("daily")  # the next run (the schedule, or an operator)
    restarted = run_worker(env)
    assert restarted.returncode == 0, restarted.stderr[-2000:]
    send_digests.enqueue("daily")  # and again: nothing more to send
    assert run_worker(env).returncode == 0

    recipients = [
        email.message_from_bytes(path.read_bytes())["To"] for path in sorted(tmp_path.iterdir())
    ]
    assert sorted(recipients) == sorted(m.email for m in members)  # each exactly once
    assert DigestSent.objects.count() == 4


def test_the_worker_waits_for_the_next_period(settings):
    """A run queues the next one for just after the period ends."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_BACKEND
    send_digests.enqueue("weekly", None, True)
    result = run_worker(
        worker_env(DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    )
    assert result.returncode == 0, result.stderr[-2000:]
    waiting = DBTaskResult.objects.filter(status="READY").get()
    assert waiting.args_kwargs["args"][0] == "weekly"
    assert timezone.localtime(waiting.run_after).weekday() == 0
    assert waiting.run_after > timezone.now()
