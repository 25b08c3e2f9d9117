"""After an edit that narrows, the process that made it computes the most-read pages again
(``ajc.warming``), so their first readers find them ready and never the previous version."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ajc import cache, warming
from findings.views import most_read_paths

from .factories import FindingFactory, SessionFactory, ThemeFactory
from .support import saved

pytestmark = pytest.mark.django_db(transaction=True)


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
        # Served from what the editing process computed: no item was read again.
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


def test_in_a_request_the_pages_are_computed_after_its_response(client, published, monkeypatch):
    """The admin's save: the facilitator's response does not wait for the pages."""
    from django.core.signals import request_finished, request_started

    _, withdrawn = published
    order = []
    monkeypatch.setattr(warming, "warm", lambda: order.append("warm"))
    request_started.send(sender=None)
    saved(withdrawn, visibility="members")
    order.append("response sent")
    request_finished.send(sender=None)
    assert order == ["response sent", "warm"]


def test_a_page_that_fails_does_not_fail_the_edit(published, monkeypatch):
    _, withdrawn = published
    monkeypatch.setattr(warming, "paths", lambda: ["/findings/", "/no-such-page/"])

    def broken(path, host):
        raise RuntimeError("boom") if path == "/findings/" else None

    monkeypatch.setattr(warming, "_get", broken)
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
