"""Report PDFs are prepared in the background, once per version (issues 9 and 11).

Most tests here run the render task in the test's own process (the immediate backend of the
test settings); ``test_the_worker_picks_up_renders`` starts the real worker, ``db_worker``.
"""

import os
import threading
import time
import types
from pathlib import Path

import pytest
from django.conf import settings as site_settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from reports import tasks
from reports.report import MAX_SESSIONS_PER_REPORT

from .factories import FindingFactory, SessionFactory
from .fidelity import normalise, pdf_text
from .support import saved, start_worker

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
DATABASE_BACKEND = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": list(site_settings.TASK_QUEUES),
    }
}


def pdf_words(content: bytes) -> str:
    return normalise(pdf_text(content))


def pdf_url(session):
    return reverse(
        "reports:session_pdf", kwargs={"group_slug": session.group.slug, "number": session.number}
    )


@pytest.fixture
def renders(monkeypatch):
    """The reports rendered, in order (the real renderer still runs)."""
    calls = []
    real = tasks.render_pdf

    def counting(report):
        calls.append(report.numbers)
        return real(report)

    monkeypatch.setattr(tasks, "render_pdf", counting)
    return calls


def test_a_pdf_is_rendered_once_per_version_and_audience(client, member, renders):
    session = SessionFactory()
    item = FindingFactory(session=session, text="The first version of this learning point.")
    first, second = client.get(pdf_url(session)), client.get(pdf_url(session))
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert len(renders) == 1
    client.force_login(member)  # another audience: its own copy
    client.get(pdf_url(session))
    assert len(renders) == 2
    # The session's revision moves on: the next request has it made afresh.
    saved(item, text="The second version of this learning point.")
    client.logout()
    third = client.get(pdf_url(session))
    assert len(renders) == 3
    assert "secondversionofthislearningpoint" in pdf_words(third.content)


def test_an_edit_to_another_session_leaves_this_report_valid(client, renders):
    session = SessionFactory()
    other = SessionFactory()  # another group: nothing of it shows in this report
    item = FindingFactory(session=other, text="Elsewhere.")
    client.get(pdf_url(session))
    saved(item, text="Edited elsewhere.")
    assert client.get(pdf_url(session)).status_code == 200
    assert len(renders) == 1


def test_an_edit_to_the_schedule_renews_the_reports_that_print_it(client, renders):
    session = SessionFactory(number=1)
    neighbour = SessionFactory(group=session.group, number=2, subject="Old subject")
    client.get(pdf_url(session))
    neighbour.subject = "New subject"  # printed in session 1's schedule table
    neighbour.save()
    response = client.get(pdf_url(session))
    assert len(renders) == 2
    assert "newsubject" in pdf_words(response.content)


def test_unpublishing_is_seen_at_once(client):
    session = SessionFactory()
    assert client.get(pdf_url(session)).status_code == 200
    session.visibility = "draft"
    session.save()
    assert client.get(pdf_url(session)).status_code == 404


