"""A theme exists for a reader only if an item they may see carries it (issue 9, finding 7)."""

import pytest
from django.urls import reverse

from .factories import FindingFactory, SessionFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes():
    """'secret' is carried only by a draft item; 'members' only by a members-only session's;
    'open' by a public item. All three are featured."""
    secret = ThemeFactory(slug="secret", name="Secret theme", featured=True)
    members = ThemeFactory(slug="members", name="Members theme", featured=True)
    public = ThemeFactory(slug="open", name="Open theme", featured=True)
    FindingFactory(session=SessionFactory(visibility="draft"), themes=[secret])
    FindingFactory(session=SessionFactory(visibility="members"), themes=[members])
    FindingFactory(session=SessionFactory(visibility="public"), themes=[public])
    return secret, members, public


def page(client, slug):
    return client.get(reverse("findings:theme_detail", kwargs={"slug": slug}))


def test_a_hidden_theme_answers_as_an_unknown_one(client, themes):
    hidden, unknown = page(client, "secret"), page(client, "no-such-theme")
    assert hidden.status_code == unknown.status_code == 404
    assert "Secret theme" not in hidden.content.decode()
    assert page(client, "members").status_code == 404
    assert page(client, "open").status_code == 200


def test_members_and_facilitators_see_the_themes_of_what_they_may_read(
    client, member, facilitator, themes
):
    client.force_login(member)
    assert page(client, "members").status_code == 200
    assert page(client, "secret").status_code == 404
    client.force_login(facilitator)
    assert page(client, "secret").status_code == 200


def test_the_home_page_features_only_themes_the_reader_may_see(client, member, themes):
    html = client.get(reverse("home")).content.decode()
    assert "Open theme" in html
    assert "Secret theme" not in html and "Members theme" not in html
    client.force_login(member)
    html = client.get(reverse("home")).content.decode()
    assert "Members theme" in html and "Secret theme" not in html


def test_filtering_by_a_hidden_theme_is_the_same_as_by_an_unknown_one(client, themes):
    hidden = client.get(reverse("findings:item_list"), {"theme": "secret"})
    unknown = client.get(reverse("findings:item_list"), {"theme": "nothing"})
    assert hidden.status_code == unknown.status_code == 400
    assert "Secret theme" not in hidden.content.decode()


# The follow-up and open-data surfaces (issue 25, finding 3) ----------------------------------


def test_the_api_lists_only_themes_the_reader_may_see(client, member, themes):
    def names():
        response = client.get("/api/themes")
        assert response.status_code == 200
        return {theme["name"] for theme in response.json()["items"]}

    assert names() == {"Open theme"}
    client.force_login(member)
    assert names() == {"Open theme", "Members theme"}


THEME_PAGES = [
    ("progress page", lambda slug: reverse("followup:theme_progress", args=[slug])),
    ("progress PDF", lambda slug: reverse("followup:theme_progress_pdf", args=[slug])),
    ("feed", lambda slug: reverse("followup:feed", args=["theme", slug])),
]


@pytest.mark.parametrize("page", THEME_PAGES, ids=[page[0] for page in THEME_PAGES])
def test_follow_up_pages_of_a_hidden_theme_answer_as_an_unknown_one(client, member, themes, page):
    _, url = page
    for user, hidden_slug in ((None, "members"), (member, "secret")):
        if user:
            client.force_login(user)
        hidden, unknown = client.get(url(hidden_slug)), client.get(url("no-such-theme"))
        assert hidden.status_code == unknown.status_code == 404, (user, hidden_slug)
        body = hidden.content.decode(errors="replace")
        assert "Secret theme" not in body and "Members theme" not in body


def test_a_member_cannot_follow_a_theme_they_cannot_see(client, member, themes):
    client.force_login(member)
    follow = reverse("followup:follow")
    assert client.post(follow, {"kind": "theme", "key": "secret"}).status_code == 404
    assert client.post(follow, {"kind": "theme", "key": "members"}).status_code == 302
