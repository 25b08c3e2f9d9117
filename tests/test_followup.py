"""Follow-up (issue 12): the ledger's rules, the admin's refusals, the risk trajectory, the heat
map's text alternative, the progress PDF, the shipped content, digests and unsubscribing."""

import datetime
import io
import re

import page
import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from findings.models import Item
from followup import digests
from followup.edits import follow_up_changed
from followup.models import (
    DigestPreference,
    DigestSent,
    Evidence,
    Follow,
    FollowUp,
    HeatMap,
    LedgerEntry,
    Observation,
    Rating,
    ResponseStatus,
    Stage,
    TrackedRisk,
    Trajectory,
)
from followup.progress import build_progress, render_progress_pdf

from .factories import (
    FacilitatorFactory,
    RecommendationFactory,
    SessionFactory,
    UserFactory,
    add_second_factor,
)
from .support import add_inline_row, management_data, prefix_of

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def change_url(ledger):
    return reverse("admin:followup_followup_change", args=[ledger.pk])


def ledger_post(response, **fields):
    data = management_data(response)
    data.update(
        {
            "status": fields.get("status", ResponseStatus.PROPOSED),
            "responded_by": fields.get("responded_by", ""),
            "responded_on": fields.get("responded_on", ""),
            "rating": fields.get("rating", Rating.NOT_RATED),
            "review_date": fields.get("review_date", ""),
        }
    )
    return data


# The ledger's rules ----------------------------------------------------------------------------


def test_a_new_recommendation_has_a_proposed_ledger_with_one_timeline_line():
    recommendation = RecommendationFactory()
    ledger = recommendation.follow_up
    assert ledger.status == ResponseStatus.PROPOSED
    assert ledger.rating == Rating.NOT_RATED
    assert list(ledger.entries.values_list("status", flat=True)) == ["proposed"]


def test_a_response_needs_who_and_when():
    ledger = RecommendationFactory().follow_up
    ledger.status = ResponseStatus.ACCEPTED
    with pytest.raises(ValidationError) as error:
        ledger.full_clean()
    assert set(error.value.message_dict) == {"responded_by", "responded_on"}
    with pytest.raises(IntegrityError), transaction.atomic():
        ledger.save()  # the database refuses it too


def test_no_response_and_proposed_need_nobody():
    ledger = RecommendationFactory().follow_up
    ledger.status = ResponseStatus.NO_RESPONSE
    ledger.full_clean()


def test_a_response_cannot_be_dated_in_the_future():
    ledger = RecommendationFactory().follow_up
    ledger.status, ledger.responded_by = ResponseStatus.ACCEPTED, "Ministry of Justice"
    ledger.responded_on = TODAY + datetime.timedelta(days=3)
    with pytest.raises(ValidationError, match="future"):
        ledger.full_clean()


def test_each_change_of_response_or_rating_is_one_line_on_the_timeline():
    ledger = RecommendationFactory().follow_up
    ledger.status, ledger.responded_by, ledger.responded_on = (
        ResponseStatus.ACCEPTED_IN_PRINCIPLE,
        "Police and crime commissioners",
        datetime.date(2013, 3, 1),
    )
    ledger.save()
    follow_up_changed([ledger])
    ledger.review_date = datetime.date(2014, 1, 1)
    ledger.save()  # not a change of response or rating: no new line
    follow_up_changed([ledger])
    ledger.rating = Rating.SUBSTANTIAL
    ledger.save()
    follow_up_changed([ledger])
    assert [(e.status, e.rating) for e in ledger.entries.all()] == [
        ("proposed", "not_rated"),
        ("accepted_in_principle", "not_rated"),
        ("accepted_in_principle", "substantial"),
    ]


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "ftp://example.org/report", "data:text/html,hi", "example.org"]
)
def test_an_evidence_link_must_be_http_or_https(link):
    evidence = Evidence(
        follow_up=RecommendationFactory().follow_up, date=TODAY, what="Published.", link=link
    )
    with pytest.raises(ValidationError) as error:
        evidence.full_clean()
    assert "link" in error.value.message_dict


