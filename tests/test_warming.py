"""After an edit that narrows, the worker's "refresh" lane (or, outside any request, the process
that made it) computes the most-read pages again (``ajc.warming``), so their first readers find
them ready and never the previous version."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ajc import cache, warming
from ajc import urls as _urls  # noqa: F401 (its views declare tasks: before a test swaps TASKS)
from ajc.scope import serving
from findings.views import most_read_paths

from .factories import FindingFactory, SessionFactory, ThemeFactory
from .support import saved

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def warming_on(settings):
    # Off in the test settings, which every other test uses (ajc/settings/test.py).
    settings.AJC_WARM_AFTER_NARROWING = True


@pytest.fixture
def published():
    theme = ThemeFactory(slug="localism", name="Localism", featured=True)
    session = SessionFactory(visibility="public")
    kept = FindingFactory(session=session, text="Kept in view.", themes=[theme])
    withdrawn = FindingFactory(session=session, text="Soon members only.", themes=[theme])
    return kept, withdrawn


def test_the_list_is_short_and_names_the_featured_themes(published):
    paths = most_read_paths()
    assert reverse("home") in paths and reverse("findings:item_list") in paths
    assert "/findings/themes/localism/" in paths
    assert len(paths) < 20


def test_after_a_narrowing_edit_the_first_reader_finds_the_pages_ready(client, published):
    kept, withdrawn = published
    for path in most_read_paths():
        assert client.get(path).status_code == 200
    # As the admin saves: once it commits, the revision moves on and the pages are computed again
    saved(withdrawn, visibility="members")
    for path in most_read_paths():
        with CaptureQueriesContext(connection) as queries:
            # As readers come, behind the site's proxy (the feed is kept per host).
            response = client.get(path, HTTP_HOST=warming._hosts()[0], secure=True)
        body = response.content.decode()
        assert "Soon members only" not in body, path
        # Served from what the warm-up computed (the worker's task, run here where it is
        # queued): no item was read again.
        assert not [q for q in queries.captured_queries if "findings_item" in q["sql"]], path
    assert "Kept in view" in client.get(reverse("findings:item_list")).content.decode()


def test_an_edit_that_narrows_nothing_computes_nothing_ahead(published, monkeypatch):
    kept, _ = published
    calls = []
    monkeypatch.setattr(warming, "warm", lambda: calls.append(1))
    saved(kept, text="Kept in view, reworded.")
    assert calls == []
    saved(kept, visibility="draft")
    assert calls == [1]


def test_with_no_refresh_lane_a_request_computes_nothing_ahead(published, monkeypatch, settings):
    """Where no worker takes the "refresh" lane, the admin's save warms nothing, not even after
    its response (the web process serves readers): each page's first reader computes it. A
    command, outside any request, warms the pages at once."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }
    kept, withdrawn = published
    calls = []
    monkeypatch.setattr(warming, "warm", lambda: calls.append("warm"))
    with serving(object()):
        saved(withdrawn, visibility="members")
    assert calls == []
    saved(kept, visibility="members")
    assert calls == ["warm"]


def test_a_page_that_fails_does_not_fail_the_edit(published, monkeypatch):
    _, withdrawn = published
    monkeypatch.setattr(warming, "paths", lambda: ["/findings/", "/no-such-page/"])

    def broken(path, host, **kwargs):
        raise RuntimeError("boom") if path == "/findings/" else None

    monkeypatch.setattr(warming, "get", broken)
    saved(withdrawn, visibility="members")
    assert cache.content_revision()


def test_the_pages_are_listed_once_and_a_failing_list_fails_nothing(monkeypatch):
    listed = []

    def failing_list():
        listed.append(1)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(warming, "paths", failing_list)
    monkeypatch.setattr(warming, "_hosts", lambda: ["example.org", "www.example.org"])
    assert warming.warm() == 0
    assert listed == [1]


# The worker's "refresh" lane (issue 28, point 1)

REFRESH_LANE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "refresh"]}
}


def test_the_web_process_leaves_the_warm_up_to_the_workers_refresh_lane(
    published, settings, monkeypatch
):
    """In a request (the admin's save), nothing is computed by the web process, not even after
    its response: one task waits on the refresh lane, however many narrowing edits come."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = REFRESH_LANE
    kept, withdrawn = published
    calls = []
    monkeypatch.setattr(warming, "warm", lambda: calls.append("warm"))
    with serving(object()):
        saved(withdrawn, visibility="members")
        saved(kept, visibility="draft")
    assert calls == []
    queued = DBTaskResult.objects.filter(task_path="ajc.cache.refresh.warm_after_narrowing")
    assert list(queued.values_list("queue_name", flat=True)) == ["refresh"]


def test_the_workers_warm_up_leaves_the_pages_ready_and_never_as_they_were(
    client, published, settings
):
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "refresh"],
        }
    }
    kept, withdrawn = published
    for path in most_read_paths():
        assert client.get(path).status_code == 200
    saved(withdrawn, visibility="members")  # the task runs where it is queued, here
    for path in most_read_paths():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_HOST=warming._hosts()[0], secure=True)
        assert "Soon members only" not in response.content.decode(), path
        assert not [q for q in queries.captured_queries if "findings_item" in q["sql"]], path
    # A second narrowing edit is warmed again: the first task let its claim go.
    saved(kept, visibility="members")
    assert "Kept in view" not in client.get(reverse("findings:item_list")).content.decode()


def test_after_an_edit_that_narrows_nothing_the_worker_computes_the_pages_at_once(
    client, published, settings, monkeypatch
):
    """Not when their next reader finds them out of date (issue 28: an edit shows within 2 s):
    one task waits on the refresh lane for any number of edits, nothing computed by the web
    process; with the setting off, nothing is queued."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = REFRESH_LANE
    kept, _ = published
    calls = []
    monkeypatch.setattr(warming, "warm", lambda: calls.append("warm"))
    queued = DBTaskResult.objects.filter(task_path="ajc.cache.refresh.warm_after_narrowing")
    settings.AJC_WARM_AFTER_EDIT = False
    with serving(object()):
        saved(kept, text="Kept in view, reworded.")
    assert not queued.exists()
    settings.AJC_WARM_AFTER_EDIT = True
    with serving(object()):
        saved(kept, text="Kept in view, reworded again.")
        saved(kept, text="Kept in view, and again.")
    assert calls == []
    assert list(queued.values_list("queue_name", flat=True)) == ["refresh"]


