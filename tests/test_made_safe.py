"""After an edit that narrowed what readers may see and says what it hid, a page's previous version
is given with that taken out while its new version is computed (issue 28: the next reader after
an unpublish never waits for a full recount, and never sees what was hidden)."""

import re

import pytest
from django.urls import reverse

from ajc import cache
from ajc.cache import values
from ajc.cache.keys import NARROWING_KEY, NARROWING_SEQ_KEY

from .factories import FindingFactory, RecommendationFactory, RiskFactory, SessionFactory
from .support import saved, someone_else_recomputes

SAFE = cache.Policy(
    "probe-safe",
    made_safe=lambda previous, hidden: (previous, sorted(hidden.sessions), sorted(hidden.items)),
)


@pytest.fixture(autouse=True)
def short_waits(monkeypatch):
    monkeypatch.setattr(values, "WAIT_FOR_RECOMPUTE_SECONDS", 0.05)


def read(policy=SAFE, audience="public", new="computed again"):
    """The value as a reader finds it while another process computes the new one."""
    someone_else_recomputes(policy.name, audience)
    return cache.cached(policy, audience, lambda: new)


def test_the_previous_version_is_given_made_safe_with_all_that_was_hidden_since():
    cache.cached(SAFE, "public", lambda: "before")
    cache.invalidate(narrowing=True, hidden=cache.Hidden.of(sessions=[7]))
    cache.invalidate()  # an edit that narrows nothing, between the two
    cache.invalidate(narrowing=True, hidden=cache.Hidden.of(items=[9]))
    assert read() == ("before", [7], [9])


def test_only_what_was_hidden_after_the_previous_version_is_taken_out():
    cache.invalidate(narrowing=True, hidden=cache.Hidden.of(sessions=[3]))
    cache.cached(SAFE, "public", lambda: "without session 3 already")
    cache.invalidate(narrowing=True, hidden=cache.Hidden.of(sessions=[4]))
    assert read() == ("without session 3 already", [4], [])


@pytest.mark.parametrize(
    "edit",
    [
        lambda: cache.invalidate(narrowing=True),  # a deletion: it cannot say what it hid
        lambda: cache.invalidate(narrowing=True, hidden=cache.Hidden()),
    ],
)
def test_after_a_narrowing_that_cannot_say_what_it_hid_nothing_from_before_is_given(edit):
    cache.cached(SAFE, "public", lambda: "before")
    cache.invalidate(narrowing=True, hidden=cache.Hidden.of(sessions=[7]))
    edit()
    assert read() == "computed again"


def test_a_value_that_cannot_be_made_safe_is_computed_at_once():
    refusing = cache.Policy("probe-safe", made_safe=lambda previous, hidden: None)
    cache.cached(refusing, "public", lambda: "before")
    cache.invalidate(narrowing=True, hidden=cache.Hidden.of(sessions=[7]))
    assert read(refusing) == "computed again"


def test_without_made_safe_nothing_from_before_a_narrowing_edit_is_given():
    plain = cache.Policy("probe-safe")
    cache.cached(plain, "public", lambda: "before")
    cache.invalidate(narrowing=True, hidden=cache.Hidden.of(sessions=[7]))
    assert read(plain) == "computed again"


def test_facilitators_are_never_given_a_version_made_safe():
    cache.cached(SAFE, "facilitator", lambda: "before")
    cache.invalidate(narrowing=True, hidden=cache.Hidden.of(sessions=[7]))
    assert read(audience="facilitator") == "computed again"


def test_a_narrowing_no_longer_on_record_leaves_nothing_to_make_safe():
    from django.core.cache import cache as django_cache  # the record lapsed, or was evicted

    cache.cached(SAFE, "public", lambda: "before")
    cache.invalidate(narrowing=True, hidden=cache.Hidden.of(sessions=[7]))
    django_cache.delete(NARROWING_KEY.format(django_cache.get(NARROWING_SEQ_KEY)))
    assert read() == "computed again"


