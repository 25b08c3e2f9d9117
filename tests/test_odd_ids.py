"""Ids typed into a URL or a form that are digits to ``str.isdigit`` but not numbers to ``int``
("²", "٣"), or not digits at all: each gets a 404, a redirect with a message or a plain answer,
never a server error (``ajc.ids.as_id``)."""

import pytest
from django.urls import reverse

from ajc.ids import as_id

pytestmark = pytest.mark.django_db

ODD = ["²", "٣", "x", "-1", " 7 "]


@pytest.mark.parametrize(
    "value,expected",
    [
        ("7", 7),
        (" 7 ", 7),
        ("0", 0),
        ("²", None),
        ("٣", None),
        ("-1", None),
        ("", None),
        (None, None),
        (12, 12),
    ],
)
def test_as_id(value, expected):
    assert as_id(value) == expected


@pytest.mark.parametrize("odd", ODD)
def test_the_admin_answers_odd_ids_without_an_error(client, superuser, odd):
    client.force_login(superuser)
    check = reverse("admin:ajc_sessions_session_number_check")
    response = client.get(check, {"group": odd, "number": "1", "session": odd})
    assert response.status_code == 200 and response.json()["free"] is True
    assert client.get("/admin/findings/finding/add/", {"session": odd}).status_code == 200
    assert client.get("/admin/ajc_sessions/session/add/", {"group": odd}).status_code == 200
    assert client.get(f"/admin/findings/item/{odd}/delete/").status_code in (302, 404)


@pytest.mark.parametrize("odd", ODD)
def test_a_followed_recommendations_feed_with_an_odd_key_is_a_404(client, odd):
    assert client.get(f"/followup/feed/recommendation/{odd}/").status_code == 404


def test_one_of_keeps_the_rows_whose_id_is_listed_and_none_for_an_empty_list():
    from django.db import connection
    from django.db.models import F
    from django.test.utils import CaptureQueriesContext

    from ajc.ids import OneOf
    from findings.models import Item, ThemedItem

    from .factories import FindingFactory, ThemeFactory

    theme = ThemeFactory()
    items = [FindingFactory(themes=[theme]) for _ in range(4)]
    wanted = [items[0].pk, items[2].pk, 10**12]
    assert set(Item.objects.filter(OneOf(F("pk"), wanted)).values_list("pk", flat=True)) == {
        items[0].pk,
        items[2].pk,
    }
    # Through a foreign key's column, as the facets read the link tables.
    linked = ThemedItem.objects.filter(OneOf(F("content_object_id"), wanted))
    assert sorted(linked.values_list("content_object_id", flat=True)) == sorted(wanted[:2])
    with CaptureQueriesContext(connection) as queries:
        assert list(Item.objects.filter(OneOf(F("pk"), []))) == []
    assert not queries.captured_queries  # nothing can match: no query at all
    if connection.vendor == "postgresql":  # one array parameter, however many ids
        sql, params = Item.objects.filter(OneOf(F("pk"), wanted)).query.sql_with_params()
        assert "= ANY(%s::bigint[])" in sql and [wanted] == [p for p in params if p == wanted]