def test_the_pages_the_worker_computed_after_an_ordinary_edit_show_it(client, published, settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "refresh"],
        }
    }
    settings.AJC_WARM_AFTER_EDIT = True
    settings.AJC_REFRESH = {"at_least": 60.0, "factor": 0.0, "at_most": 60.0}
    kept, _ = published
    page = reverse("findings:item_list")
    assert (
        "Kept in view"
        in client.get(page, HTTP_HOST=warming._hosts()[0], secure=True).content.decode()
    )
    saved(kept, text="Reworded in view.")  # the task runs where it is queued, here
    with CaptureQueriesContext(connection) as queries:
        body = client.get(page, HTTP_HOST=warming._hosts()[0], secure=True).content.decode()
    assert "Reworded in view" in body
    assert not [q for q in queries.captured_queries if "findings_item" in q["sql"]]


def test_a_save_leaves_the_counts_to_the_worker_and_nobody_reads_them_behind(published, settings):
    """The facet counts are caught up by one task on the refresh lane for any number of saves,
    not in the admin's request (issue 28: a save's own cost); whoever reads them first catches
    them up meanwhile."""
    from django.contrib.auth.models import AnonymousUser
    from django_tasks_db.models import DBTaskResult

    from ajc.visibility import levels_for
    from findings import tallies

    settings.TASKS = REFRESH_LANE
    kept, withdrawn = published
    public = levels_for(AnonymousUser())
    tallies.catch_up()
    assert tallies.total(public) == 2
    with serving(object()):
        saved(withdrawn, visibility="members")
        saved(kept, text="Kept in view, reworded.")
    queued = DBTaskResult.objects.filter(task_path="findings.tallies.catch_up_task")
    assert list(queued.values_list("queue_name", flat=True)) == ["refresh"]
    assert tallies.behind() == [kept.session_id]
    assert tallies.total(public) == 1  # the reader caught up first
    assert tallies.behind() == []
    saved(kept, text="Kept in view, by a command.")  # outside a request: counted at once
    assert tallies.behind() == []
    assert queued.count() == 1


def test_one_warm_up_runs_at_a_time_and_a_second_comes_back_later(settings, monkeypatch):
    """Two beside each other would only wait on each other's pages and keep the lane's other
    worker from the pages readers asked for (issue 28): one that finds another running is
    queued again a moment later, still the one waiting, and runs once the first is done."""
    import datetime

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from ajc.cache import claim, refresh, release

    settings.TASKS = REFRESH_LANE
    calls = []
    monkeypatch.setattr(warming, "warm", lambda: calls.append("warm") or 3)
    queued = DBTaskResult.objects.filter(task_path="ajc.cache.refresh.warm_after_narrowing")
    assert claim(refresh.WARM_CLAIM, timeout=60)  # as the edit that queued this task took it
    assert claim(refresh.WARMING_NOW, timeout=60)  # another warm-up is running
    assert refresh.warm_after_narrowing.call() == 0
    assert calls == []
    again = queued.get()
    assert again.queue_name == "refresh"
    assert again.run_after > timezone.now() - datetime.timedelta(seconds=1)
    # Still the one waiting: an edit meanwhile queues no other.
    assert not claim(refresh.WARM_CLAIM, timeout=60)
    release(refresh.WARMING_NOW)  # the first is done
    assert refresh.warm_after_narrowing.call() == 3
    assert calls == ["warm"]
    # Both let go: the next edit queues a warm-up, and it runs.
    assert release(refresh.WARM_CLAIM) is False
    assert release(refresh.WARMING_NOW) is False


def test_after_an_unpublish_the_warm_up_waits_for_the_readers_given_pages_made_safe(
    published, settings
):
    """An unpublish says what it hid, and its readers are given pages made safe: the warm-up
    starts AJC_WARM_AFTER_MADE_SAFE_SECONDS later, not beside them. A deletion cannot say what
    it hid, and its readers have nothing to be given: its warm-up is at once."""
    import datetime

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from .support import deleted

    settings.TASKS = REFRESH_LANE
    settings.AJC_WARM_AFTER_MADE_SAFE_SECONDS = 2.0
    kept, withdrawn = published
    queued = DBTaskResult.objects.filter(task_path="ajc.cache.refresh.warm_after_narrowing")
    before = timezone.now()
    with serving(object()):
        saved(withdrawn, visibility="members")
    (later,) = queued.values_list("run_after", flat=True)
    assert (
        before + datetime.timedelta(seconds=1.5)
        < later
        < timezone.now() + datetime.timedelta(seconds=2.5)
    )
    queued.delete()
    cache.release(cache.refresh.WARM_CLAIM)
    with serving(object()):
        deleted(kept)
    (at_once,) = queued.values_list("run_after", flat=True)
    # Not deferred (django-tasks-db stores an undeferred task's run_after as the year 9999).
    assert at_once.year == 9999