def test_after_more_narrowings_than_are_read_the_value_is_computed_again(monkeypatch):
    monkeypatch.setattr(values, "MAX_NARROWINGS_MADE_SAFE", 3)
    cache.cached(SAFE, "public", lambda: "before")
    for session in range(2):
        cache.invalidate(narrowing=True, hidden=cache.Hidden.of(sessions=[session]))
    assert read() == ("before", [0, 1], [])
    for session in range(2, 4):
        cache.invalidate(narrowing=True, hidden=cache.Hidden.of(sessions=[session]))
    assert read() == "computed again"


@pytest.mark.django_db(transaction=True)
def test_a_transaction_hides_all_its_narrowing_edits_hid_or_cannot_say():
    from django.db import transaction

    from .support import deleted

    first, second = SessionFactory(visibility="public"), SessionFactory(visibility="public")
    doomed = FindingFactory(session=SessionFactory(visibility="public"))
    cache.cached(SAFE, "public", lambda: "before")
    with transaction.atomic():
        saved(first, visibility="draft")
        saved(second, visibility="members")
    assert read() == ("before", sorted([first.pk, second.pk]), [])
    cache.cached(SAFE, "public", lambda: "after both")
    with transaction.atomic():
        saved(first, visibility="public")
        saved(first, visibility="draft")
        deleted(doomed)
    assert read() == "computed again"


# The findings browser made safe


def results_heading(html):
    return re.search(r'<h2 id="results-heading">(.*?)</h2>', html).group(1)


def session_options(html):
    return re.findall(r'name="session" value="(\d+)"', html)


@pytest.mark.django_db
def test_the_browser_after_an_unpublish_is_its_previous_version_without_the_session(client):
    kept = SessionFactory(visibility="public")
    hidden = SessionFactory(visibility="public")
    FindingFactory(session=kept, text="Kept on the page.")
    risk = RiskFactory(session=kept, text="A risk answered from the other session.")
    for n in range(3):
        FindingFactory(session=hidden, text=f"Point {n} of the hidden session.")
    answer = RecommendationFactory(session=hidden, text="The answer from the hidden session.")
    answer.answers.add(risk)
    cache.invalidate()
    browser = reverse("findings:item_list")
    before = client.get(browser).content.decode()
    assert results_heading(before) == "6 results"
    assert sorted(session_options(before)) == sorted([str(kept.pk), str(hidden.pk)])
    # An ordinary edit first: the version made safe is the previous one, not one computed again.
    saved(kept.items.get(text="Kept on the page."), text="Kept, and edited since.")
    saved(hidden, visibility="draft")
    made_safe = client.get(browser).content.decode()
    assert "hidden session" not in made_safe
    assert hidden.get_absolute_url() not in made_safe
    # The risk links to the hidden recommendation: its row goes too.
    assert "A risk answered" not in made_safe
    assert "Kept on the page." in made_safe
    assert results_heading(made_safe) == "2 results"
    assert session_options(made_safe) == [str(kept.pk)]
    # The worker (run at once here) has computed the new version meanwhile.
    again = client.get(browser).content.decode()
    assert "Kept, and edited since." in again
    assert "A risk answered" in again
    assert results_heading(again) == "2 results"


@pytest.mark.django_db
def test_a_search_after_an_unpublish_counts_only_what_is_left(client):
    kept = SessionFactory(visibility="public")
    hidden = SessionFactory(visibility="public")
    FindingFactory(session=kept, text="Commissioners trusted the partnership.")
    FindingFactory(session=kept, text="Nothing about that word here.")
    for n in range(2):
        FindingFactory(session=hidden, text=f"The partnership failed in year {n}.")
    cache.invalidate()
    search = reverse("findings:item_list") + "?q=partnership"
    assert results_heading(client.get(search).content.decode()).startswith("3 results")
    # Added since: not in the previous version, which is what is made safe.
    FindingFactory(session=kept, text="The partnership was renewed.")
    saved(hidden, visibility="members")
    made_safe = client.get(search).content.decode()
    assert results_heading(made_safe).startswith("1 result ")
    assert "failed in year" not in made_safe
    assert results_heading(client.get(search).content.decode()).startswith("2 results")


