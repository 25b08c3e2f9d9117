"""The access matrix for follow-up (issue 12): every role × every visibility × each new way out
(the recommendation's follow-up page and feed, evidence, the tracked-risk register, heat map,
risk page and feed, the digest). A hidden thing answers exactly like a missing one."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from ajc.visibility import Visibility
from followup import digests
from followup.models import DigestPreference, Evidence, Follow, Observation, TrackedRisk

from .factories import LearningGroupFactory, RecommendationFactory, RiskFactory, SessionFactory

pytestmark = pytest.mark.django_db

PUBLIC, MEMBERS, DRAFT = Visibility.PUBLIC, Visibility.MEMBERS, Visibility.DRAFT
SEES = {
    "anonymous": {PUBLIC},
    "member": {PUBLIC, MEMBERS},
    "facilitator": {PUBLIC, MEMBERS, DRAFT},
}
# name: (session's visibility, item's visibility)
RECOMMENDATIONS = {
    "pubpub": (PUBLIC, PUBLIC),
    "pubmem": (PUBLIC, MEMBERS),
    "pubdraft": (PUBLIC, DRAFT),
    "mempub": (MEMBERS, PUBLIC),
    "draftpub": (DRAFT, PUBLIC),
}
EVIDENCE = {"evpub": PUBLIC, "evmem": MEMBERS, "evdraft": DRAFT}


def visible(role, *levels):
    return set(levels) <= SEES[role]


@pytest.fixture
def world():
    group = LearningGroupFactory(slug="access-group")
    sessions = {
        level: SessionFactory(group=group, number=n, visibility=level, subject=f"subj{level}")
        for n, level in enumerate([PUBLIC, MEMBERS, DRAFT], start=1)
    }
    recommendations = {}
    for name, (session_level, item_level) in RECOMMENDATIONS.items():
        recommendation = RecommendationFactory(
            session=sessions[session_level], visibility=item_level, text=f"Rec leakrec{name}."
        )
        recommendations[name] = recommendation
        for evidence, level in EVIDENCE.items():
            Evidence.objects.create(
                follow_up=recommendation.follow_up,
                date=datetime.date(2013, 1, 1),
                what=f"leak{evidence}{name}",
                visibility=level,
            )
    risks = {}
    for level, session in sessions.items():
        risk = TrackedRisk.objects.create(title=f"Tracked leakrisk{level}", slug=f"risk-{level}")
        # Seen first in the public session (a public item), then in this session.
        if level != PUBLIC:
            Observation.objects.create(
                tracked_risk=risk,
                session=sessions[PUBLIC],
                risk=RiskFactory(session=sessions[PUBLIC], visibility=PUBLIC),
                stage="raised",
                likelihood=2,
                impact=2,
                exposed="providers",
            )
        Observation.objects.create(
            tracked_risk=risk,
            session=session,
            stage="escalated" if level != PUBLIC else "raised",
            likelihood=5,
            impact=5,
            exposed="providers",
            note=f"leakobs{level}",
        )
        risks[level] = risk
    solo = TrackedRisk.objects.create(title="Only hidden leakrisksolo", slug="risk-solo")
    Observation.objects.create(
        tracked_risk=solo, session=sessions[DRAFT], stage="raised", exposed="providers"
    )
    return {"recommendations": recommendations, "risks": risks, "solo": solo}


@pytest.fixture(params=list(SEES))
def role(request, client, member, facilitator):
    user = {"anonymous": None, "member": member, "facilitator": facilitator}[request.param]
    if user:
        client.force_login(user)
    return request.param


def test_recommendation_pages_and_feeds_open_exactly_for_who_may_see(client, world, role):
    for name, recommendation in world["recommendations"].items():
        may = visible(role, *RECOMMENDATIONS[name])
        for url in (
            reverse("followup:recommendation", kwargs={"pk": recommendation.pk}),
            reverse("followup:feed", kwargs={"kind": "recommendation", "key": recommendation.pk}),
        ):
            response = client.get(url)
            assert response.status_code == (200 if may else 404), (role, name, url)
            text = response.content.decode()
            if not may:
                assert "leak" not in text
                continue
            for evidence, level in EVIDENCE.items():
                assert (f"leak{evidence}{name}" in text) == visible(role, level), (
                    role,
                    name,
                    evidence,
                    url,
                )


def test_the_register_heat_map_and_risk_pages_show_only_visible_observations(client, world, role):
    register = client.get(reverse("findings:risk_list")).content.decode()
    for level, risk in world["risks"].items():
        # Each risk has a public sighting except the public one, which is itself public.
        assert f"leakrisk{level}" in register
        page = client.get(risk.get_absolute_url())
        assert page.status_code == 200
        shown = page.content.decode()
        assert (f"subj{level}" in shown) == visible(role, level), (role, level)
        # The trend reveals a hidden escalation only to who may see it.
        if level != PUBLIC:
            assert ("Rising" in shown) == visible(role, level), (role, level)
    solo = client.get(world["solo"].get_absolute_url())
    assert solo.status_code == (200 if role == "facilitator" else 404)
    assert ("leakrisksolo" in register) == (role == "facilitator")
    feed = client.get(reverse("followup:feed", kwargs={"kind": "tracked_risk", "key": "risk-solo"}))
    assert feed.status_code == (200 if role == "facilitator" else 404)


def test_a_hidden_recommendation_looks_like_a_missing_one(client, world):
    hidden = world["recommendations"]["draftpub"]
    missing = hidden.pk + 1000
    a = client.get(reverse("followup:recommendation", kwargs={"pk": hidden.pk}))
    b = client.get(reverse("followup:recommendation", kwargs={"pk": missing}))
    assert a.status_code == b.status_code == 404

    def normalised(response, url):
        body = re.sub(r'nonce="[^"]*"', 'nonce=""', response.content.decode())
        return body.replace(url, "URL")

    assert normalised(a, a.wsgi_request.path) == normalised(b, b.wsgi_request.path)


@pytest.mark.parametrize("who", ["member", "facilitator"])
def test_a_digest_lists_exactly_what_its_reader_may_see(world, request, who):
    user = request.getfixturevalue(who)
    user.email = f"{who}@example.org"
    user.save()
    DigestPreference.objects.create(user=user, frequency="daily")
    for recommendation in world["recommendations"].values():
        Follow.objects.create(user=user, recommendation=recommendation)
    for risk in [*world["risks"].values(), world["solo"]]:
        Follow.objects.create(user=user, tracked_risk=risk)
    start, _ = digests.period_ending("daily")
    when = start + datetime.timedelta(hours=1)
    Evidence.objects.update(recorded_at=when)
    Observation.objects.update(recorded_at=when)
    digests.send_digests("daily")
    (message,) = mail.outbox
    text = message.body + message.alternatives[0][0]
    for name, levels in RECOMMENDATIONS.items():
        for evidence, level in EVIDENCE.items():
            assert (f"leak{evidence}{name}" in text) == visible(who, *levels, level), (
                who,
                name,
                evidence,
            )
    for level in (PUBLIC, MEMBERS, DRAFT):
        assert (f"subj{level}" in text) == visible(who, level), (who, level)
    assert ("leakrisksolo" in text) == (who == "facilitator")
