"""Progress reports' PDFs are prepared by the worker like the other PDFs (issue 25 finding 12):
never rendered in the reader's request, on the reports lane, with the bound on what one
client may queue, and sent private and revalidated, never ``public, max-age=300``."""

import datetime

import pytest
from django.conf import settings as site_settings
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from ajc import cache
from followup.models import Evidence
from followup.tasks import render_progress
from reports import tasks
from reports.views import PREVIOUS_VERSION_HEADER

from .factories import RecommendationFactory, SessionFactory
from .fidelity import normalise, pdf_text

pytestmark = pytest.mark.django_db
DATABASE_BACKEND = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": list(site_settings.TASK_QUEUES),
    }
}
TODAY = datetime.date(2013, 6, 1)


@pytest.fixture
def queued(settings):
    settings.TASKS = DATABASE_BACKEND
    return DBTaskResult.objects.filter(status="READY")


def run_queued():
    for row in DBTaskResult.objects.ready().order_by("enqueued_at"):
        row.claim("test")
        result = row.task_result
        row.task.call(*result.args, **result.kwargs)
        row.set_successful(None)


def group_with_progress(subject="Partnership"):
    session = SessionFactory(subject=subject)
    recommendation = RecommendationFactory(session=session, text=f"{subject} plumword.")
    ledger = recommendation.follow_up
    Evidence.objects.create(follow_up=ledger, date=TODAY, what="Data shared quinceword.")
    Evidence.objects.create(
        follow_up=ledger, date=TODAY, what="Members note raspword.", visibility="members"
    )
    return session.group


def pdf_url(group):
    return reverse("followup:group_progress_pdf", kwargs={"slug": group.slug})


def test_a_progress_pdf_is_prepared_by_the_worker_and_never_cached_publicly(client, member, queued):
    group = group_with_progress()
    waiting = client.get(pdf_url(group))
    assert waiting.status_code == 202 and waiting["Refresh"] == "5"
    assert "progress report" in waiting.content.decode()
    task = queued.get()  # queued, not rendered in the request, on the reports lane
    assert task.task_path == render_progress.module_path and task.queue_name == "reports"

    run_queued()
    response = client.get(pdf_url(group))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-cache"
    words = normalise(pdf_text(response.content))
    assert "quinceword" in words and "raspword" not in words
    again = client.get(pdf_url(group), headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304

    client.force_login(member)  # the members' copy is their own, with members-only evidence
    assert client.get(pdf_url(group)).status_code == 202
    run_queued()
    members = client.get(pdf_url(group))
    assert "raspword" in normalise(pdf_text(members.content))
    assert members["Cache-Control"] == "private, no-cache"


def test_one_client_cannot_queue_progress_pdfs_without_end(client, queued, monkeypatch):
    monkeypatch.setattr(tasks, "QUEUED_PER_CLIENT_PER_MINUTE", 2)
    groups = [group_with_progress(f"Subject {n}") for n in range(3)]
    statuses = [client.get(pdf_url(group)).status_code for group in groups]
    assert statuses == [202, 202, 429]
    assert queued.count() == 2


def test_the_previous_progress_pdf_after_an_edit_but_not_after_a_narrowing_one(client, queued):
    group = group_with_progress()
    client.get(pdf_url(group))
    run_queued()
    first = client.get(pdf_url(group))
    assert first.status_code == 200

    cache.invalidate()  # an ordinary edit somewhere: the content revision moves on
    previous = client.get(pdf_url(group))
    assert previous.status_code == 200 and previous.content == first.content
    assert PREVIOUS_VERSION_HEADER in previous
    assert queued.count() == 1

    cache.invalidate(narrowing=True)  # something was hidden: the previous one may print it
    assert Client().get(pdf_url(group)).status_code == 202
