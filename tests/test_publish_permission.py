"""Publishing is a permission of its own on every page that can make something visible, not
only on the session's (issue 25, finding 5): an item's own change page, its history's revert,
and a recommendation's evidence and a tracked risk's observations."""

import pytest
from django.urls import reverse

from followup.models import Evidence, Observation, TrackedRisk

from .factories import (
    RecommendationFactory,
    RiskFactory,
    SessionFactory,
    ThemeFactory,
    UserFactory,
    add_second_factor,
    facilitators_group,
)
from .support import add_inline_row, change_form_data, prefix_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(db):
    """Staff with every facilitator permission but ``publish_session``."""
    user = UserFactory(username="writer", is_staff=True)
    user.user_permissions.set(facilitators_group().permissions.exclude(codename="publish_session"))
    assert not user.has_perm("ajc_sessions.publish_session")
    assert user.has_perm("findings.change_risk") and user.has_perm("followup.change_evidence")
    return add_second_factor(user)  # staff reach the admin only with two-factor set up


@pytest.fixture
def draft_risk():
    return RiskFactory(
        session=SessionFactory(visibility="public"), visibility="draft", themes=[ThemeFactory()]
    )


def risk_url(risk):
    return reverse("admin:findings_risk_change", args=[risk.pk])


def test_an_item_cannot_be_made_public_from_its_own_page(client, writer, draft_risk):
    client.force_login(writer)
    form = client.get(risk_url(draft_risk))
    assert form.status_code == 200
    assert 'name="visibility"' not in form.content.decode()  # shown, not offered
    response = client.post(risk_url(draft_risk), change_form_data(form, visibility="public"))
    assert response.status_code == 302
    draft_risk.refresh_from_db()
    assert draft_risk.visibility == "draft"


def test_a_revert_does_not_publish_an_item(client, writer, facilitator, draft_risk):
    draft_risk.visibility = "public"
    draft_risk.save()
    public_version = draft_risk.history.order_by("-history_date").first()
    draft_risk.visibility = "draft"
    draft_risk.save()
    client.force_login(writer)
    url = reverse("admin:findings_risk_simple_history", args=[draft_risk.pk, public_version.pk])
    form = client.get(url)
    assert form.status_code == 200
    revert = form.context["adminform"].form
    data = {
        name: getattr(value, "pk", value)
        for name in revert.fields
        if (value := revert[name].value()) not in (None, False)
    }
    data["themes"] = [theme.pk for theme in draft_risk.themes.all()]
    data["visibility"] = "public"
    assert client.post(url, data).status_code == 302
    draft_risk.refresh_from_db()
    assert draft_risk.visibility == "draft"


def test_a_revert_does_not_publish_a_session(client, writer):
    session = SessionFactory(visibility="public")
    public_version = session.history.order_by("-history_date").first()
    session.visibility = "draft"
    session.save()
    client.force_login(writer)
    url = reverse("admin:ajc_sessions_session_simple_history", args=[session.pk, public_version.pk])
    form = client.get(url)
    assert form.status_code == 200
    revert = form.context["adminform"].form
    data = {
        name: getattr(value, "pk", value)
        for name in revert.fields
        if (value := revert[name].value()) not in (None, False)
    }
    for inline in form.context.get("inline_admin_formsets") or []:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    data["visibility"] = "public"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    session.refresh_from_db()
    assert session.visibility == "draft"


def test_a_new_item_in_a_published_session_waits_for_a_publisher(client, writer):
    session = SessionFactory(visibility="public")
    theme = ThemeFactory()
    client.force_login(writer)
    url = reverse("admin:findings_finding_add") + f"?session={session.pk}"
    form = client.get(url)
    data = change_form_data(
        form, text="A new learning point.", visibility="public", themes=[theme.pk]
    )
    assert client.post(url, data).status_code == 302
    assert session.items.get().visibility == "draft"


def test_a_facilitator_may_still_publish_an_item(client, facilitator, draft_risk):
    client.force_login(facilitator)
    form = client.get(risk_url(draft_risk))
    client.post(risk_url(draft_risk), change_form_data(form, visibility="public"))
    draft_risk.refresh_from_db()
    assert draft_risk.visibility == "public"


def ledger_url(ledger):
    return reverse("admin:followup_followup_change", args=[ledger.pk])


def test_evidence_cannot_be_published_without_the_permission(client, writer):
    ledger = RecommendationFactory(session=SessionFactory(visibility="public")).follow_up
    kept = Evidence.objects.create(
        follow_up=ledger, date="2013-01-01", what="Held back.", visibility="draft"
    )
    client.force_login(writer)
    form = client.get(ledger_url(ledger))
    prefix = prefix_of(form, Evidence)
    data = change_form_data(form, **{f"{prefix}-0-visibility": "public"})
    add_inline_row(data, prefix, 1, date="2013-06-01", what="New.", visibility="public")
    response = client.post(ledger_url(ledger), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    kept.refresh_from_db()
    assert kept.visibility == "draft"
    assert ledger.evidence.get(what="New.").visibility == "draft"


def test_observations_cannot_be_published_without_the_permission(client, writer):
    session = SessionFactory(visibility="public")
    tracked = TrackedRisk.objects.create(title="Cherry picking", slug="cherry")
    kept = Observation.objects.create(
        tracked_risk=tracked, session=session, exposed="providers", visibility="draft"
    )
    url = reverse("admin:followup_trackedrisk_change", args=[tracked.pk])
    client.force_login(writer)
    form = client.get(url)
    prefix = prefix_of(form, Observation)
    data = change_form_data(form, **{f"{prefix}-0-visibility": "public"})
    later = SessionFactory(group=session.group, visibility="public")
    add_inline_row(
        data, prefix, 1, session=later.pk, stage="raised", exposed="providers", visibility="public"
    )
    response = client.post(url, data)
    assert response.status_code == 302
    kept.refresh_from_db()
    assert kept.visibility == "draft"
    assert tracked.observations.exclude(pk=kept.pk).get().visibility == "draft"
