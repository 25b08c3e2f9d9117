"""A learning group exists for a reader only through a session they may see (issue 25, finding 4).

An import creates its group the moment a file is uploaded: until a session of it is published,
its name, introduction and schedule are the facilitators' alone.
"""

import pytest
from django.urls import reverse

from .factories import LearningGroupFactory, SessionFactory

pytestmark = pytest.mark.django_db

INTRODUCTION = "Unreviewedintroduction of a group only drafts carry."


@pytest.fixture
def groups():
    """'drafted' has only a draft session, 'members' a members-only one, 'empty' none at all,
    'open' a public one."""
    drafted = LearningGroupFactory(
        slug="drafted", name="Drafted learning group", introduction=INTRODUCTION
    )
    SessionFactory(group=drafted, number=1, visibility="draft", subject="Draftsubject")
    members = LearningGroupFactory(slug="members", name="Members learning group")
    SessionFactory(group=members, number=1, visibility="members")
    empty = LearningGroupFactory(slug="empty", name="Empty learning group")
    opened = LearningGroupFactory(slug="open", name="Open learning group")
    SessionFactory(group=opened, number=1, visibility="public")
    return drafted, members, empty, opened


def names_on(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("url_name", ["home", "sessions:group_list"])
def test_lists_of_groups_name_only_groups_with_a_visible_session(
    client, member, facilitator, groups, url_name
):
    html = names_on(client, reverse(url_name))
    assert "Open learning group" in html
    for hidden in ("Drafted", "Members", "Empty"):
        assert f"{hidden} learning group" not in html, hidden
    client.force_login(member)
    html = names_on(client, reverse(url_name))
    assert "Members learning group" in html
    assert "Drafted learning group" not in html and "Empty learning group" not in html
    client.force_login(facilitator)
    html = names_on(client, reverse(url_name))
    for name in ("Drafted", "Members", "Empty", "Open"):
        assert f"{name} learning group" in html, name


GROUP_PAGES = [
    ("group page", lambda slug: reverse("sessions:group_detail", args=[slug])),
    ("report chooser", lambda slug: reverse("reports:report_chooser", args=[slug])),
    # Asked for no session: its 400 page would name the group.
    ("combined PDF", lambda slug: reverse("reports:combined_pdf", args=[slug])),
    ("group progress", lambda slug: reverse("followup:group_progress", args=[slug])),
    ("group feed", lambda slug: reverse("followup:feed", args=["group", slug])),
]


@pytest.mark.parametrize("page", GROUP_PAGES, ids=[page[0] for page in GROUP_PAGES])
def test_a_group_only_drafts_carry_answers_as_an_unknown_one(client, member, groups, page):
    _, url = page
    for user in (None, member):
        if user:
            client.force_login(user)
        hidden, unknown = client.get(url("drafted")), client.get(url("no-such-group"))
        assert hidden.status_code == unknown.status_code == 404, user
        body = hidden.content.decode()
        assert "Drafted learning group" not in body and "Unreviewedintroduction" not in body


def test_facilitators_see_a_group_only_drafts_carry(client, facilitator, groups):
    client.force_login(facilitator)
    html = names_on(client, reverse("sessions:group_detail", args=["drafted"]))
    assert "Unreviewedintroduction" in html and "Draftsubject" in html
    assert client.get(reverse("sessions:group_detail", args=["empty"])).status_code == 200


def test_a_member_sees_a_group_with_a_members_only_session(client, member, groups):
    assert client.get(reverse("sessions:group_detail", args=["members"])).status_code == 404
    client.force_login(member)
    assert client.get(reverse("sessions:group_detail", args=["members"])).status_code == 200


def test_filtering_by_a_hidden_group_is_the_same_as_by_an_unknown_one(client, groups):
    hidden = client.get(reverse("findings:item_list"), {"group": "drafted"})
    unknown = client.get(reverse("findings:item_list"), {"group": "no-such-group"})
    assert hidden.status_code == unknown.status_code == 400
    assert "Drafted learning group" not in hidden.content.decode()
    assert client.get("/api/items", {"group": "drafted"}).status_code == 404
    assert client.get("/api/items", {"group": "open"}).status_code == 200


def test_a_member_cannot_follow_a_group_they_cannot_see(client, member, groups):
    client.force_login(member)
    response = client.post(reverse("followup:follow"), {"kind": "group", "key": "drafted"})
    assert response.status_code == 404
