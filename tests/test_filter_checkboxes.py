"""The findings browser's filters as checkbox groups (issue 27, point 7): every facet takes
several values, which widen the result within the facet; counts stay disjunctive; a chosen
value with nothing left stays offered, ticked; a bad value among good ones is a clear 400."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from ajc.visibility import Visibility

from .factories import FindingFactory, SessionFactory

pytestmark = pytest.mark.django_db
URL = reverse("findings:item_list")


def get(client, query):
    return client.get(URL + query)


def shown(response) -> set[int]:
    """The ids of the items a page lists (its own results, not the items linked beside them)."""
    assert response.status_code == 200, response.content.decode()[:500]
    return {item.pk for item in response.context["page_obj"].object_list}


def facet(response, name) -> dict:
    return {option.value: option.count for option in response.context["facets"][name]}


def several(world):
    """For each facet, two values and the query string choosing both."""
    return {
        "kind": ("risk", "recommendation"),
        "agreement": ("unanimous", "some"),
        "sector": ("voluntary", "public"),
        "audience": ("commissioners", "providers"),
        "session": (str(world.s1.pk), str(world.s2.pk)),
        "theme": ("funding", "localism"),
    }


@pytest.mark.parametrize(
    "name", ["kind", "agreement", "sector", "audience", "session", "theme", "group"]
)
def test_two_values_of_a_facet_list_the_items_with_either(client, member, world, name):
    client.force_login(member)
    if name == "group":
        other = type(world.group).objects.create(slug="second", name="Second group")
        world.s2.group = other
        world.s2.save()
        first, second = "pilot", "second"
    else:
        first, second = several(world)[name]
    one = shown(get(client, f"?{name}={first}"))
    two = shown(get(client, f"?{name}={second}"))
    both = shown(get(client, f"?{name}={first}&{name}={second}"))
    assert one and two and one != two
    assert both == one | two


def test_kinds_together_are_the_sum_of_each_kind(client, member, world):
    client.force_login(member)
    risks, recommendations = get(client, "?kind=risk"), get(client, "?kind=recommendation")
    both = get(client, "?kind=risk&kind=recommendation")
    assert shown(both) == {world.r1.pk, world.rec1.pk, world.rec2.pk}
    # Each item has one kind, so every other facet counts the sum of the two kinds' counts...
    for name in ("theme", "session", "agreement", "audience", "group"):
        added = dict(facet(risks, name))
        for value, count in facet(recommendations, name).items():
            added[value] = added.get(value, 0) + count
        assert facet(both, name) == {v: n for v, n in added.items() if n}, name
    # ...and the kind facet ignores its own choice: every kind is still offered.
    assert facet(both, "kind") == facet(get(client, ""), "kind")
    html = both.content.decode()
    assert 'name="kind" value="risk" id="kind-risk" checked' in html
    assert 'name="kind" value="recommendation" id="kind-recommendation" checked' in html
    assert 'name="kind" value="finding" id="kind-finding">' in html
    assert "<title>Risks and recommendations" in html


def test_the_same_choices_in_another_order_are_the_same_address(client, world):
    one = get(client, "?kind=risk&kind=recommendation").content.decode()
    other = get(client, "?kind=recommendation&kind=risk").content.decode()
    csv = "download.csv?kind=recommendation&amp;kind=risk"
    assert csv in one and csv in other


def test_each_value_chosen_is_removed_on_its_own(client, member, world):
    client.force_login(member)
    response = get(client, f"?session={world.s1.pk}&session={world.s2.pk}&kind=finding")
    chosen = {(c.facet, c.label): c.remove_query for c in response.context["chosen"]}
    s1 = f"Pilot Learning Group: Session 1, {world.s1.subject}"
    s2 = f"Pilot Learning Group: Session 2, {world.s2.subject}"
    assert chosen[("Session", s1)] == f"kind=finding&session={world.s2.pk}"
    assert chosen[("Session", s2)] == f"kind=finding&session={world.s1.pk}"
    assert chosen[("Kind", "Learning point")] == f"session={world.s1.pk}&session={world.s2.pk}"


def test_a_chosen_sector_stays_offered_and_ticked_when_other_filters_leave_it_nothing(
    client, world
):
    response = get(client, "?sector=voluntary&kind=risk")
    assert shown(response) == set()
    assert facet(response, "sector") == {"voluntary": 0}
    assert 'name="sector" value="voluntary" id="sector-voluntary" checked' in (
        response.content.decode()
    )


def test_a_long_facet_folds_its_choices_open_while_one_is_ticked(client, world):
    for number in range(4, 13):
        session = SessionFactory(group=world.group, number=number, visibility=Visibility.PUBLIC)
        FindingFactory(session=session, text=f"A point of session {number}.")
    html = get(client, "").content.decode()
    assert re.search(r'<details class="more-options" id="more-session">\s*<summary>Sessions', html)
    html = get(client, f"?session={world.s1.pk}").content.decode()
    assert '<details class="more-options" id="more-session" open>' in html
    # A short facet is a plain list of checkboxes.
    assert 'id="more-kind"' not in html and 'id="kind-risk"' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?kind=risk&kind=bogus", "There is no kind “bogus”"),
        ("?session={s1}&session=abc", "There is no session “abc”"),
        ("?session={s1}&session=99999999999999999999999", "There is no session"),
        ("?sector=public&sector=nope", "There is no sector “nope”"),
        ("?audience=providers&audience=aliens", "There is no party “aliens”"),
    ],
)
def test_a_bad_value_among_good_ones_is_a_clear_message(client, world, query, message):
    response = get(client, query.format(s1=world.s1.pk))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_empty_value_among_chosen_ones_is_no_choice(client, world):
    # The form never sends one; an address edited by hand, or an htmx request, may.
    risks = shown(get(client, "?kind=risk"))
    cache.clear()  # the same query: it would be answered from the cache
    response = client.get(URL + "?kind=&kind=risk", headers={"HX-Request": "true"})
    assert shown(response) == risks


def test_the_api_takes_several_values_as_the_browser_does(client, member, world):
    client.force_login(member)
    items = client.get("/api/items", {"kind": ["risk", "recommendation"]}).json()["items"]
    assert {item["id"] for item in items} == shown(get(client, "?kind=risk&kind=recommendation"))
    response = client.get("/api/items", {"session": [world.s1.pk, 99999999999999999999999]})
    assert response.status_code in (404, 422)
