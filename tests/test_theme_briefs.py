"""Theme briefs (issue 14): for one theme across every group, how much each group said, the
learning points by level of agreement, the risks and the recommendations; page, CSV, JSON."""

import csv
import io

import pytest
from django.urls import reverse

from .factories import MEMBER_WORDS, PUBLIC_WORDS, words_in

pytestmark = pytest.mark.django_db


def urls(slug):
    return {
        name: reverse(f"findings:theme_brief{suffix}", kwargs={"slug": slug})
        for name, suffix in (("page", ""), ("csv", "_csv"), ("json", "_json"))
    }


def test_the_brief_page(client, member, world):
    client.force_login(member)
    response = client.get(urls("payment-by-results")["page"])
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Theme brief: Payment by results – AJC learning groups</title>" in html
    assert "How much each group said" in html
    assert html.index("Unanimous") < html.index("alphapublic")
    assert html.index('id="risks-heading"') < html.index("deltarisk")
    assert html.index('id="recommendations-heading"') < html.rindex("foxtrotmembers")
    assert words_in(html) == {"alphapublic", "deltarisk", "echorecommend", "foxtrotmembers"}


def test_the_brief_is_linked_from_the_theme_page(client, member, world):
    client.force_login(member)  # only members may see an item on localism (issue 9, finding 7)
    html = client.get(reverse("findings:theme_detail", kwargs={"slug": "localism"})).content
    assert urls("localism")["page"] in html.decode()


@pytest.mark.parametrize("signed_in,words", [(False, PUBLIC_WORDS), (True, MEMBER_WORDS)])
def test_the_brief_obeys_visibility_in_every_format(client, member, world, signed_in, words):
    if signed_in:
        client.force_login(member)
    for slug in ("payment-by-results", "localism", "funding"):
        for name, url in urls(slug).items():
            response = client.get(url)
            body = (
                b"".join(response.streaming_content) if response.streaming else response.content
            ).decode()
            assert words_in(body) <= words, (slug, name)


def test_the_brief_as_json(client, member, world):
    client.force_login(member)
    data = client.get(urls("payment-by-results")["json"]).json()
    assert data["theme"]["slug"] == "payment-by-results"
    assert data["groups"] == [
        {
            "name": "Pilot Learning Group",
            "total": 4,
            "finding": 1,
            "risk": 1,
            "recommendation": 2,
            "question": 0,
        }
    ]
    assert data["learning_points"][0]["agreement"] == "Unanimous"
    risk = data["risks"][0]
    assert risk["answered_by"] and risk["who_is_exposed"]


def test_the_brief_as_csv(client, world):
    response = client.get(urls("payment-by-results")["csv"])
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()[1:])))
    assert {row["kind"] for row in rows} == {"Learning point", "Risk", "Recommendation"}
    assert (
        response["Content-Disposition"] == 'attachment; filename="ajc-theme-payment-by-results.csv"'
    )


def test_a_brief_of_no_theme_is_404(client, db):
    assert client.get(urls("nothing")["page"]).status_code == 404
    assert client.get(urls("nothing")["json"]).status_code == 404


@pytest.mark.parametrize("name", ["page", "csv", "json"])
def test_a_brief_of_a_theme_only_hidden_items_carry_is_an_unknown_one(client, member, world, name):
    # Only members-only and draft items carry localism: the public may not learn it exists.
    hidden = client.get(urls("localism")[name])
    unknown = client.get(urls("no-such-theme")[name])
    assert hidden.status_code == unknown.status_code == 404
    assert "Localism" not in hidden.content.decode()
    client.force_login(member)
    assert client.get(urls("localism")[name]).status_code == 200


def test_a_question_raised_is_counted_but_never_listed_as_a_recommendation(client, world):
    from findings.models import Item

    from .factories import ItemFactory

    ItemFactory(
        session=world.s1,
        kind=Item.Kind.QUESTION,
        text="Who pays when a provider fails?",
        themes=[world.pbr],
    )
    data = client.get(urls("payment-by-results")["json"]).json()
    assert data["groups"][0]["question"] == 1
    assert all("provider fails" not in rec["text"] for rec in data["recommendations"])
    html = client.get(urls("payment-by-results")["page"]).content.decode()
    assert 'Recommendations <span class="count">(1)</span>' in html