def test_an_https_evidence_link_is_kept():
    evidence = Evidence(
        follow_up=RecommendationFactory().follow_up,
        date=TODAY,
        what="Published.",
        link="https://www.gov.uk/government/publications/x",
    )
    evidence.full_clean()


def test_filters_by_status_and_rating(client):
    accepted = RecommendationFactory(text="Accepted onepiece.").follow_up
    accepted.status, accepted.responded_by, accepted.responded_on = "accepted", "MoJ", TODAY
    accepted.rating = Rating.HIGH
    accepted.save()
    RecommendationFactory(text="Still proposed twopiece.")
    page_ = client.get(reverse("followup:ledger_list"), {"status": "accepted"}).content.decode()
    assert "onepiece" in page_ and "twopiece" not in page_
    page_ = client.get(reverse("followup:ledger_list"), {"rating": "high"}).content.decode()
    assert "onepiece" in page_ and "twopiece" not in page_
    assert client.get(reverse("followup:ledger_list"), {"status": "bogus"}).status_code == 400


# The admin: permission to change a response, bad input kept, past review dates flagged -------


@pytest.fixture
def staff_without_response_permission(db):
    user = add_second_factor(UserFactory(username="editor", is_staff=True))
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="followup",
            codename__in=["view_followup", "change_followup", "add_evidence", "change_evidence"],
        )
    )
    return user


def test_a_response_change_without_permission_is_refused(client, staff_without_response_permission):
    ledger = RecommendationFactory().follow_up
    client.force_login(staff_without_response_permission)
    form = client.get(change_url(ledger))
    assert form.status_code == 200
    assert 'name="status"' not in form.content.decode()  # shown read-only
    data = ledger_post(
        form, status="accepted", responded_by="A department", responded_on="2013-01-01"
    )
    data["rating"] = Rating.MODERATE
    response = client.post(change_url(ledger), data)
    assert response.status_code == 302
    ledger.refresh_from_db()
    assert ledger.status == ResponseStatus.PROPOSED  # the posted response is ignored
    assert ledger.rating == Rating.MODERATE  # what they may change, changed


def test_a_forged_response_change_is_refused_with_403(
    client, staff_without_response_permission, monkeypatch
):
    from followup.admin import FollowUpAdmin

    ledger = RecommendationFactory().follow_up
    client.force_login(staff_without_response_permission)
    form = client.get(change_url(ledger))
    # Even if the field were editable (a forged form), the save itself is refused.
    monkeypatch.setattr(
        FollowUpAdmin, "get_readonly_fields", lambda self, r, o=None: ["recommendation_link"]
    )
    data = ledger_post(
        form, status="accepted", responded_by="A department", responded_on="2013-01-01"
    )
    assert client.post(change_url(ledger), data).status_code == 403
    ledger.refresh_from_db()
    assert ledger.status == ResponseStatus.PROPOSED