def test_a_report_being_prepared_elsewhere_is_not_rendered_again(client, renders):
    session = SessionFactory()
    # Another process holds the claim on this very report (it is rendering it now).
    from ajc import cache

    rendering = f"{tasks.RENDERING}:{tasks.NAME}"
    assert cache.claim(rendering, session.group.pk, session.number, timeout=60)
    response = client.get(pdf_url(session))
    assert response.status_code == 202
    assert response["Refresh"] == "5"
    assert "being prepared" in response.content.decode()
    assert renders == []


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two threads need connections of their own"
)
@pytest.mark.django_db(transaction=True)
def test_two_readers_at_once_queue_one_render(settings, renders):
    """With a real queue (no worker here), two simultaneous requests enqueue one task."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_BACKEND
    session = SessionFactory()
    barrier = threading.Barrier(2)
    statuses = []

    def ask():
        barrier.wait()
        try:
            statuses.append(Client().get(pdf_url(session)).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert statuses == [202, 202]
    assert DBTaskResult.objects.count() == 1
    assert renders == []  # nothing rendered in a reader's request


def test_a_failed_render_is_a_clear_page_logged_and_not_retried_at_once(
    client, monkeypatch, caplog
):
    session = SessionFactory()
    calls = []

    def broken(report):
        calls.append(1)
        raise RuntimeError("pango exploded")

    monkeypatch.setattr(tasks, "render_pdf", broken)
    response = client.get(pdf_url(session))
    assert response.status_code == 503
    assert "could not be prepared" in response.content.decode()
    assert "Could not render the PDF report" in caplog.text
    assert client.get(pdf_url(session)).status_code == 503
    assert len(calls) == 1


def test_one_client_cannot_queue_reports_without_end(client, settings, monkeypatch):
    settings.TASKS = DATABASE_BACKEND  # queued, not rendered: each request is a new report
    monkeypatch.setattr(tasks, "QUEUED_PER_CLIENT_PER_MINUTE", 3)
    sessions = [SessionFactory() for _ in range(4)]
    statuses = [client.get(pdf_url(session)).status_code for session in sessions]
    assert statuses == [202, 202, 202, 429]
    last = client.get(pdf_url(sessions[-1]))
    assert last.status_code == 429 and last["Retry-After"] == "60"


def test_a_combined_report_covers_a_bounded_number_of_sessions(client):
    first = SessionFactory(number=1)
    for number in range(2, MAX_SESSIONS_PER_REPORT + 2):
        SessionFactory(group=first.group, number=number)
    url = reverse("reports:combined_pdf", kwargs={"group_slug": first.group.slug})
    allowed = [("session", n) for n in range(1, MAX_SESSIONS_PER_REPORT + 1)]
    assert client.get(url, allowed).status_code == 200
    too_many = client.get(url, [*allowed, ("session", MAX_SESSIONS_PER_REPORT + 1)])
    assert too_many.status_code == 400
    assert f"at most {MAX_SESSIONS_PER_REPORT} sessions" in too_many.content.decode()


def test_pdfs_and_figures_are_revalidated_before_each_use(client, pilot_content):
    session_url = reverse(
        "reports:session_pdf", kwargs={"group_slug": "pilot-learning-group", "number": 2}
    )
    figure_url = reverse(
        "reports:figure",
        kwargs={"group_slug": "pilot-learning-group", "number": 2, "figure_number": 1},
    )
    for url in (session_url, figure_url):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-cache"
        again = client.get(url, headers={"if-none-match": response["ETag"]})
        assert again.status_code == 304


def test_saving_a_session_queues_its_report(settings, renders, django_capture_on_commit_callbacks):
    settings.REPORT_PDF_QUEUE_ON_SAVE = True
    with django_capture_on_commit_callbacks(execute=True):
        session = SessionFactory()
        FindingFactory(session=session, text="Ready before anyone asks.")
    assert renders  # rendered on save (by the immediate backend here, the worker in production)
    count = len(renders)
    response = Client().get(pdf_url(session))
    assert response.status_code == 200 and len(renders) == count
    assert "readybeforeanyoneasks" in pdf_words(response.content)


def test_saves_while_the_report_waits_for_the_worker_queue_it_once(
    settings, renders, django_capture_on_commit_callbacks, monkeypatch
):
    """A facilitator saving every second does not queue a render per save: the worker renders
    the report as it is when it gets to it (issue 11)."""
    settings.REPORT_PDF_QUEUE_ON_SAVE = True
    queued, prepare = [], tasks.prepare_session_report
    monkeypatch.setattr(
        tasks, "prepare_session_report", types.SimpleNamespace(enqueue=lambda *a: queued.append(a))
    )
    session = SessionFactory()
    for text in ("First save.", "Second save.", "Third save."):
        with django_capture_on_commit_callbacks(execute=True):
            FindingFactory(session=session, text=text)
    assert queued == [(session.pk,)] and renders == []
    prepare.call(session.pk)
    assert len(renders) == 2  # the public's and members' reports, with all three saves
    with django_capture_on_commit_callbacks(execute=True):
        FindingFactory(session=session, text="A save after the worker began.")
    assert len(queued) == 2


# The real worker --------------------------------------------------------------------------------


@pytest.fixture
def shared_cache(settings):
    """The web side and the worker share a Redis cache, as in production."""
    import redis

    url = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/4")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
    except redis.RedisError as error:
        pytest.skip(f"needs Redis at {url} ({error})")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    return url


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the worker process shares the test database"
)
@pytest.mark.processes
@pytest.mark.django_db(transaction=True)
def test_the_worker_picks_up_renders(settings, shared_cache):
    settings.TASKS = DATABASE_BACKEND
    session = SessionFactory(subject="Rendered by the worker")
    FindingFactory(session=session, text="The worker prepared this.")
    client = Client()
    assert client.get(pdf_url(session)).status_code == 202

    worker = start_worker("reports", shared_cache)
    try:
        deadline = time.monotonic() + 60
        response = client.get(pdf_url(session))
        while response.status_code == 202 and time.monotonic() < deadline:
            time.sleep(0.5)
            response = client.get(pdf_url(session))
    finally:
        worker.terminate()
        output = worker.communicate(timeout=20)[0].decode()
    assert response.status_code == 200, output[-2000:]
    assert "theworkerpreparedthis" in pdf_words(response.content)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the worker process shares the test database"
)
@pytest.mark.processes
@pytest.mark.django_db(transaction=True)
def test_the_worker_renders_an_edited_reports_audiences_with_one_task(settings, shared_cache):
    """Saves queue one render task for the report, and the worker renders with it the
    public's and the members' copies, each as it was after the last save (issue 28)."""
    from django_tasks_db.models import DBTaskResult

    from ajc.visibility import Reader
    from reports.report import select_report

    settings.TASKS = DATABASE_BACKEND
    settings.REPORT_PDF_QUEUE_ON_SAVE = True
    session = SessionFactory()
    FindingFactory(session=session, kind="risk", text="For members only.", visibility="members")
    risk = FindingFactory(session=session, kind="risk", text="Edit 0.")
    for number in range(1, 6):
        saved(risk, text=f"Edit {number}.")

    def ready(audience):
        selection = select_report(Reader(audience), session.group, [session.number])
        return tasks.ready_pdf(selection)

    # The saves' preparation on the refresh lane, the render on the reports lane.
    worker = start_worker("refresh,reports", shared_cache)
    try:
        deadline = time.monotonic() + 90
        while not (ready("public") and ready("member")) and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=20)[0].decode()
    renders = DBTaskResult.objects.filter(task_path=tasks.render_report.module_path)
    assert [row.status for row in renders] == ["SUCCESSFUL"], output[-2000:]
    public, member = pdf_words(ready("public")), pdf_words(ready("member"))
    assert "edit5" in public and "formembersonly" not in public
    assert "edit5" in member and "formembersonly" in member
