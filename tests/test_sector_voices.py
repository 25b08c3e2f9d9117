"""Agreement by sector (issue 14): which sectors voiced a point, per point and per theme, as
server-drawn SVG with a data table; a sector with too few people at a session to be named is
never named, counted or filterable anywhere members look, so no two pages can be compared to
work it back out; and a headcount edit that hides an attribution takes effect at once."""

import csv
import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from sessions.models import SMALLEST_NAMED_SECTOR, Attendance

from .factories import (
    AttendanceFactory,
    FindingFactory,
    SectorFactory,
    SessionFactory,
    ThemeFactory,
)
from .support import saved

pytestmark = pytest.mark.django_db


@pytest.fixture
def voices():
    """One session: 5 from the public sector, 2 from the voluntary sector (too few to name),
    the private sector present with no headcount. Point A was voiced by all three; point B only
    by the voluntary sector."""
    cache.clear()
    theme = ThemeFactory(name="Payment by results", slug="payment-by-results")
    session = SessionFactory(number=1, subject="Partnership")
    public = SectorFactory(name="Public sector", slug="public", order=1)
    private = SectorFactory(name="Private sector", slug="private", order=2)
    voluntary = SectorFactory(name="Voluntary sector", slug="voluntary", order=3)
    AttendanceFactory(session=session, sector=public, headcount=5)
    AttendanceFactory(session=session, sector=voluntary, headcount=SMALLEST_NAMED_SECTOR - 1)
    AttendanceFactory(session=session, sector=private, headcount=None)
    both = FindingFactory(
        session=session, text="Point A, said by everyone.", agreement="unanimous", themes=[theme]
    )
    both.sectors.set([public, private, voluntary])
    alone = FindingFactory(
        session=session, text="Point B, said by one sector.", agreement="some", themes=[theme]
    )
    alone.sectors.set([voluntary])
    return {
        "theme": theme,
        "session": session,
        "both": both,
        "alone": alone,
        "sectors": {"public": public, "private": private, "voluntary": voluntary},
    }


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def public_urls(voices):
    both, alone = voices["both"], voices["alone"]
    brief = {"slug": voices["theme"].slug}
    return [
        "/findings/",
        "/findings/?sector=voluntary",
        "/findings/?sector=public",
        "/findings/?theme=payment-by-results&agreement=some",
        "/findings/?theme=payment-by-results&agreement=some&sector=voluntary",
        f"/findings/?session={voices['session'].pk}",
        reverse("findings:item_csv"),
        reverse("findings:item_detail", kwargs={"pk": both.pk}),
        reverse("findings:item_detail", kwargs={"pk": alone.pk}),
        reverse("findings:theme_brief", kwargs=brief),
        reverse("findings:theme_brief_json", kwargs=brief),
        reverse("findings:theme_brief_csv", kwargs=brief),
        "/api/items",
        "/api/items?sector=voluntary",
    ]


def test_the_point_names_only_the_sectors_that_may_be_named(client, voices):
    html = client.get(reverse("findings:item_detail", kwargs={"pk": voices["both"].pk})).content
    html = html.decode()
    # Said once, in a table: no "Voiced by" line and no drawing saying it again (issue 27).
    assert "<dt>Voiced by</dt>" not in html and "<svg" not in html.split("</main>")[0]
    assert "<script" not in html.split("</main>")[0].split("<main")[1]
    rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>([^<]+)</td></tr>', html))
    assert rows == {
        "Public sector": "Yes",
        "Voluntary sector": f"Not shown: fewer than {SMALLEST_NAMED_SECTOR} present",
        "Private sector": "Yes",
    }


def test_a_point_voiced_only_by_an_unnamed_sector_looks_like_one_with_no_sector(client, voices):
    html = body(client.get(reverse("findings:item_detail", kwargs={"pk": voices["alone"].pk})))
    assert "Voiced by" not in html
    assert "Sectors that voiced it" not in html


def test_the_theme_brief_draws_agreement_by_sector(client, voices):
    brief = {"slug": voices["theme"].slug}
    html = body(client.get(reverse("findings:theme_brief", kwargs=brief)))
    section = html[html.index('id="sectors-heading"') :]
    section = section[: section.index("</section>")]
    assert '<svg role="img" aria-labelledby="sectors-chart-title sectors-chart-desc"' in section
    assert section.count("<rect") == 1 + 2  # the legend's one level, one bar per named sector
    header = re.findall(r'<th scope="col">([^<]+)</th>', section)
    assert header == ["Sector", "Unanimous", "All"]
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>((?:<td>\d+</td>)+)</tr>', section)
    assert [(name, re.findall(r"\d+", cells)) for name, cells in rows] == [
        ("Public sector", ["1", "1"]),
        ("Private sector", ["1", "1"]),
    ]
    data = client.get(reverse("findings:theme_brief_json", kwargs=brief)).json()
    assert [row["sector"] for row in data["agreement_by_sector"]] == [
        "Public sector",
        "Private sector",
    ]
    assert data["agreement_by_sector"][0]["Unanimous"] == 1


def test_no_page_changes_when_an_unnamed_sector_voices_a_point(client, voices):
    """The attribution to a sector too small to name counts nowhere: every public page, count,
    filter, download and API answer is the same with it as without it, so no comparison of two
    of them can reveal it."""

    def snapshot():
        cache.clear()
        pages = {}
        for url in public_urls(voices):
            response = client.get(url)
            assert response.status_code == 200, url
            pages[url] = re.sub(r'nonce="[^"]*"', "", body(response))
        return pages

    with_voluntary = snapshot()
    voluntary = voices["sectors"]["voluntary"]
    voices["both"].sectors.remove(voluntary)
    voices["alone"].sectors.remove(voluntary)
    without = snapshot()
    assert with_voluntary == without
    # ... while a sector that may be named does change them (the comparison could fail).
    voices["alone"].sectors.add(voices["sectors"]["public"])
    assert snapshot() != without


def test_filters_and_counts_leave_the_unnamed_sector_out(client, voices):
    html = body(client.get("/findings/?sector=voluntary"))
    assert "Point A" not in html and "Point B" not in html
    html = body(client.get("/findings/"))
    options = dict(
        re.findall(
            r'name="sector" value="(public|private|voluntary)"[^>]*>\s*<label[^>]*>[^<(]*'
            r'<span class="count">\((\d+)\)',
            html,
        )
    )
    assert options.get("voluntary") in (None, "0")
    assert options["public"] == "1"
    rows = list(csv.DictReader(io.StringIO(body(client.get(reverse("findings:item_csv"))))))
    assert {row["sectors that voiced it"] for row in rows} == {"Public sector; Private sector", ""}
    api = client.get("/api/items").json()
    assert sorted(tuple(item["sectors"]) for item in api["items"]) == [(), ("public", "private")]


def test_a_headcount_too_small_to_name_hides_the_sector_at_once(client, voices):
    url = reverse("findings:theme_brief", kwargs={"slug": voices["theme"].slug})
    assert "Public sector</th><td>1" in body(client.get(url))  # cached now
    row = Attendance.objects.get(session=voices["session"], sector=voices["sectors"]["public"])
    saved(row, headcount=1)
    html = body(client.get(url))
    assert "Public sector</th><td>1" not in html
    assert "Private sector</th><td>1" in html
