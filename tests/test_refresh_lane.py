"""After an edit that narrows nothing, the value a reader finds out of date is computed again by
the worker's "refresh" lane, never by the web process serving that reader (issue 28, point 1;
issue 23, point 2): ``ajc.cache.refresh``. Where no worker takes the lane, the reader computes
it, and is never given a version left out of date."""

import os
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse

from ajc import cache
from ajc.cache import refresh
from ajc.scope import serving
from findings.views import browser

from .factories import FindingFactory, SessionFactory
from .support import saved, start_worker

pytestmark = pytest.mark.django_db

# The database backend (tasks wait to be run), with every lane or every lane but "refresh".
REFRESH_LANE = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": list(django_settings.TASK_QUEUES),
    }
}
NO_REFRESH_LANE = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": [queue for queue in django_settings.TASK_QUEUES if queue != "refresh"],
    }
}
PROBE = cache.Policy("probe-refresh")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def no_warming(settings):
    settings.AJC_WARM_AFTER_NARROWING = False


def queued_refreshes():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path="ajc.cache.refresh.refresh_page")


def run_queued(task_result):
    """Run a queued refresh as the worker would (in this process, standing in for it)."""
    return refresh.refresh_page.call(*task_result.args_kwargs["args"])


class Counted:
    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


def reader(path="/findings/"):
    """A signed-out reader's request being served."""
    return serving(RequestFactory().get(path))


def test_the_reader_who_finds_a_value_out_of_date_gets_the_previous_one_and_computes_nothing(
    settings,
):
    settings.TASKS = REFRESH_LANE
    assert cache.cached(PROBE, "public", lambda: "before the edit") == "before the edit"
    cache.invalidate()
    new = Counted("after the edit")
    with reader():
        assert cache.cached(PROBE, "public", new) == "before the edit"
    with reader():  # the next reader too, and one task is waiting for both
        assert cache.cached(PROBE, "public", new) == "before the edit"
    assert new.calls == 0
    assert list(queued_refreshes().values_list("queue_name", flat=True)) == ["refresh"]


def test_the_worker_computes_the_page_and_the_next_reader_gets_the_new_version(
    client, settings, monkeypatch
):
    """End to end through the findings browser: the reader's request computes nothing, the
    queued task (run here as the worker would) computes the page, the next reader has it."""
    settings.TASKS = REFRESH_LANE
    session = SessionFactory(visibility="public")
    FindingFactory(session=session, text="Written first.")
    page = reverse("findings:item_list")
    assert "Written first" in client.get(page).content.decode()
    computed = []
    real = browser._browser_results
    monkeypatch.setattr(browser, "_browser_results", lambda *a: computed.append(1) or real(*a))
    FindingFactory(session=session, text="Added later.")  # an edit that narrows nothing
    body = client.get(page).content.decode()
    assert "Written first" in body and "Added later" not in body
    assert computed == []  # nothing computed in the web process, not even after the response
    (task_result,) = queued_refreshes()
    assert task_result.queue_name == "refresh"
    assert run_queued(task_result) == 200
    assert computed == [1]
    assert "Added later" in client.get(page).content.decode()
    assert computed == [1]  # served as the worker left it
    assert not queued_refreshes().exclude(pk=task_result.pk).exists()


def test_the_worker_is_asked_at_once_however_recently_the_value_was_computed(settings):
    """The window in which a value computed moments ago is given as it was (``AJC_REFRESH``)
    spares readers' processes; the worker is asked at once, so an edit shows within moments
    (issue 28: within 2 s)."""
    settings.TASKS = REFRESH_LANE
    settings.AJC_REFRESH = {"at_least": 60.0, "factor": 0.0, "at_most": 60.0}
    cache.cached(PROBE, "public", lambda: "before the edit")
    cache.invalidate()
    with reader():
        assert cache.cached(PROBE, "public", lambda: "after the edit") == "before the edit"
    # Before the warm-up of the most-read pages the same edit queued (priority 0).
    assert list(queued_refreshes().values_list("priority", flat=True)) == [refresh.PAGE_PRIORITY]
    assert refresh.PAGE_PRIORITY > 0


def test_the_worker_computing_a_page_is_never_given_the_previous_version(settings):
    """Else it would store nothing new, and the page's readers would be left to compute it."""
    settings.TASKS = REFRESH_LANE
    settings.AJC_REFRESH = {"at_least": 60.0, "factor": 0.0, "at_most": 60.0}
    cache.cached(PROBE, "public", lambda: "before the edit")
    cache.invalidate()
    token = refresh._refreshing.set(True)
    try:
        with reader():
            assert cache.cached(PROBE, "public", lambda: "after the edit") == "after the edit"
    finally:
        refresh._refreshing.reset(token)
    assert not queued_refreshes().exists()
    with reader():
        assert cache.cached(PROBE, "public", lambda: "not computed again") == "after the edit"


def test_with_no_worker_on_the_lane_the_reader_computes_the_new_version(settings):
    settings.TASKS = NO_REFRESH_LANE
    cache.cached(PROBE, "public", lambda: "before the edit")
    cache.invalidate()
    with reader():
        assert cache.cached(PROBE, "public", lambda: "after the edit") == "after the edit"
    assert not queued_refreshes().exists()


