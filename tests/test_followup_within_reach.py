"""Follow-up within reach (issue 27, point 5), without a browser: what the lists and pages say
while nothing is recorded, and the page that asks before following."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from followup.models import Follow, Observation, Rating, TrackedRisk

from .factories import RecommendationFactory, RiskFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_ledgers_say_plainly_when_nothing_is_recorded(client):
    recommendations = [RecommendationFactory() for _ in range(3)]
    html = client.get(reverse("followup:ledger_list")).content.decode()
    assert "Nothing recorded yet" in html and "<table" not in html
    assert "for any of the 3 recommendations you can see" in html
    # Each is still listed, once, without columns that would all read the same.
    for recommendation in recommendations:
        assert html.count(f'href="{recommendation.follow_up.get_absolute_url()}"') == 1
    assert "No response recorded" not in html and "Not yet rated" not in html
    ledger = recommendations[0].follow_up
    ledger.status, ledger.responded_by = "accepted", "Ministry of Justice"
    ledger.responded_on, ledger.rating = datetime.date(2013, 3, 1), Rating.MODERATE
    ledger.save()
    html = client.get(reverse("followup:ledger_list")).content.decode()
    assert "Nothing recorded yet" not in html and "<table" in html
    assert "3 recommendations" in html


def test_a_recommendation_says_nothing_is_recorded_and_then_what_was(client):
    recommendation = RecommendationFactory()
    html = client.get(recommendation.get_absolute_url()).content.decode()
    assert "Nothing has been recorded yet" in html
    follow = f"{reverse('followup:follow')}?kind=recommendation&amp;key={recommendation.pk}"
    assert f'href="{follow}"' in html
    ledger = recommendation.follow_up
    ledger.status, ledger.responded_by = "accepted", "Ministry of Justice"
    ledger.responded_on = datetime.date(2013, 3, 1)
    ledger.save()
    html = client.get(recommendation.get_absolute_url()).content.decode()
    assert "Nothing has been recorded yet" not in html
    assert "Accepted, from Ministry of Justice, 1 March 2013" in html


def test_no_heat_map_of_zeros_while_no_risk_is_assessed(client):
    session = SessionFactory()
    risk = TrackedRisk.objects.create(title="Cherry picking", slug="cherry")
    Observation.objects.create(tracked_risk=risk, session=session, stage="raised")
    html = client.get(reverse("findings:risk_list")).content.decode()
    assert "no heat map to show" in html and 'class="heat-map"' not in html
    later = SessionFactory(group=session.group)
    Observation.objects.create(
        tracked_risk=risk, session=later, stage="revisited", likelihood=3, impact=4
    )
    cache.clear()  # a page kept from before an edit that narrows nothing may be given for a while
    html = client.get(reverse("findings:risk_list")).content.decode()
    assert "no heat map to show" not in html and 'class="heat-map"' in html


def test_the_follow_page_asks_first_and_leads_to_the_digest_settings(client):
    recommendation = RecommendationFactory()
    url = f"{reverse('followup:follow')}?kind=recommendation&key={recommendation.pk}"
    assert client.get(url).status_code == 302  # signed out: to the sign-in page
    member = UserFactory(username="reader")
    client.force_login(member)
    html = client.get(url).content.decode()
    assert "<h1>Follow a recommendation</h1>" in html and not Follow.objects.exists()
    assert f"{reverse('followup:following')}#digest-settings" in html
    response = client.post(
        reverse("followup:follow"),
        {"kind": "recommendation", "key": recommendation.pk},
        follow=True,
    )
    html = response.content.decode()
    assert Follow.objects.filter(user=member, recommendation=recommendation).exists()
    settings = reverse("followup:following") + "#digest-settings"
    assert f'its feed. <a href="{settings}">Choose how often digests come</a>' in html
    assert "<h1>You follow a recommendation</h1>" in client.get(url).content.decode()


@pytest.mark.parametrize("query", ["kind=recommendation&key=0", "kind=bogus&key=1", ""])
def test_the_follow_page_of_nothing_is_404(client, query):
    client.force_login(UserFactory(username="reader"))
    assert client.get(f"{reverse('followup:follow')}?{query}").status_code == 404


def test_a_draft_recommendation_cannot_be_followed_even_by_address(client):
    hidden = RecommendationFactory(visibility="draft", text="A draft sentence gorseword.")
    client.force_login(UserFactory(username="reader"))
    url = f"{reverse('followup:follow')}?kind=recommendation&key={hidden.pk}"
    response = client.get(url)
    assert response.status_code == 404 and "gorseword" not in response.content.decode()


# One risk register (point 4) ---------------------------------------------------------------


@pytest.fixture
def tracked(db):
    session = SessionFactory()
    later = SessionFactory(group=session.group)
    first = RiskFactory(session=session, statement="Providers cherry pick easy wins")
    again = RiskFactory(session=later, statement="Cherry picking seen again")
    quiet = RiskFactory(session=later, statement="A risk seen once, not tracked")
    risk = TrackedRisk.objects.create(title="Cherry picking across sessions", slug="cherry")
    Observation.objects.create(tracked_risk=risk, session=session, risk=first, stage="raised")
    Observation.objects.create(
        tracked_risk=risk, session=later, risk=again, stage="escalated", likelihood=4, impact=4
    )
    calm = TrackedRisk.objects.create(title="Funding falls away", slug="funding")
    Observation.objects.create(tracked_risk=calm, session=session, stage="mitigated")
    return {"risk": risk, "first": first, "again": again, "quiet": quiet}


def test_one_register_gives_each_risk_its_state_and_trend_and_the_heat_map(client, tracked):
    html = client.get(reverse("findings:risk_list")).content.decode()
    entry = html.split("Providers cherry pick easy wins", 1)[1].split("</article>", 1)[0]
    # Seen twice, scored once: escalated, with no trend to tell yet.
    assert "<dt>Tracked across sessions</dt><dd>Escalated, not assessed" in entry
    assert 'href="/followup/risks/cherry/"' in entry
    quiet = html.split("A risk seen once, not tracked", 1)[1].split("</article>", 1)[0]
    assert "Tracked across sessions" not in quiet
    section = html.split('id="tracked"', 1)[1]
    assert 'class="heat-map"' in section
    assert "Cherry picking across sessions" in section and "Funding falls away" in section


def test_the_register_filters_tracked_risks_by_state(client, tracked):
    html = client.get(reverse("findings:risk_list") + "?state=mitigated").content.decode()
    section = html.split('id="tracked"', 1)[1]
    assert "Funding falls away" in section
    assert "Cherry picking across sessions</a></h4>" not in section
    assert 'value="mitigated" id="state-mitigated" checked' in section
    response = client.get(reverse("findings:risk_list") + "?state=bogus")
    assert response.status_code == 400
    assert "That state is not one we know" in response.content.decode()


def test_the_old_tracked_risks_address_leads_to_the_one_register(client, tracked):
    response = client.get(reverse("followup:risk_register") + "?state=escalated")
    assert response.status_code == 301
    assert response["Location"] == reverse("findings:risk_list") + "?state=escalated#tracked"


# Controls (point 7) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "selected"),
    [
        ("", '<option value="">Any time</option>'),
        ("?since=2012-01", '<option value="2012-01" selected>January 2012</option>'),
        ("?since=2012-01-03", '<option value="2012-01-03" selected>3 January 2012</option>'),
    ],
)
def test_published_since_is_a_menu_of_months_with_the_choice_shown(client, query, selected):
    RecommendationFactory()
    html = client.get(reverse("findings:item_list") + query).content.decode()
    menu = html.split('<select name="since" id="id_since" aria-describedby="since-hint">', 1)[1]
    menu = menu.split("</select>", 1)[0]
    assert 'type="month"' not in html and "YYYY-MM" not in html.split("<form", 1)[1]
    assert selected in menu and menu.count(" selected") == (1 if query else 0)
    this_month = datetime.date.today().strftime("%B %Y")
    assert f">{this_month}</option>" in menu


def test_a_facet_with_nothing_to_offer_says_so_rather_than_an_empty_list(client):
    RecommendationFactory()  # no sector voiced it
    html = client.get(reverse("findings:item_list") + "?kind=recommendation").content.decode()
    assert 'name="sector"' not in html
    legend = r'<legend>Sector that voiced it</legend>\s*<p class="hint">None recorded'
    assert re.search(legend, html)
    assert 'type="checkbox" name="audience"' in html  # a facet with something to offer