@pytest.mark.django_db
def test_an_item_made_members_only_is_taken_out_of_its_facet_counts(client):
    from .factories import ThemeFactory

    session = SessionFactory(visibility="public")
    theme = ThemeFactory(name="Localism", slug="localism")
    shown = FindingFactory(session=session, text="Shown to all.", themes=[theme])
    narrowed = FindingFactory(session=session, text="Soon for members.", themes=[theme])
    cache.invalidate()
    browser = reverse("findings:item_list")
    assert 'Localism <span class="count">(2)</span>' in client.get(browser).content.decode()
    FindingFactory(session=session, text="Added since.", themes=[theme])
    saved(narrowed, visibility="members")
    made_safe = client.get(browser).content.decode()
    assert "Soon for members." not in made_safe
    assert 'Localism <span class="count">(1)</span>' in made_safe
    assert shown.get_absolute_url() in made_safe
    assert 'Localism <span class="count">(2)</span>' in client.get(browser).content.decode()


@pytest.mark.django_db
def test_a_theme_page_after_an_unpublish_is_its_previous_version_without_the_session(client):
    from .factories import ThemeFactory

    theme = ThemeFactory(name="Localism", slug="localism")
    kept, hidden = SessionFactory(visibility="public"), SessionFactory(visibility="public")
    FindingFactory(session=kept, text="Kept on the theme's page.", themes=[theme])
    RiskFactory(session=hidden, text="A risk of the hidden session.", themes=[theme])
    cache.invalidate()
    page = reverse("findings:theme_detail", args=["localism"])
    before = client.get(page).content.decode()
    assert hidden.get_absolute_url() in before
    FindingFactory(session=kept, text="Added since.", themes=[theme])
    saved(hidden, visibility="draft")
    made_safe = client.get(page).content.decode()
    assert hidden.get_absolute_url() not in made_safe
    assert "A risk of the hidden session." not in made_safe
    assert "Kept on the theme's page." in made_safe
    assert "Added since." not in made_safe  # the previous version, made safe
    again = client.get(page).content.decode()
    assert "Added since." in again
    assert hidden.get_absolute_url() not in again


@pytest.mark.django_db
def test_the_home_page_after_an_unpublish_is_its_previous_version_without_the_session(client):
    from .factories import LearningGroupFactory, ThemeFactory

    theme = ThemeFactory(name="Localism", slug="localism", featured=True)
    staying = LearningGroupFactory(name="Staying Group")
    going = LearningGroupFactory(name="Going Group")
    kept = SessionFactory(group=staying, visibility="public")
    hidden = SessionFactory(group=going, visibility="public")
    FindingFactory(session=kept, text="Learnt in the kept session.", themes=[theme])
    FindingFactory(session=hidden, text="Learnt in the hidden session.", themes=[theme])
    cache.invalidate()
    home = reverse("home")
    before = client.get(home).content.decode()
    assert "Going Group" in before
    assert "Learnt in the hidden session." in before
    assert '<span class="count">2 items</span>' in before
    FindingFactory(session=kept, text="Learnt since.")
    saved(hidden, visibility="draft")
    made_safe = client.get(home).content.decode()
    assert "Going Group" not in made_safe  # none of its sessions is left to show
    assert hidden.get_absolute_url() not in made_safe
    assert "Learnt in the hidden session." not in made_safe
    assert '<span class="count">1 item</span>' in made_safe
    assert "Staying Group" in made_safe
    assert "Learnt since." not in made_safe  # the previous version, made safe
    assert "Learnt since." in client.get(home).content.decode()


@pytest.mark.django_db
def test_the_feed_after_an_unpublish_is_its_previous_version_without_the_session(client):
    kept, hidden = SessionFactory(visibility="public"), SessionFactory(visibility="public")
    FindingFactory(session=kept, text="Kept in the feed.")
    FindingFactory(session=hidden, text="Fed from the hidden session.")
    cache.invalidate()
    feed = reverse("findings:feed")
    assert "Fed from the hidden session." in client.get(feed).content.decode()
    FindingFactory(session=kept, text="Published since.")
    saved(hidden, visibility="draft")
    made_safe = client.get(feed).content.decode()
    assert "Fed from the hidden session." not in made_safe
    assert "Kept in the feed." in made_safe
    assert "Published since." not in made_safe  # the previous version, made safe
    assert "Published since." in client.get(feed).content.decode()


