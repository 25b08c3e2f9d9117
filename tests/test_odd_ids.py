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
