"""Recovery restores everything (issue 9, finding 2): links in both directions, sectors,
original timestamps; and a clear refusal, never a 500, when what it would bring back clashes."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from findings.models import Item
from sessions.models import Session

from .factories import (
    FindingFactory,
    RecommendationFactory,
    RiskFactory,
    SectorFactory,
    SessionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def delete(client, admin_name, pk):
    response = client.post(reverse(f"admin:{admin_name}_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302


def recover(client, admin_name, model, pk):
    record = model.history.get(id=pk, history_type="-")
    return client.post(reverse(f"admin:{admin_name}_deleted"), {"history_id": record.history_id})


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def linked(db):
    """A session with a learning point voiced by a sector, and a risk that a recommendation
    answers; every item made a year ago."""
    theme = ThemeFactory(slug="localism", name="Localism")
    sector = SectorFactory(name="Voluntary", slug="voluntary")
    session = SessionFactory(subject="Localism", number=2)
    point = FindingFactory(session=session, text="Point.", themes=[theme])
    point.sectors.add(sector)
    risk = RiskFactory(session=session, text="Risk.", themes=[theme])
    answer = RecommendationFactory(session=session, text="Answer.", themes=[theme])
    answer.answers.add(risk)
    long_ago = timezone.now() - datetime.timedelta(days=365)
    Item.objects.filter(session=session).update(created_at=long_ago)
    return session, point, risk, answer, sector, long_ago


def test_a_recovered_session_brings_back_sectors_links_and_timestamps(client, facilitator, linked):
    session, point, risk, answer, sector, long_ago = linked
    client.force_login(facilitator)
    delete(client, "ajc_sessions_session", session.pk)
    assert not Item.objects.exists()

    assert recover(client, "ajc_sessions_session", Session, session.pk).status_code == 302
    point, risk, answer = (Item.objects.get(pk=item.pk) for item in (point, risk, answer))
    assert list(point.sectors.all()) == [sector]
    assert list(answer.answers.all()) == [risk]
    assert list(risk.answered_by.all()) == [answer]
    # Recovered items are not new: the feed and "recent learning points" must not show them so.
    assert {item.created_at for item in (point, risk, answer)} == {long_ago}


def test_a_recovered_risk_is_answered_again_by_its_recommendation(client, facilitator, linked):
    _, _, risk, answer, _, _ = linked
    client.force_login(facilitator)
    delete(client, "findings_risk", risk.pk)
    assert not answer.answers.exists()

    assert recover(client, "findings_risk", Item, risk.pk).status_code == 302
    assert list(answer.answers.all()) == [Item.objects.get(pk=risk.pk)]


def test_a_recovered_recommendation_answers_its_risk_again(client, facilitator, linked):
    _, _, risk, answer, _, _ = linked
    client.force_login(facilitator)
    delete(client, "findings_recommendation", answer.pk)

    assert recover(client, "findings_recommendation", Item, answer.pk).status_code == 302
    assert list(risk.answered_by.all()) == [Item.objects.get(pk=answer.pk)]


def test_a_session_whose_number_was_taken_since_is_refused_clearly(client, facilitator, linked):
    session = linked[0]
    client.force_login(facilitator)
    delete(client, "ajc_sessions_session", session.pk)
    SessionFactory(group=session.group, number=session.number, subject="A new session 2")

    response = recover(client, "ajc_sessions_session", Session, session.pk)
    assert response.status_code == 302
    assert any("already has a session 2" in text for text in messages_of(response))
    assert Session.objects.get(group=session.group, number=2).subject == "A new session 2"
    assert not Item.objects.exists()


def test_an_item_whose_session_is_deleted_is_refused_clearly(client, facilitator, linked):
    session, point, *_ = linked
    client.force_login(facilitator)
    delete(client, "findings_finding", point.pk)
    delete(client, "ajc_sessions_session", session.pk)

    response = recover(client, "findings_finding", Item, point.pk)
    assert response.status_code == 302
    assert any("Recover the session first" in text for text in messages_of(response))
    assert not Item.objects.filter(pk=point.pk).exists()


def test_deleting_a_risk_warns_which_recommendations_lose_their_link(client, facilitator, linked):
    _, _, risk, answer, _, _ = linked
    client.force_login(facilitator)
    page = client.get(reverse("admin:findings_risk_delete", args=[risk.pk])).content.decode()
    assert "takes it out of these links" in page
    assert reverse("admin:findings_item_change", args=[answer.pk]) in page


# What happened next comes back too (issue 25, finding 9) --------------------------------------


@pytest.fixture
def followed_up(linked):
    """The recommendation's ledger with a response, a rating change and evidence; the risk
    tracked, observed at this session."""
    from followup.edits import follow_up_changed
    from followup.models import Evidence, Observation, TrackedRisk

    session, _, risk, answer, _, _ = linked
    ledger = answer.follow_up
    ledger.status, ledger.responded_by = "accepted", "Ministry of Justice"
    ledger.responded_on = datetime.date(2013, 2, 1)
    ledger.save()
    follow_up_changed([ledger])  # as the admin does: a line on its timeline
    ledger.rating = "substantial"
    ledger.review_date = datetime.date(2014, 1, 1)
    ledger.save()
    follow_up_changed([ledger])
    Evidence.objects.create(
        follow_up=ledger, date=datetime.date(2013, 6, 1), what="Guidance.", visibility="members"
    )
    tracked = TrackedRisk.objects.create(title="Cherry picking", slug="cherry")
    Observation.objects.create(
        tracked_risk=tracked,
        session=session,
        risk=risk,
        likelihood=4,
        impact=3,
        exposed="providers",
    )
    return ledger, tracked


def follow_up_state(answer_pk, tracked):
    from followup.models import FollowUp

    ledger = FollowUp.objects.get(recommendation_id=answer_pk)
    return {
        "ledger": (ledger.pk, ledger.status, ledger.responded_by, ledger.rating),
        "review": ledger.review_date,
        "timeline": [(e.status, e.rating) for e in ledger.entries.all()],
        "evidence": [(e.what, e.visibility, e.date) for e in ledger.evidence.all()],
        "observations": [
            (o.session_id, o.risk_id, o.likelihood, o.impact) for o in tracked.observations.all()
        ],
    }


def test_a_recovered_session_brings_back_its_follow_up(client, facilitator, linked, followed_up):
    session, _, _, answer, _, _ = linked
    _, tracked = followed_up
    before = follow_up_state(answer.pk, tracked)
    assert len(before["timeline"]) == 3 and before["evidence"] and before["observations"]
    client.force_login(facilitator)
    delete(client, "ajc_sessions_session", session.pk)
    assert not tracked.observations.exists()
    assert recover(client, "ajc_sessions_session", Session, session.pk).status_code == 302
    assert follow_up_state(answer.pk, tracked) == before


def test_a_recovered_recommendation_brings_back_its_ledger(
    client, facilitator, linked, followed_up
):
    _, _, _, answer, _, _ = linked
    _, tracked = followed_up
    before = follow_up_state(answer.pk, tracked)
    client.force_login(facilitator)
    delete(client, "findings_recommendation", answer.pk)
    assert recover(client, "findings_recommendation", Item, answer.pk).status_code == 302
    assert follow_up_state(answer.pk, tracked) == before


def test_a_recovered_risk_is_observed_again(client, facilitator, linked, followed_up):
    _, _, risk, answer, _, _ = linked
    _, tracked = followed_up
    before = follow_up_state(answer.pk, tracked)
    client.force_login(facilitator)
    delete(client, "findings_risk", risk.pk)
    assert tracked.observations.get().risk_id is None
    assert recover(client, "findings_risk", Item, risk.pk).status_code == 302
    assert follow_up_state(answer.pk, tracked) == before
