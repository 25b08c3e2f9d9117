"""No save overwrites another (issue 9, finding 3): every admin change page refuses a save made
from a version someone else has since changed, says who saved and when, and keeps what was typed;
and of two simultaneous saves from one version, exactly one wins (a row lock, on PostgreSQL)."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from findings.models import Item, Theme
from sessions.models import Attendance, LearningGroup, Sector, Session, TopicHeading

from .factories import (
    AttendanceFactory,
    FindingFactory,
    LearningGroupFactory,
    SectorFactory,
    SessionFactory,
    ThemeFactory,
    TopicHeadingFactory,
    add_second_factor,
)
from .support import change_form_data, saved

CONFLICT = "after you opened this page, so your changes have not been saved"

# (admin URL name, model, factory, a text field both facilitators change)
PAGES = [
    ("findings_finding", Item, lambda: FindingFactory(text="Original.", themes=[theme()]), "text"),
    ("ajc_sessions_session", Session, lambda: SessionFactory(focus="Original."), "focus"),
    (
        "ajc_sessions_topicheading",
        TopicHeading,
        lambda: TopicHeadingFactory(title="Original."),
        "title",
    ),
    ("ajc_sessions_attendance", Attendance, lambda: AttendanceFactory(headcount=3), "headcount"),
    ("findings_theme", Theme, lambda: ThemeFactory(description="Original."), "description"),
    (
        "ajc_sessions_learninggroup",
        LearningGroup,
        lambda: LearningGroupFactory(focus="Original."),
        "focus",
    ),
    ("ajc_sessions_sector", Sector, lambda: SectorFactory(name="Original"), "name"),
]


def theme():
    return Theme.objects.filter(slug="localism").first() or ThemeFactory(
        slug="localism", name="Localism"
    )


def value_for(field, who):
    return {"headcount": {"first": 5, "second": 7}}.get(field, {}).get(who, f"{who} wording")


@pytest.mark.django_db
@pytest.mark.parametrize("admin_name,model,make,field", PAGES, ids=[page[0] for page in PAGES])
def test_a_stale_save_is_refused_and_keeps_what_was_typed(
    client, superuser, admin_name, model, make, field
):
    thing = make()
    client.force_login(superuser)
    url = reverse(f"admin:{admin_name}_change", args=[thing.pk])
    page = client.get(url)  # both facilitators open the page now
    first = change_form_data(page, **{field: value_for(field, "first")})
    second = change_form_data(page, **{field: value_for(field, "second")})

    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 200
    html = response.content.decode()
    assert CONFLICT in html
    # Who saved and when, from the record's history where it keeps one.
    saver = "admin saved it at" if hasattr(model, "history") else "Someone else saved it"
    assert saver in html
    assert str(value_for(field, "second")) in html  # what the second one typed is still there
    assert str(getattr(model.objects.get(pk=thing.pk), field)) == str(value_for(field, "first"))


@pytest.mark.django_db
def test_a_fresh_page_saves(client, superuser):
    item = FindingFactory(text="Original.", themes=[theme()])
    client.force_login(superuser)
    url = reverse("admin:findings_finding_change", args=[item.pk])
    assert client.post(url, change_form_data(client.get(url), text="One.")).status_code == 302
    assert client.post(url, change_form_data(client.get(url), text="Two.")).status_code == 302
    assert Item.objects.get(pk=item.pk).text == "Two."


@pytest.mark.django_db
def test_an_edit_to_an_item_makes_the_open_session_page_stale(client, superuser):
    """The session's page edits its items too: an item saved elsewhere must not be overwritten."""
    item = FindingFactory(text="Original.")
    client.force_login(superuser)
    url = reverse("admin:ajc_sessions_session_change", args=[item.session_id])
    page = client.get(url)
    saved(item, text="Changed on the item's own page.")
    response = client.post(url, change_form_data(page, focus="Mine."))
    assert response.status_code == 200 and CONFLICT in response.content.decode()
    assert Item.objects.get(pk=item.pk).text == "Changed on the item's own page."


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite has none)"
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "admin_name,make,field", [PAGES[0][:1] + PAGES[0][2:], PAGES[1][:1] + PAGES[1][2:]]
)
def test_two_simultaneous_stale_saves_cannot_both_win(superuser, admin_name, make, field):
    for attempt in range(5):
        thing = make()
        url = reverse(f"admin:{admin_name}_change", args=[thing.pk])
        opener = Client()
        opener.force_login(superuser)
        page = opener.get(url)
        posts = [
            change_form_data(page, **{field: f"writer {n}, attempt {attempt}"}) for n in (1, 2)
        ]
        barrier = threading.Barrier(2)
        statuses = []

        def save(data, url=url, barrier=barrier, statuses=statuses):
            writer = Client()
            writer.force_login(superuser)
            barrier.wait()
            try:
                statuses.append(writer.post(url, data).status_code)
            finally:
                connection.close()

        threads = [threading.Thread(target=save, args=(data,)) for data in posts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert sorted(statuses) == [200, 302], f"attempt {attempt}: {statuses}"


# Publishing is a permission of its own (issue 9, finding 6) ----------------------------------


@pytest.fixture
def editor(db):
    """Staff who may change sessions but not publish them."""
    from django.contrib.auth.models import Permission

    from .factories import UserFactory

    user = add_second_factor(UserFactory(username="editor", is_staff=True))
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="ajc_sessions",
            codename__in=["view_session", "change_session", "add_session"],
        )
    )
    return user


@pytest.mark.django_db
def test_visibility_cannot_be_set_on_the_form_without_the_publish_permission(client, editor):
    session = SessionFactory(visibility="draft", focus="Original.")
    client.force_login(editor)
    url = reverse("admin:ajc_sessions_session_change", args=[session.pk])
    page = client.get(url)
    assert "visibility" not in page.context["adminform"].form.fields
    response = client.post(url, change_form_data(page, visibility="public", focus="Edited."))
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.visibility, session.focus) == ("draft", "Edited.")


@pytest.mark.django_db
def test_facilitators_with_the_permission_still_publish_on_the_form(client, facilitator):
    session = SessionFactory(visibility="draft")
    client.force_login(facilitator)
    url = reverse("admin:ajc_sessions_session_change", args=[session.pk])
    response = client.post(url, change_form_data(client.get(url), visibility="public"))
    assert response.status_code == 302
    assert Session.objects.get(pk=session.pk).visibility == "public"


def revert_form_data(page, **changes):
    """What a browser posts back from a history version's page (its form, no inlines)."""
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False or hasattr(value, "url"):
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = getattr(value, "pk", value)
    return {**data, **changes}


# Not inside a test's transaction: the revert runs in the request as in production, where the
# guard's row lock needs the view's own transaction (issue 25, finding 6: a 500 on PostgreSQL).
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("admin_name", "make", "field"),
    [(name, make, field) for name, _, make, field in PAGES[:2]],
    ids=["item", "session"],
)
def test_a_history_revert_saves_in_a_transaction_of_its_own(
    client, superuser, admin_name, make, field
):
    instance = make()
    model = type(instance)
    setattr(instance, field, "Edited.")
    instance.save()
    first = model.history.filter(id=instance.pk).order_by("history_id").first()
    client.force_login(superuser)
    url = reverse(f"admin:{admin_name}_simple_history", args=[instance.pk, first.history_id])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, revert_form_data(page))
    assert response.status_code == 302, response.content.decode()[:1000]
    instance.refresh_from_db()
    assert getattr(instance, field) == "Original."