def test_a_facilitator_records_a_response_and_evidence(client):
    facilitator = FacilitatorFactory(username="recorder")
    ledger = RecommendationFactory().follow_up
    client.force_login(facilitator)
    form = client.get(change_url(ledger))
    data = ledger_post(
        form,
        status="accepted",
        responded_by="Ministry of Justice commissioning directorate",
        responded_on="2013-02-01",
        rating="substantial",
    )
    add_inline_row(
        data,
        prefix_of(form, Evidence),
        0,
        date="2013-06-01",
        what="Guidance published.",
        link="https://example.org/guidance",
        visibility="public",
    )
    response = client.post(change_url(ledger), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    ledger.refresh_from_db()
    assert ledger.status == "accepted" and ledger.rating == "substantial"
    assert ledger.evidence.get().link == "https://example.org/guidance"
    page_ = client.get(ledger.get_absolute_url()).content.decode()
    assert "Ministry of Justice commissioning directorate" in page_
    assert "Guidance published." in page_


def test_bad_input_keeps_what_was_typed(client, facilitator):
    ledger = RecommendationFactory().follow_up
    client.force_login(facilitator)
    form = client.get(change_url(ledger))
    data = ledger_post(form, status="accepted", responded_by="", responded_on="2013-02-01")
    add_inline_row(
        data,
        prefix_of(form, Evidence),
        0,
        date="2013-06-01",
        what="Typed by the facilitator kiwiword.",
        link="javascript:alert(1)",
        visibility="public",
    )
    response = client.post(change_url(ledger), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Say who responded" in html or "A response needs who responded" in html
    assert "Typed by the facilitator kiwiword." in html
    assert "javascript:alert(1)" in html  # kept in the field, refused
    assert 'value="2013-02-01"' in html
    ledger.refresh_from_db()
    assert ledger.status == ResponseStatus.PROPOSED and not ledger.evidence.exists()


def test_a_past_review_date_is_allowed_but_flagged(client, facilitator):
    ledger = RecommendationFactory(text="Overdue lemonword.").follow_up
    client.force_login(facilitator)
    form = client.get(change_url(ledger))
    past = (TODAY - datetime.timedelta(days=10)).isoformat()
    response = client.post(change_url(ledger), ledger_post(form, review_date=past), follow=True)
    assert "has passed: this review is overdue" in response.content.decode()
    ledger.refresh_from_db()
    assert ledger.review_overdue
    due = client.get(reverse("followup:reviews_due")).content.decode()
    assert "lemonword" in due and "Overdue" in due


def test_reviews_due_list_is_for_facilitators(client, member):
    assert client.get(reverse("followup:reviews_due")).status_code == 302
    client.force_login(member)
    assert client.get(reverse("followup:reviews_due")).status_code == 403


def test_the_admin_says_who_responded_is_never_a_person(client, facilitator):
    client.force_login(facilitator)
    html = client.get(change_url(RecommendationFactory().follow_up)).content.decode()
    assert "never a person" in html


# Risks across sessions ---------------------------------------------------------------------


def observe(risk, session, stage, likelihood=None, impact=None):
    return Observation.objects.create(
        tracked_risk=risk,
        session=session,
        stage=stage,
        likelihood=likelihood,
        impact=impact,
        exposed="providers",
    )


@pytest.fixture
def sessions():
    first = SessionFactory(number=1, date=datetime.date(2012, 4, 1))
    return [first] + [
        SessionFactory(group=first.group, number=n, date=datetime.date(2012, n * 2, 1))
        for n in (2, 3, 4)
    ]


@pytest.mark.parametrize(
    ("path", "state", "trend"),
    [
        ([("raised", 2, 3)], "Raised", "New"),
        ([("raised", 2, 3), ("escalated", 4, 4)], "Escalated", "Rising"),
        ([("raised", 4, 4), ("mitigated", 2, 4)], "Mitigated", "Falling"),
        ([("raised", 3, 3), ("revisited", 3, 3)], "Revisited", "Steady"),
        ([("raised", 3, 3), ("revisited", None, None)], "Revisited", "Not assessed"),
        ([("raised", 3, 3), ("mitigated", 2, 2), ("closed", 1, 1)], "Closed", "Closed"),
    ],
)
def test_trajectory_state_and_trend(sessions, member, path, state, trend):
    risk = TrackedRisk.objects.create(title="Cherry picking", slug="cherry")
    for session, (stage, likelihood, impact) in zip(sessions, path, strict=False):
        observe(risk, session, stage, likelihood, impact)
    trajectory = risk.trajectory(member)
    assert (trajectory.state, trajectory.trend) == (state, trend)
    assert [o.session.number for o in trajectory.observations] == list(range(1, len(path) + 1))


def test_a_hidden_observation_is_not_part_of_the_trajectory(sessions, member):
    risk = TrackedRisk.objects.create(title="Cherry picking", slug="cherry")
    observe(risk, sessions[0], "raised", 2, 2)
    sessions[1].visibility = "draft"
    sessions[1].save()
    observe(risk, sessions[1], "escalated", 5, 5)
    assert risk.trajectory(member).trend == "New"
    assert risk.trajectory(FacilitatorFactory()).trend == "Rising"


def test_likelihood_and_impact_both_or_neither(sessions):
    risk = TrackedRisk.objects.create(title="Half scored", slug="half")
    with pytest.raises(IntegrityError), transaction.atomic():
        observe(risk, sessions[0], "raised", 3, None)


def test_the_heat_map_says_count_and_words_in_every_cell(client, sessions):
    for n, (likelihood, impact) in enumerate([(4, 5), (4, 5), (1, 1)]):
        risk = TrackedRisk.objects.create(title=f"Risk {n}", slug=f"risk-{n}")
        observe(risk, sessions[0], "raised", likelihood, impact)
    closed = TrackedRisk.objects.create(title="Closed one", slug="closed")
    observe(closed, sessions[0], "closed", 5, 5)
    html = client.get(reverse("findings:risk_list")).content.decode()
    table = re.search(r'<table class="heat-map">.*?</table>', html, re.S).group(0)
    assert "<caption>" in table
    assert table.count('<th scope="row">') == 5 and table.count('<th scope="col">') == 6
    cells = re.findall(r'<td class="heat[^"]*">(.*?)</td>', table, re.S)
    assert len(cells) == 25
    for cell in cells:  # never colour alone: a number and a level in words
        text = re.sub(r"<[^>]+>", " ", cell)
        assert re.search(r"\b\d+\b", text)
        assert re.search(r"Low|Medium|High|Very high", text)
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table))
    assert "2 risks (very high: likely × catastrophic)" in words
    assert "1 risk (low: rare × insignificant)" in words
    assert "Closed one" not in table  # a closed risk is off the map


