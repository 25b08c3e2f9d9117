"""What's new (issue 14): each item's publication date, kept in step with its session; sorting
and filtering by it in the findings browser; the What's new page and its links."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from findings.models import Item

from .factories import FindingFactory, SessionFactory, ThemeFactory, words_in
from .support import saved

pytestmark = pytest.mark.django_db
URL = reverse("findings:item_list")


def published(item, when):
    Item.objects.filter(pk=item.pk).update(published_at=when)


def aware(year, month, day=1):
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


def test_an_item_is_published_with_its_session(db):
    session = SessionFactory(visibility="draft")
    item = FindingFactory(session=session)
    assert item.published_at is None
    saved(session, visibility="members")
    item.refresh_from_db()
    assert item.published_at == session.published_at
    # Added later to the published session: published when added.
    later = FindingFactory(session=session)
    assert later.published_at >= session.published_at
    # Unpublishing and publishing again keeps the first date.
    first = item.published_at
    saved(session, visibility="draft")
    saved(session, visibility="public")
    item.refresh_from_db()
    assert item.published_at == first


@pytest.fixture
def dated(db):
    session = SessionFactory(visibility="public", date=datetime.date(2012, 4, 1))
    newer_session = SessionFactory(visibility="public", date=datetime.date(2012, 6, 1))
    theme = ThemeFactory()
    old = FindingFactory(session=newer_session, text="Old alphapublic.", themes=[theme])
    new = FindingFactory(session=session, text="New bravomembers.", themes=[theme])
    published(old, aware(2026, 9, 15))
    published(new, aware(2026, 11, 20))
    return old, new


def test_new_since_a_month(client, dated):
    html = client.get(URL, {"since": "2026-11"}).content.decode()
    assert words_in(html) == {"bravomembers"}
    assert "<title>Findings published since November 2026 – AJC learning groups</title>" in html
    assert "Published since: November 2026" in html
    html = client.get(URL, {"since": "2026-09-01"}).content.decode()
    assert words_in(html) == {"alphapublic", "bravomembers"}


def test_a_bad_date_says_how_to_write_one(client, dated):
    response = client.get(URL, {"since": "last month"})
    assert response.status_code == 400
    assert "Give a month as YYYY-MM" in response.content.decode()


def test_sort_by_publication_or_by_session(client, dated):
    old, new = dated

    def order(**params):
        response = client.get(URL, params)
        return [item.pk for item in response.context["page_obj"].object_list]

    assert order(order="published") == [new.pk, old.pk]
    assert order(order="session") == [old.pk, new.pk]  # old's session is the later one


def test_items_show_both_dates(client, dated):
    html = client.get(URL).content.decode()
    assert "April 2012 · published 20 November 2026" in html


def test_whats_new_lists_the_newest_and_links_each_month(client, dated):
    response = client.get(reverse("findings:whats_new"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("bravomembers") < html.index("alphapublic")
    assert '?since=2026-11&amp;order=published">Since November 2026</a>' in html
    assert "2 items (1 published that month)" in html  # since September: both
    assert reverse("findings:feed") in html
    assert "<title>What’s new – AJC learning groups</title>" in html


def test_whats_new_obeys_visibility(client, member, world):
    html = client.get(reverse("findings:whats_new")).content.decode()
    assert "bravomembers" not in html and "alphapublic" in html
    client.force_login(member)
    html = client.get(reverse("findings:whats_new")).content.decode()
    assert "bravomembers" in html and "hoteldraftsession" not in html
