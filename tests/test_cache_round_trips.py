"""A reader's wait after an edit is mostly round trips to the shared cache on a busy machine:
each is a switch to Redis and back, and under load each may wait a scheduler's turn (issue 28,
"every public page ≤ 5× after an ordinary edit"). What a page reads of the cache is read
together: these tests count the round trips of a page's first read after an ordinary edit, as
its reader is given the previous version while the worker computes the new one."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from ajc.cache import backend

from .factories import FindingFactory, SessionFactory
from .support import saved

pytestmark = pytest.mark.django_db

# The database backend with every lane: pages are queued for the worker, which nothing runs here.
REFRESH_LANE = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": list(django_settings.TASK_QUEUES),
    }
}


class CountingCache:
    """Django's cache, counting each call that reaches the cache server."""

    def __init__(self, real):
        self.real, self.calls = real, []

    def __getattr__(self, name):
        method = getattr(self.real, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted if callable(method) else method


@pytest.fixture
def counting(monkeypatch, settings):
    settings.TASKS = REFRESH_LANE
    settings.AJC_WARM_AFTER_EDIT = False
    counter = CountingCache(backend.django_cache)
    monkeypatch.setattr(backend, "django_cache", counter)
    return counter


def first_read_after_an_ordinary_edit(counting, path, item):
    client = Client()
    old = item.text.encode()
    assert old in client.get(path).content  # the page as it was, kept
    saved(item, text="A new wording of the point after the edit.")
    counting.calls.clear()
    response = client.get(path)
    assert response.status_code == 200
    # The previous version, given while the worker computes the new one.
    assert old in response.content
    assert b"A new wording" not in response.content
    return list(counting.calls)


def test_the_session_page_first_read_after_an_ordinary_edit_takes_few_round_trips(counting):
    session = SessionFactory(visibility="public")
    item = FindingFactory(session=session)
    calls = first_read_after_an_ordinary_edit(counting, session.get_absolute_url(), item)
    # Before: 12 (the previous version, the floor, the queue's marks and its PDF's note each
    # asked for apart).
    assert len(calls) <= 8, calls


def test_a_findings_page_read_after_an_ordinary_edit_takes_three_round_trips(counting):
    session = SessionFactory(visibility="public")
    item = FindingFactory(session=session)
    calls = first_read_after_an_ordinary_edit(counting, "/findings/", item)
    # The site's revision, the page at it (missing), everything a miss needs together, and the
    # claim of the page's place in the worker's queue. Before: seven.
    assert calls == ["get", "get", "get_many", "add"], calls
    # The next reader finds it queued already.
    counting.calls.clear()
    assert Client().get("/findings/").status_code == 200
    assert counting.calls == ["get", "get", "get_many"], counting.calls