def test_heat_map_counts_unassessed_risks_apart(sessions, member):
    risk = TrackedRisk.objects.create(title="Unscored", slug="unscored")
    observe(risk, sessions[0], "raised")
    heat_map = HeatMap([(risk, risk.trajectory(member))])
    assert heat_map.total == 0 and heat_map.not_assessed == [risk]


def test_trajectory_of_nothing_is_empty():
    assert not Trajectory([]) and Trajectory([]).trend == ""


# The shipped content -----------------------------------------------------------------------


def test_the_pilot_recommendations_carry_no_response_and_its_recurring_risks_are_linked(
    pilot_content,
):
    call_command("load_followup", verbosity=0)
    recommendations = Item.objects.filter(kind="recommendation")
    assert recommendations.count() == FollowUp.objects.count() == 20
    assert set(FollowUp.objects.values_list("status", flat=True)) == {"no_response"}
    assert not FollowUp.objects.exclude(responded_by="").exists()  # no response invented
    assert not Evidence.objects.exists()
    risks = TrackedRisk.objects.all()
    assert risks.count() == 3
    for risk in risks:
        observations = list(risk.observations.all())
        assert len(observations) == 2
        assert [o.stage for o in observations] == [Stage.RAISED, Stage.REVISITED]
        assert all(o.likelihood is None and o.impact is None for o in observations)
        assert all(o.risk.session_id == o.session_id for o in observations)
    call_command("load_followup", verbosity=0)  # again: nothing doubles
    assert Observation.objects.count() == 6
    assert LedgerEntry.objects.filter(status="no_response").count() == 20


# The progress report ------------------------------------------------------------------------


@pytest.fixture
def progress_world(sessions):
    recommendation = RecommendationFactory(session=sessions[0], text="Share data plumword.")
    ledger = recommendation.follow_up
    ledger.status, ledger.responded_by, ledger.responded_on = "accepted", "MoJ", TODAY
    ledger.rating = Rating.COMPLETE
    ledger.save()
    Evidence.objects.create(follow_up=ledger, date=TODAY, what="Data shared quinceword.")
    Evidence.objects.create(
        follow_up=ledger, date=TODAY, what="Members note raspword.", visibility="members"
    )
    risk = TrackedRisk.objects.create(title="Cherry picking figword", slug="cherry")
    observe(risk, sessions[0], "raised", 2, 3)
    observe(risk, sessions[1], "escalated", 4, 5)
    return sessions[0].group