def test_a_task_no_worker_has_started_is_not_waited_on_for_ever(settings, monkeypatch):
    settings.TASKS = REFRESH_LANE
    cache.cached(PROBE, "public", lambda: "before the edit")
    cache.invalidate()
    with reader():
        assert cache.cached(PROBE, "public", lambda: "after the edit") == "before the edit"
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + refresh.REFRESH_WAIT_SECONDS + 1)
    with reader():
        assert cache.cached(PROBE, "public", lambda: "after the edit") == "after the edit"
    assert queued_refreshes().count() == 1


def test_a_page_that_does_not_compute_the_value_is_not_queued_again(settings):
    """The worker asked for the page, which did not compute the value (it belongs to another
    page): its readers compute it themselves rather than be given the previous one again."""
    settings.TASKS = REFRESH_LANE
    cache.cached(PROBE, "public", lambda: "version 1")
    cache.invalidate()
    with reader("/no-such-page/"):
        assert cache.cached(PROBE, "public", lambda: "version 2") == "version 1"
    (task_result,) = queued_refreshes()
    assert run_queued(task_result) == 404
    with reader("/no-such-page/"):
        assert cache.cached(PROBE, "public", lambda: "version 2") == "version 2"
    cache.invalidate()
    with reader("/no-such-page/"):
        assert cache.cached(PROBE, "public", lambda: "version 3") == "version 3"
    assert queued_refreshes().count() == 1


def test_members_and_facilitators_are_never_left_to_the_worker(settings):
    """The worker asks as a signed-out reader: a members' value is computed by its reader, and
    facilitators never get a previous version at all."""
    settings.TASKS = REFRESH_LANE
    for audience in ("member", "facilitator"):
        cache.cached(PROBE, audience, lambda: "before the edit")
    cache.invalidate()
    with reader():
        assert cache.cached(PROBE, "member", lambda: "after the edit") == "after the edit"
        assert cache.cached(PROBE, "facilitator", lambda: "after the edit") == "after the edit"
    assert not queued_refreshes().exists()


def test_after_a_narrowing_edit_nothing_is_queued_and_nothing_from_before_it_is_given(settings):
    settings.TASKS = REFRESH_LANE
    cache.cached(PROBE, "public", lambda: "with the unpublished session")
    cache.invalidate(narrowing=True)
    with reader():
        assert cache.cached(PROBE, "public", lambda: "without it") == "without it"
    assert not queued_refreshes().exists()


def test_outside_a_request_the_value_is_computed_where_it_is_asked_for(settings):
    """A command or the worker's own task (a PDF render) has no page to ask for again."""
    settings.TASKS = REFRESH_LANE
    cache.cached(PROBE, "public", lambda: "before the edit")
    cache.invalidate()
    assert cache.cached(PROBE, "public", lambda: "after the edit") == "after the edit"
    assert not queued_refreshes().exists()


def test_the_worker_asks_for_the_page_with_its_query_host_and_scheme(client, settings):
    """A page of a filtered result is computed again as it was asked for, not as the bare
    list: the task carries the query string, the host and whether it was secure."""
    settings.TASKS = REFRESH_LANE
    session = SessionFactory(visibility="public")
    finding = FindingFactory(session=session, text="Localism matters.")
    page = reverse("findings:item_list") + "?q=localism"
    client.get(page, secure=True)
    saved(finding, text="Localism matters, reworded.")
    assert "reworded" not in client.get(page, secure=True).content.decode()
    (task_result,) = queued_refreshes()
    args = task_result.args_kwargs["args"]
    assert args[2:] == ["/findings/", "q=localism", "testserver", True]
    assert run_queued(task_result) == 200
    assert "reworded" in client.get(page, secure=True).content.decode()


# The real worker -----------------------------------------------------------------------------


@pytest.fixture
def shared_cache(settings):
    """The web side (this process) and the worker share a Redis cache, as in production."""
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
def test_a_real_worker_on_the_refresh_lane_computes_the_page_the_web_process_did_not(
    settings, shared_cache, monkeypatch
):
    settings.TASKS = REFRESH_LANE
    session = SessionFactory(visibility="public")
    FindingFactory(session=session, text="Written first.")
    web = Client(HTTP_HOST="localhost")
    page = reverse("findings:item_list")
    assert "Written first" in web.get(page).content.decode()
    computed = []
    real = browser._browser_results
    monkeypatch.setattr(browser, "_browser_results", lambda *a: computed.append(1) or real(*a))
    FindingFactory(session=session, text="Added later.")
    assert "Added later" not in web.get(page).content.decode()
    assert queued_refreshes().filter(status="READY").count() == 1
    worker = start_worker(
        "refresh",
        shared_cache,
        # As this process's settings: a value out of date is computed again at once.
        **{f"AJC_REFRESH_{name}": "0" for name in ("AT_LEAST", "FACTOR", "AT_MOST")},
    )
    try:
        deadline = time.monotonic() + 60
        while queued_refreshes().exclude(status="SUCCESSFUL").exists():
            assert time.monotonic() < deadline, "the refresh task was not run"
            time.sleep(0.2)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=20)[0].decode()
    assert "Added later" in web.get(page).content.decode(), output[-2000:]
    assert computed == []  # the worker computed it; this process only served it