@pytest.mark.django_db
def test_the_risk_register_drops_a_risk_whose_tracking_drew_on_a_hidden_session(client):
    from followup.models import Observation, TrackedRisk

    first, second = SessionFactory(visibility="public"), SessionFactory(visibility="public")
    elsewhere = SessionFactory(visibility="public")
    tracked_risk = RiskFactory(session=first, text="Tracked across two sessions.")
    RiskFactory(session=first, text="Not tracked at all.")
    RiskFactory(session=elsewhere, text="In a session nobody hides.")
    tracked = TrackedRisk.objects.create(title="Cherry picking", slug="cherry")
    for session, stage in ((first, "raised"), (second, "escalated")):
        Observation.objects.create(
            tracked_risk=tracked,
            session=session,
            stage=stage,
            risk=tracked_risk if session == first else None,
            exposed="providers",
        )
    cache.invalidate()
    register = reverse("findings:risk_list")
    before = client.get(register).content.decode()
    escalated = 'Escalated <span class="count">(1)</span>'
    assert "Tracked across two sessions." in before
    assert escalated in before
    saved(second, visibility="draft")
    made_safe = client.get(register).content.decode()
    # Its state came from the session now hidden: the row goes until it is computed again.
    assert "Tracked across two sessions." not in made_safe
    assert "Not tracked at all." in made_safe
    assert escalated not in made_safe  # the tracked section is computed again
    again = client.get(register).content.decode()
    assert "Tracked across two sessions." in again
    assert escalated not in again


@pytest.mark.django_db
def test_the_tracked_risks_are_given_as_they_were_when_nothing_they_drew_on_was_hidden(
    monkeypatch,
):
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from followup import register
    from followup.models import Observation, TrackedRisk

    tracked_in, other = SessionFactory(visibility="public"), SessionFactory(visibility="public")
    tracked = TrackedRisk.objects.create(title="Cherry picking", slug="cherry")
    Observation.objects.create(
        tracked_risk=tracked, session=tracked_in, stage="raised", exposed="providers"
    )
    request = RequestFactory().get("/findings/risks/")
    request.user = AnonymousUser()
    assert "Cherry picking" in register.register_section(request)
    computed = []
    real = register._section
    monkeypatch.setattr(register, "_section", lambda *a: computed.append(1) or real(*a))
    saved(other, visibility="draft")
    someone_else_recomputes(register.TRACKED_SECTION.name, "public", "")
    assert "Cherry picking" in register.register_section(request)
    assert computed == []
    saved(tracked_in, visibility="draft")
    someone_else_recomputes(register.TRACKED_SECTION.name, "public", "")
    assert "Cherry picking" not in register.register_section(request)
    assert computed == [1]


def narrowings():
    """What the narrowing edits so far said they hid, and the latest that could not say."""
    from django.core.cache import cache as django_cache  # read as another process would

    from ajc.cache.keys import HARD_FLOOR_KEY

    latest = django_cache.get(NARROWING_SEQ_KEY) or 0
    noted = [django_cache.get(NARROWING_KEY.format(n)) for n in range(1, latest + 1)]
    return [(sessions, items) for _, sessions, items in noted], django_cache.get(HARD_FLOOR_KEY)


