"""Nothing a facilitator does is lost: history, revert, recovery of deletions, edit conflicts."""

import pytest
from django.urls import reverse

from ajc.stale_saves import stored_version
from findings.models import Finding, Item
from sessions.models import Session, TopicHeading

from .factories import FindingFactory, SessionFactory, ThemeFactory, TopicHeadingFactory
from .support import management_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes():
    return ThemeFactory(slug="localism", name="Localism"), ThemeFactory(slug="pbr", name="PbR")


def finding_post(item, **changes):
    data = {
        "session": item.session_id,
        "topic": item.topic_id or "",
        "order": item.order,
        "text": item.text,
        "agreement": item.agreement,
        "themes": [theme.pk for theme in item.themes.all()],
        "visibility": item.visibility,
        "opened_version": stored_version(Item, item.pk),
    }
    data.update(changes)
    return data


def test_every_change_is_kept_and_can_be_reverted_with_its_themes(client, facilitator, themes):
    localism, pbr = themes
    item = FindingFactory(text="First wording.", themes=[localism])
    client.force_login(facilitator)
    change_url = reverse("admin:findings_finding_change", args=[item.pk])
    response = client.post(change_url, finding_post(item, text="Second wording.", themes=[pbr.pk]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text == "Second wording."
    assert [t.slug for t in item.themes.all()] == ["pbr"]

    records = Item.history.filter(id=item.pk).order_by("history_id")
    assert [r.text for r in records] == ["First wording.", "Second wording."]
    first = records.first()
    assert first.theme_slug_list == ["localism"]
    history_page = client.get(reverse("admin:findings_finding_history", args=[item.pk]))
    assert history_page.status_code == 200
    assert "First wording." in history_page.content.decode() or first.history_date

    revert_url = reverse("admin:findings_finding_simple_history", args=[item.pk, first.history_id])
    form_page = client.get(revert_url)
    assert form_page.status_code == 200
    assert form_page.context["adminform"].form.initial["themes"] == [localism]
    data = finding_post(item, text="First wording.", themes=[localism.pk])
    assert client.post(revert_url, data).status_code == 302
    item.refresh_from_db()
    assert item.text == "First wording."
    assert [t.slug for t in item.themes.all()] == ["localism"]


def test_a_deleted_item_can_be_recovered_with_its_themes(client, facilitator, themes):
    localism, _ = themes
    item = FindingFactory(text="Precious learning point.", themes=[localism])
    pk = item.pk
    client.force_login(facilitator)
    delete_url = reverse("admin:findings_finding_delete", args=[pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Item.objects.filter(pk=pk).exists()

    deleted_url = reverse("admin:findings_finding_deleted")
    page = client.get(deleted_url)
    assert "Precious learning point." in page.content.decode()
    record = Item.history.get(id=pk, history_type="-")
    assert client.post(deleted_url, {"history_id": record.history_id}).status_code == 302
    recovered = Finding.objects.get(pk=pk)
    assert recovered.text == "Precious learning point."
    assert [t.slug for t in recovered.themes.all()] == ["localism"]
    assert list(client.get(deleted_url).context["records"]) == []


def test_recovering_a_deleted_session_brings_back_everything_deleted_with_it(
    client, facilitator, themes
):
    localism, pbr = themes
    session = SessionFactory(subject="Localism")
    topic = TopicHeadingFactory(session=session, title="Stakeholders")
    FindingFactory(session=session, topic=topic, text="One.", themes=[localism])
    FindingFactory(session=session, text="Two.", themes=[localism, pbr])
    pk = session.pk
    client.force_login(facilitator)
    response = client.post(reverse("admin:ajc_sessions_session_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Item.objects.exists()

    record = Session.history.get(id=pk, history_type="-")
    response = client.post(
        reverse("admin:ajc_sessions_session_deleted"), {"history_id": record.history_id}
    )
    assert response.status_code == 302
    session = Session.objects.get(pk=pk)
    assert session.subject == "Localism"
    assert TopicHeading.objects.get(session=session).title == "Stakeholders"
    items = {item.text: item for item in session.items.all()}
    assert set(items) == {"One.", "Two."}
    assert items["One."].topic.title == "Stakeholders"
    assert sorted(t.slug for t in items["Two."].themes.all()) == ["localism", "pbr"]


def test_a_second_facilitator_cannot_silently_overwrite_the_first(client, facilitator):
    session = SessionFactory(subject="Localism", focus="Original focus.")
    client.force_login(facilitator)
    url = reverse("admin:ajc_sessions_session_change", args=[session.pk])
    page = client.get(url)  # both facilitators open the page
    opened = page.context["adminform"].form["opened_version"].value()
    assert opened

    def post(focus):
        data = management_data(page)
        data.update(
            {
                "group": session.group_id,
                "number": session.number,
                "subject": session.subject,
                "location": session.location,
                "date": "2012-06-01",
                "date_precision": "month",
                "status": "held",
                "visibility": "public",
                "focus": focus,
                "conclusion": session.conclusion,
                "opened_version": opened,
            }
        )
        return client.post(url, data)

    assert post("First facilitator's focus.").status_code == 302
    second = post("Second facilitator's focus.")
    assert second.status_code == 200
    html = second.content.decode()
    assert "after you opened this page, so your changes have not been saved" in html
    assert "Second facilitator&#x27;s focus." in html
    assert Session.objects.get(pk=session.pk).focus == "First facilitator's focus."


def test_changelists_offer_recover_deleted(client, facilitator):
    client.force_login(facilitator)
    for name in ["ajc_sessions_session", "findings_finding", "findings_risk"]:
        html = client.get(reverse(f"admin:{name}_changelist")).content.decode()
        assert reverse(f"admin:{name}_deleted") in html
