"""No N+1: each page makes the same number of queries with 5 items as with 200.

The cache is cleared before every measurement, so these count the uncached path: the work a
page does after every edit, not the cheap hits in between.
"""

import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from findings import tallies
from findings.models import Item

from .factories import (
    LearningGroupFactory,
    RecommendationFactory,
    RiskFactory,
    SectorFactory,
    SessionFactory,
    ThemeFactory,
    one_edit,
)

pytestmark = pytest.mark.django_db


def populate(count):
    """``count`` items of every kind across two groups and four sessions, each with two themes,
    a sector on each learning point and each recommendation answering a risk, made as one edit."""
    with one_edit():
        return _populate(count)


def _populate(count):
    themes = [ThemeFactory(slug=f"theme-{n}", featured=n < 2) for n in range(4)]
    sector = SectorFactory(slug="voluntary")
    groups = [LearningGroupFactory(slug=f"group-{count}-{n}") for n in range(2)]
    sessions = [SessionFactory(group=groups[n % 2], number=n + 1) for n in range(4)]
    kinds = itertools.cycle(["finding", "risk", "recommendation"])
    risks = []
    for n in range(count):
        session = sessions[n % len(sessions)]
        item_themes = [themes[0], themes[1 + n % 3]]
        kind = next(kinds)
        if kind == "risk":
            risk = RiskFactory(session=session, themes=item_themes, text=f"Risk {n} localism")
            risks.append(risk)
        elif kind == "recommendation":
            recommendation = RecommendationFactory(
                session=session, themes=item_themes, text=f"Recommendation {n} localism"
            )
            if risks:
                recommendation.answers.add(risks[-1])
        else:
            finding = Item.objects.create(
                session=session,
                kind="finding",
                agreement="broad",
                text=f"Learning point {n} about localism",
            )
            finding.themes.set(item_themes)
            finding.sectors.add(sector)
    return {"theme": themes[0], "group": groups[0], "session": sessions[0]}


def pages(objects):
    item = Item.objects.filter(kind="recommendation").first()
    risk = Item.objects.filter(kind="risk").first()
    browser = reverse("findings:item_list")
    return {
        "home": reverse("home"),
        "group": objects["group"].get_absolute_url(),
        "browser": browser,
        "browser with a theme": f"{browser}?theme={objects['theme'].slug}",
        "browser with every filter": (
            f"{browser}?theme={objects['theme'].slug}&kind=finding&group={objects['group'].slug}"
            f"&session={objects['session'].pk}&sector=voluntary&agreement=broad"
        ),
        "search": f"{browser}?q=localism",
        "search, page 2": f"{browser}?q=localism&page=1",
        "recommendation": item.get_absolute_url(),
        "risk": risk.get_absolute_url(),
        "theme": objects["theme"].get_absolute_url(),
        "risks": reverse("findings:risk_list"),
        "recommendations": reverse("findings:recommendation_list"),
        "feed": reverse("findings:feed"),
        "session page": objects["session"].get_absolute_url(),
        "csv": f"{reverse('findings:item_csv')}?theme={objects['theme'].slug}",
    }


def measure(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries)


def test_query_counts_do_not_grow_with_the_number_of_items(client, member):
    """For the public and for a member, each measured on the same content (made once for
    both: forty times the items is most of this test's time)."""
    signed_in = Client()
    signed_in.force_login(member)
    # What is counted below is a member's later requests, not whatever a first one sets up.
    signed_in.get(reverse("home"))
    readers = {"public": client, "member": signed_in}

    def measured(objects):
        # What the facilitators' saves do once they commit (the test's transaction never does).
        tallies.catch_up()
        return {
            (reader, name): measure(browser, url)
            for reader, browser in readers.items()
            for name, url in pages(objects).items()
        }

    small = measured(populate(5))
    # The same structure again, forty times the items.
    Item.objects.all().delete()
    large = measured(populate(200))
    assert large == small
    # The browser's first request for a filtered query counts the facets without a choice of
    # their own in one grouped pass and each chosen facet over the result without its own choice
    # (at most seven queries, with every filter chosen; with no filter, or a kind only, the
    # counts kept on write answer in two, ``findings.tallies``), reads which themes the reader
    # may see from the kept counts (three: are they up to date, twice, and the sums), fetches
    # the recommendations answering each listed risk, and in one more query the risks and
    # recommendations drawn from the listed passages, and four small queries that label the
    # facets' counted ids (themes, groups, sessions, sectors: counting by id keeps the
    # aggregates on integers), and the page's ids before its rows (``IdsFirstPaginator``);
    # every later request for it is served from the cache.
    assert max(small.values()) <= 30, small


@pytest.mark.parametrize("name", ["browser with a theme", "search", "theme", "risks"])
def test_a_page_sorts_ids_not_whole_items(client, name):
    """The query that orders and cuts a page selects the items' ids only; the texts and search
    documents of just that page's items are read afterwards (``IdsFirstPaginator``)."""
    objects = populate(60)
    url = pages(objects)[name]
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    item_table = connection.ops.quote_name(Item._meta.db_table)
    paging = [
        q["sql"]
        for q in queries.captured_queries
        if "LIMIT" in q["sql"] and f"FROM {item_table}" in q["sql"] and "ORDER BY" in q["sql"]
    ]
    assert paging, "no query cut the page"
    text_column = f"{item_table}.{connection.ops.quote_name('text')}"
    assert not [sql for sql in paging if text_column in sql.split(" FROM ")[0]]
    # The page still lists its items, in order.
    assert response.context["page_obj"].object_list


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GROUPING SETS: PostgreSQL's pass")
@pytest.mark.parametrize(
    "facets",
    [["kind", "agreement", "audience", "session", "group"], ["audience"], ["session"], []],
)
def test_postgresql_counts_each_facet_in_one_pass_as_the_generic_grouping_does(facets):
    from django.contrib.auth.models import AnonymousUser

    from findings import facets as facet_module

    objects = populate(60)
    RiskFactory(session=objects["session"], exposed="providers", themes=[objects["theme"]])
    RecommendationFactory(session=objects["session"], audience="commissioners")
    items = Item.objects.visible_to(AnonymousUser()).with_any_theme([objects["theme"]])
    one_pass = facet_module._grouping_sets_counts(items, facets)

    class Elsewhere:
        vendor = "sqlite"

    generic = facet_module.connection
    facet_module.connection = Elsewhere()
    try:
        grouped = facet_module._column_counts(items, facets)
    finally:
        facet_module.connection = generic
    assert one_pass == grouped
    assert one_pass["count"] == items.count() > 0


@pytest.mark.parametrize("name", ["theme", "browser", "home", "risks", "feed", "session page"])
def test_a_warm_public_page_asks_the_database_nothing(client, name):
    url = pages(populate(20))[name]
    cache.clear()
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert [q["sql"] for q in queries.captured_queries] == []
