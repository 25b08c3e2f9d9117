"""The facilitators' admin: what they can reach, and writing up a whole session on one screen."""

import pytest
from django.urls import reverse

from findings.models import Finding, Item, Recommendation, Risk
from sessions.models import Session

from .factories import (
    AttendanceFactory,
    FindingFactory,
    LearningGroupFactory,
    RecommendationFactory,
    RiskFactory,
    SectorFactory,
    SessionFactory,
    ThemeFactory,
    TopicHeadingFactory,
)
from .support import add_inline_row, management_data, prefix_of

pytestmark = pytest.mark.django_db

# model admin -> (can a facilitator add/change it?)
EDITABLE = {
    "ajc_sessions.session": True,
    "ajc_sessions.topicheading": True,
    "ajc_sessions.attendance": True,
    "ajc_sessions.figure": True,
    "findings.finding": True,
    "findings.risk": True,
    "findings.recommendation": True,
    "findings.theme": True,
    "ajc_sessions.learninggroup": False,
    "ajc_sessions.sector": False,
}


@pytest.fixture
def objects():
    session = SessionFactory()
    return {
        "ajc_sessions.session": session,
        "ajc_sessions.topicheading": TopicHeadingFactory(session=session),
        "ajc_sessions.attendance": AttendanceFactory(session=session),
        "findings.finding": FindingFactory(session=session),
        "findings.risk": RiskFactory(session=session),
        "findings.recommendation": RecommendationFactory(session=session),
        "findings.theme": ThemeFactory(),
        "ajc_sessions.learninggroup": session.group,
        "ajc_sessions.sector": SectorFactory(),
    }


def admin_url(label, view, *args):
    app_label, model = label.split(".")
    return reverse(f"admin:{app_label}_{model}_{view}", args=args)


@pytest.mark.parametrize("label", [label for label in EDITABLE if label != "ajc_sessions.figure"])
def test_facilitator_can_list_and_open_every_model(client, facilitator, objects, label):
    client.force_login(facilitator)
    assert client.get(admin_url(label, "changelist")).status_code == 200
    assert client.get(admin_url(label, "changelist"), {"q": "x"}).status_code == 200
    assert client.get(admin_url(label, "change", objects[label].pk)).status_code == 200
    expected_add = 200 if EDITABLE[label] else 403
    assert client.get(admin_url(label, "add")).status_code == expected_add


def test_facilitator_can_open_figure_pages(client, facilitator):
    client.force_login(facilitator)
    assert client.get(admin_url("ajc_sessions.figure", "changelist")).status_code == 200
    assert client.get(admin_url("ajc_sessions.figure", "add")).status_code == 200


@pytest.mark.parametrize("label", list(EDITABLE))
def test_non_staff_member_is_refused(client, member, objects, label):
    client.force_login(member)
    for view, args in [("changelist", ()), ("add", ())]:
        response = client.get(admin_url(label, view, *args))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_anonymous_is_sent_to_login(client, objects):
    response = client.get(
        admin_url("ajc_sessions.session", "change", objects["ajc_sessions.session"].pk)
    )
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_facilitators_cannot_manage_users(client, facilitator):
    client.force_login(facilitator)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def session_post_data(response, group, **overrides):
    data = management_data(response)
    data.update(
        {
            "group": group.pk,
            "number": 7,
            "subject": "Procurement",
            "heading_subject": "",
            "location": "Wakefield",
            "date": "2012-08-01",
            "date_precision": "month",
            "status": "held",
            "visibility": "draft",
            "focus": "The session focused on competitive dialogue.",
            "conclusion": "Dialogue takes time.",
        }
    )
    data.update(overrides)
    return data


def test_a_whole_session_is_entered_on_one_screen(client, facilitator):
    group = LearningGroupFactory()
    sector = SectorFactory()
    pbr = ThemeFactory(slug="payment-by-results", name="Payment by results")
    client.force_login(facilitator)
    url = reverse("admin:ajc_sessions_session_add")
    page = client.get(url)
    data = session_post_data(page, group)
    add_inline_row(
        data,
        prefix_of(page, Session.attendance.rel.related_model),
        0,
        sector=sector.pk,
        headcount=4,
    )
    add_inline_row(
        data,
        prefix_of(page, Finding),
        0,
        order=1,
        text="All agreed on outcomes.",
        agreement="unanimous",
        themes=[pbr.pk],
        visibility="public",
    )
    add_inline_row(
        data,
        prefix_of(page, Risk),
        0,
        order=1,
        text="Cherry picking.",
        exposed="service_users",
        themes=[pbr.pk],
        visibility="public",
    )
    add_inline_row(
        data,
        prefix_of(page, Recommendation),
        0,
        order=1,
        text="Proceed with caution.",
        audience="politicians",
        strength="strong",
        themes=[pbr.pk],
        visibility="public",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    session = Session.objects.get(number=7)
    assert session.attendance.get().headcount == 4
    kinds = {item.kind: item for item in session.items.all()}
    assert set(kinds) == {"finding", "risk", "recommendation"}
    assert kinds["finding"].agreement == "unanimous"
    assert kinds["risk"].exposed == "service_users"
    assert [theme.slug for theme in kinds["recommendation"].themes.all()] == ["payment-by-results"]


def test_a_form_error_keeps_everything_the_facilitator_typed(client, facilitator):
    group = LearningGroupFactory()
    client.force_login(facilitator)
    url = reverse("admin:ajc_sessions_session_add")
    page = client.get(url)
    data = session_post_data(
        page, group, date="not a date", focus="Carefully typed focus paragraph."
    )
    add_inline_row(
        data,
        prefix_of(page, Finding),
        0,
        order=1,
        text="A learning point typed from rough notes.",
        agreement="many",
        themes=[],
        visibility="public",
    )
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a valid date." in html
    assert "Carefully typed focus paragraph." in html
    assert "A learning point typed from rough notes." in html
    assert 'value="Wakefield"' in html
    assert not Session.objects.filter(number=7).exists()


def test_item_without_a_theme_is_refused_with_a_message(client, facilitator):
    session = SessionFactory()
    client.force_login(facilitator)
    url = reverse("admin:findings_finding_add")
    response = client.post(
        url, {"session": session.pk, "order": 1, "text": "Point", "visibility": "public"}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Item.objects.exists()


def test_publish_and_unpublish_actions(client, facilitator):
    sessions = SessionFactory.create_batch(2, visibility="draft")
    client.force_login(facilitator)
    url = reverse("admin:ajc_sessions_session_changelist")
    ids = [session.pk for session in sessions]
    client.post(url, {"action": "publish_to_members", "_selected_action": ids})
    assert set(Session.objects.values_list("visibility", flat=True)) == {"members"}
    client.post(url, {"action": "publish_publicly", "_selected_action": ids})
    assert set(Session.objects.values_list("visibility", flat=True)) == {"public"}
    client.post(url, {"action": "unpublish", "_selected_action": ids})
    assert set(Session.objects.values_list("visibility", flat=True)) == {"draft"}


def test_session_change_page_offers_view_on_site(client, facilitator):
    session = SessionFactory()
    client.force_login(facilitator)
    response = client.get(reverse("admin:ajc_sessions_session_change", args=[session.pk]))
    assert "View on site" in response.content.decode()


def test_theme_autocomplete_answers_a_facilitator(client, facilitator):
    ThemeFactory(name="Localism", slug="localism")
    ThemeFactory(name="Payment by results", slug="payment-by-results")
    client.force_login(facilitator)
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "local", "app_label": "findings", "model_name": "finding", "field_name": "themes"},
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Localism"]