@pytest.mark.django_db
def test_an_unpublish_on_the_session_page_notes_what_it_hid_and_a_deletion_cannot(
    client, facilitator
):
    from django.core.cache import cache as django_cache

    from .support import change_form_data

    session = SessionFactory(visibility="public")
    FindingFactory(session=session, text="On the session's page.")
    client.force_login(facilitator)
    page = reverse("admin:ajc_sessions_session_change", args=[session.pk])
    response = client.post(page, change_form_data(client.get(page), visibility="draft"))
    assert response.status_code == 302
    noted, hard_floor = narrowings()
    assert noted and set(noted) == {((session.pk,), ())}
    assert hard_floor is None
    item = FindingFactory(session=SessionFactory(visibility="public"))
    delete = reverse("admin:findings_item_delete", args=[item.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert narrowings()[1] == django_cache.get(cache.FLOOR_KEY)


@pytest.mark.django_db
def test_a_narrowing_edit_counts_its_sessions_before_it_commits(django_capture_on_commit_callbacks):
    from findings import tallies

    session = SessionFactory(visibility="public")
    FindingFactory(session=session, text="Counted.")
    tallies.catch_up()
    with django_capture_on_commit_callbacks(execute=False):
        saved(session, visibility="draft")
        # Nothing is left for a reader to count once the edit commits.
        assert tallies.behind() == []


@pytest.mark.django_db
def test_a_hidden_sessions_items_its_readers_never_saw_are_not_taken_out_of_the_count(client):
    kept, hidden = SessionFactory(visibility="public"), SessionFactory(visibility="public")
    for n in range(2):
        FindingFactory(session=kept, text=f"Kept point {n}.")
        FindingFactory(session=hidden, text=f"Hidden point {n}.")
    FindingFactory(session=hidden, text="A draft all along.", visibility="draft")
    cache.invalidate()
    browser = reverse("findings:item_list")
    assert results_heading(client.get(browser).content.decode()) == "4 results"
    FindingFactory(session=kept, text="Added since.")
    saved(hidden, visibility="draft")
    made_safe = client.get(browser).content.decode()
    assert "Added since." not in made_safe  # the previous version, made safe
    assert results_heading(made_safe) == "2 results"


@pytest.mark.django_db
def test_a_page_filtered_by_the_session_an_unpublish_hid_is_not_made_safe(client):
    kept, hidden = SessionFactory(visibility="public"), SessionFactory(visibility="public")
    FindingFactory(session=kept, text="Kept.")
    FindingFactory(session=hidden, text="Hidden.")
    cache.invalidate()
    chosen = reverse("findings:item_list") + f"?session={hidden.pk}"
    assert hidden.subject in client.get(chosen).content.decode()
    saved(hidden, visibility="draft")
    response = client.get(chosen)
    # As a new page answers it: there is no such session (not its name among the filters).
    assert response.status_code == 400
    assert hidden.subject not in response.content.decode()


@pytest.mark.django_db
def test_whats_new_after_an_unpublish_is_its_previous_version_without_the_session(client):
    kept, hidden = SessionFactory(visibility="public"), SessionFactory(visibility="public")
    FindingFactory(session=kept, text="Kept as new.")
    for n in range(2):
        FindingFactory(session=hidden, text=f"New from the hidden session {n}.")
    cache.invalidate()
    page = reverse("findings:whats_new")
    assert "3 items" in client.get(page).content.decode()
    FindingFactory(session=kept, text="Published since.")
    saved(hidden, visibility="draft")
    made_safe = client.get(page).content.decode()
    assert "hidden session" not in made_safe
    assert "Published since." not in made_safe  # the previous version, made safe
    assert "1 item (1 published that month)" in made_safe
    assert "2 items (2 published that month)" in client.get(page).content.decode()


@pytest.mark.django_db
def test_a_page_filtered_by_a_theme_only_the_hidden_session_carried_is_not_made_safe(client):
    from .factories import ThemeFactory

    only_there = ThemeFactory(name="Only there", slug="only-there")
    kept, hidden = SessionFactory(visibility="public"), SessionFactory(visibility="public")
    FindingFactory(session=kept, text="Kept.")
    FindingFactory(session=hidden, text="Hidden.", themes=[only_there])
    cache.invalidate()
    chosen = reverse("findings:item_list") + "?theme=only-there"
    assert "Only there" in client.get(chosen).content.decode()
    saved(hidden, visibility="draft")
    response = client.get(chosen)
    assert response.status_code == 400  # as a new page answers it: there is no such theme
    assert "Hidden." not in response.content.decode()