def test_progress_page_shows_status_rating_evidence_and_trajectory(client, progress_world):
    html = client.get(
        reverse("followup:group_progress", kwargs={"slug": progress_world.slug})
    ).content.decode()
    for word in ("plumword", "Accepted", "Complete", "quinceword", "figword", "Rising"):
        assert word in html
    assert "raspword" not in html  # members-only evidence


def test_progress_pdf_is_tagged_and_validates_as_pdf_ua(client, progress_world, tmp_path):
    response = client.get(
        reverse("followup:group_progress_pdf", kwargs={"slug": progress_world.slug})
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    text = " ".join(p.extract_text() for p in reader.pages)
    for word in ("plumword", "quinceword", "figword", "Heat map", "Very high"):
        assert word in text
    path = tmp_path / "progress.pdf"
    path.write_bytes(response.content)
    report = page.validate_pdf(str(path), profile="ua1")
    assert report.is_compliant, str(report)


def test_the_progress_pdf_holds_the_heat_map_as_a_table(progress_world, member):
    pdf = render_progress_pdf(build_progress(member, "group", progress_world))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Almost certain" in text and "Catastrophic" in text


# Following, digests, unsubscribing ----------------------------------------------------------


@pytest.fixture
def follower(db):
    return UserFactory(username="reader", email="reader@example.org")


def test_a_member_follows_and_unfollows_a_recommendation(client, follower):
    recommendation = RecommendationFactory()
    client.force_login(follower)
    url = reverse("followup:follow")
    client.post(url, {"kind": "recommendation", "key": recommendation.pk})
    assert Follow.objects.filter(user=follower, recommendation=recommendation).exists()
    client.post(url, {"kind": "recommendation", "key": recommendation.pk})  # twice: once
    assert Follow.objects.count() == 1
    client.post(url, {"kind": "recommendation", "key": recommendation.pk, "action": "unfollow"})
    assert not Follow.objects.exists()


def test_nobody_follows_what_they_may_not_see(client, follower):
    hidden = RecommendationFactory(visibility="draft")
    client.force_login(follower)
    response = client.post(reverse("followup:follow"), {"kind": "recommendation", "key": hidden.pk})
    assert response.status_code == 404 and not Follow.objects.exists()


def test_following_needs_a_sign_in(client):
    recommendation = RecommendationFactory()
    response = client.post(
        reverse("followup:follow"), {"kind": "recommendation", "key": recommendation.pk}
    )
    assert response.status_code == 302 and not Follow.objects.exists()


def yesterday_period():
    return digests.period_ending("daily")


def record_change(recommendation, when, **kwargs):
    ledger = recommendation.follow_up
    Evidence.objects.create(
        follow_up=ledger,
        date=TODAY,
        what=kwargs.get("what", "Done."),
        recorded_at=when,
        **{k: v for k, v in kwargs.items() if k != "what"},
    )


def test_a_digest_is_sent_once_per_member_and_period(follower):
    recommendation = RecommendationFactory(text="Share data appleword.")
    Follow.objects.create(user=follower, recommendation=recommendation)
    DigestPreference.objects.create(user=follower, frequency="daily")
    start, end = yesterday_period()
    record_change(recommendation, start + datetime.timedelta(hours=3), what="Cherryword done.")
    assert digests.send_digests("daily") == 1
    assert digests.send_digests("daily") == 0  # the same period again: nothing
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Cherryword done." in message.body and message.to == ["reader@example.org"]
    assert "List-Unsubscribe" in message.extra_headers
    sent = DigestSent.objects.get()
    assert sent.delivered_at is not None and sent.changes[0]["title"].startswith("Evidence")


def test_a_claimed_period_is_never_sent_again_even_if_the_email_never_left(follower):
    """A worker killed after the claim and before the send: the restart sends nothing."""
    recommendation = RecommendationFactory()
    Follow.objects.create(user=follower, recommendation=recommendation)
    DigestPreference.objects.create(user=follower, frequency="daily")
    start, end = yesterday_period()
    record_change(recommendation, start + datetime.timedelta(hours=1))
    DigestSent.objects.create(user=follower, frequency="daily", period_start=start, period_end=end)
    assert digests.send_digests("daily") == 0 and mail.outbox == []


def test_a_digest_never_shows_what_the_member_may_not_see(follower):
    public = RecommendationFactory(text="Public bananaword.")
    Follow.objects.create(user=follower, recommendation=public)
    Follow.objects.create(
        user=follower, theme=public.themes.first()
    ) if public.themes.exists() else None
    DigestPreference.objects.create(user=follower, frequency="daily")
    start, _ = yesterday_period()
    when = start + datetime.timedelta(hours=2)
    record_change(public, when, what="Seen by all melonword.")
    record_change(public, when, what="Facilitators only grapeword.", visibility="draft")
    hidden_later = RecommendationFactory(text="Soon hidden.")
    Follow.objects.create(user=follower, recommendation=hidden_later)
    record_change(hidden_later, when, what="Hidden figword.")
    hidden_later.visibility = "draft"
    hidden_later.save()
    digests.send_digests("daily")
    body = mail.outbox[0].body + mail.outbox[0].alternatives[0][0]
    assert "melonword" in body
    assert "grapeword" not in body and "figword" not in body and "Soon hidden" not in body


def test_nothing_changed_means_no_email(follower):
    Follow.objects.create(user=follower, recommendation=RecommendationFactory())
    DigestPreference.objects.create(user=follower, frequency="daily")
    assert digests.send_digests("daily") == 0 and mail.outbox == []


def test_weekly_members_get_the_week_not_the_day(follower):
    recommendation = RecommendationFactory()
    Follow.objects.create(user=follower, recommendation=recommendation)
    DigestPreference.objects.create(user=follower, frequency="weekly")
    start, end = digests.period_ending("weekly")
    assert (end - start).days == 7 and timezone.localtime(end).weekday() == 0
    record_change(recommendation, start + datetime.timedelta(days=2))
    assert digests.send_digests("daily") == 0
    assert digests.send_digests("weekly") == 1


def test_one_click_unsubscribe_from_a_signed_link(client, follower):
    DigestPreference.objects.create(user=follower)
    token = digests.unsubscribe_token(follower)
    response = client.post(reverse("followup:unsubscribe", kwargs={"token": token}))
    assert response.status_code == 200
    assert not DigestPreference.objects.get(user=follower).subscribed
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert (
        client.get(reverse("followup:unsubscribe", kwargs={"token": tampered})).status_code == 400
    )


def test_one_click_unsubscribe_by_post_as_mail_programs_do(client, follower):
    DigestPreference.objects.create(user=follower)
    url = reverse("followup:unsubscribe", kwargs={"token": digests.unsubscribe_token(follower)})
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not DigestPreference.objects.get(user=follower).subscribed


def test_an_unsubscribed_member_gets_no_digest(follower):
    recommendation = RecommendationFactory()
    Follow.objects.create(user=follower, recommendation=recommendation)
    DigestPreference.objects.create(user=follower, frequency="daily", subscribed=False)
    record_change(recommendation, yesterday_period()[0] + datetime.timedelta(hours=1))
    assert digests.send_digests("daily") == 0


def test_the_digest_settings_form_keeps_what_was_typed(client, follower):
    client.force_login(follower)
    response = client.post(reverse("followup:following"), {"frequency": "hourly"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    response = client.post(
        reverse("followup:following"), {"frequency": "daily", "subscribed": "on"}
    )
    assert response.status_code == 302
    assert DigestPreference.objects.get(user=follower).frequency == "daily"


def test_the_task_sends_and_queues_the_next_run(follower, settings):
    from followup.tasks import send_digests

    recommendation = RecommendationFactory()
    Follow.objects.create(user=follower, recommendation=recommendation)
    DigestPreference.objects.create(user=follower, frequency="daily")
    record_change(recommendation, yesterday_period()[0] + datetime.timedelta(hours=1))
    result = send_digests.enqueue("daily")
    assert result.return_value == 1 and len(mail.outbox) == 1
