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


# Follow-up status (issue 12's "What happened next" in the brief) -----------------------------


def respond(recommendation, status, who, when, rating):
    from followup.edits import follow_up_changed
    from followup.models import FollowUp

    ledger = FollowUp.objects.get(recommendation=recommendation)
    ledger.status, ledger.responded_by, ledger.responded_on = status, who, when
    ledger.rating = rating
    ledger.save()
    follow_up_changed([ledger])  # as the admin's save does
    return ledger


@pytest.fixture
def responses(world):
    """The public recommendation accepted in principle; the members-only one not accepted."""
    import datetime

    return (
        respond(
            world.rec1,
            "accepted_in_principle",
            "Kilo commissioning directorate",
            datetime.date(2013, 5, 3),
            "substantial",
        ),
        respond(
            world.rec2,
            "not_accepted",
            "Lima providers' forum",
            datetime.date(2013, 6, 4),
            "negligible",
        ),
    )


def csv_of(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()[1:])))


def test_each_recommendation_carries_its_follow_up_status_in_every_format(
    client, member, responses
):
    client.force_login(member)
    public, members_only = responses
    html = client.get(urls("payment-by-results")["page"]).content.decode()
    assert (
        "Accepted in principle, from Kilo commissioning directorate, 3 May 2013; "
        "implementation: substantial" in html
    )
    assert "Not accepted, from Lima providers&#x27; forum, 4 June 2013" in html
    assert public.get_absolute_url() in html  # the status links the recommendation's timeline

    data = client.get(urls("payment-by-results")["json"]).json()
    by_text = {rec["text"]: rec["follow_up"] for rec in data["recommendations"]}
    assert by_text[public.recommendation.text] == {
        "response": "Accepted in principle",
        "responded_by": "Kilo commissioning directorate",
        "responded_on": "2013-05-03",
        "implementation": "Substantial",
        "url": "http://testserver" + public.get_absolute_url(),
    }
    assert by_text[members_only.recommendation.text]["response"] == "Not accepted"

    rows = {row["id"]: row for row in csv_of(client.get(urls("payment-by-results")["csv"]))}
    row = rows[str(public.recommendation_id)]
    assert (row["response"], row["who responded"], row["when"], row["implementation"]) == (
        "Accepted in principle",
        "Kilo commissioning directorate",
        "2013-05-03",
        "Substantial",
    )
    assert rows[str(members_only.recommendation_id)]["response"] == "Not accepted"
    # Learning points and risks have no follow-up: their cells stay empty.
    assert {row["response"] for row in rows.values() if row["kind"] != "Recommendation"} == {""}


def test_the_public_never_sees_the_follow_up_of_a_recommendation_it_may_not_see(client, responses):
    for name, url in urls("payment-by-results").items():
        response = client.get(url)
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        assert "Kilo commissioning directorate" in body, name
        assert "Lima" not in body and "Not accepted" not in body, name


def test_a_new_response_renews_the_cached_brief(client, world):
    import datetime

    before = client.get(urls("payment-by-results")["json"]).json()
    assert before["recommendations"][0]["follow_up"]["response"] == "Proposed"
    respond(world.rec1, "accepted", "Mike directorate", datetime.date(2013, 1, 2), "complete")
    html = client.get(urls("payment-by-results")["page"]).content.decode()
    assert "Accepted, from Mike directorate, 2 January 2013; implementation: complete" in html
    # The reader who asks first may be given the previous version while the new one is made
    # (ajc.cache: no stampede after an edit that hides nothing); the next reader has the new.
    client.get(urls("payment-by-results")["json"])
    data = client.get(urls("payment-by-results")["json"]).json()
    assert data["recommendations"][0]["follow_up"]["responded_by"] == "Mike directorate"


def test_a_recommendation_without_a_ledger_has_no_status(client, world):
    from followup.models import FollowUp

    FollowUp.objects.filter(recommendation=world.rec1).delete()
    data = client.get(urls("payment-by-results")["json"]).json()
    assert data["recommendations"][0]["follow_up"] is None
    rows = csv_of(client.get(urls("payment-by-results")["csv"]))
    assert {row["response"] for row in rows} == {""}
    assert (
        "What happened next" not in client.get(urls("payment-by-results")["page"]).content.decode()
    )
