"""The public pages in a real browser (Chromium through Playwright): accessibility with axe,
keyboard use, a narrow screen and print. The journeys and live filtering are in
test_browser_findings_live.py."""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from findings.models import Item, Theme
from sessions.models import LearningGroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long enough passphrase"


@pytest.fixture
def site(pilot_content, member, live_server):
    group = LearningGroup.objects.get()
    item = Item.objects.filter(kind="finding").order_by("pk").first()
    theme = Theme.objects.get(slug="payment-by-results")
    call_command("load_followup", stdout=io.StringIO())
    recommendation = Item.objects.filter(kind="recommendation").order_by("pk").first()
    return {
        "url": live_server.url,
        "group": group,
        "item": item,
        "theme": theme,
        "recommendation": recommendation,
        "voiced": Item.objects.filter(sectors__isnull=False).distinct().first(),
    }


def public_pages(site):
    return {
        "home": "/",
        "group": site["group"].get_absolute_url(),
        "findings browser": "/findings/",
        "filtered browser": "/findings/?theme=payment-by-results&kind=finding",
        "search results": "/findings/?q=payment+by+results",
        "item": site["item"].get_absolute_url(),
        "theme": site["theme"].get_absolute_url(),
        "risks": "/findings/risks/",
        "recommendations": "/findings/recommendations/",
        "session page": "/groups/pilot-learning-group/sessions/2/",
        "learning groups": "/groups/",
        "what's new": "/findings/new/",
        "theme brief": site["theme"].get_absolute_url() + "brief/",
        "theme brief with agreement by sector": "/findings/themes/partnership-working/brief/",
        "item with its sectors": site["voiced"].get_absolute_url(),
        "follow-up ledgers": "/followup/",
        "recommendation's follow-up": f"/followup/recommendations/{site['recommendation'].pk}/",
        "tracked risks": "/findings/risks/?state=revisited",
        "follow a recommendation": "/followup/follow/?kind=recommendation&key="
        + str(site["recommendation"].pk),
        "what you follow": "/followup/following/",
        "group progress": "/followup/groups/pilot-learning-group/progress/",
        "login": "/accounts/login/",
        "not found": "/findings/themes/no-such-theme/",
        "bad filter": "/findings/?kind=bogus",
    }


def sign_in(page, site):
    page.goto(site["url"] + "/accounts/login/")
    page.get_by_label("Username").fill("member")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=re.compile("Sign out"))).to_be_visible()


# A member's pages at 320 pixels: the pages whose narrow layout a member's own controls change
# (the header's, following, progress). Their other pages are the public's at that width, which
# the run above checks, with the same members-only content as at 1280 (each axe run costs about
# half a second: CI time, issue 23).
MEMBER_NARROW = [
    "home",
    "item with its sectors",
    "follow a recommendation",
    "what you follow",
    "group progress",
]


@pytest.mark.parametrize(
    ("signed_in", "width"),
    [(False, 1280), (False, 320), (True, 1280), (True, 320)],
    ids=["logged-out-1280", "logged-out-320", "member-1280", "member-320"],
)
def test_every_public_page_has_no_axe_violations(page, site, signed_in, width):
    page.set_viewport_size({"width": width, "height": 900})
    if signed_in:
        sign_in(page, site)
    axe = Axe()
    failures = {}
    pages = public_pages(site)
    if signed_in and width == 320:
        pages = {name: pages[name] for name in MEMBER_NARROW}
    for name, path in pages.items():
        page.goto(site["url"] + path)
        results = axe.run(page)
        if results.violations_count:
            failures[name] = results.generate_report()
        assert page.locator("h1").count() == 1, name
    assert not failures, "\n\n".join(f"{name}:\n{report}" for name, report in failures.items())


def test_skip_link_is_first_and_moves_focus_to_main(page, site):
    page.goto(site["url"] + "/findings/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_focus_is_visible_on_links_and_controls(page, site):
    page.goto(site["url"] + "/findings/")
    search = page.get_by_label("Search the findings")
    search.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(search).to_be_focused()
    style = search.evaluate(
        "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.boxShadow]; }"
    )
    assert style[0] != "none" or style[1] != "none"
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    assert outline != "none" or shadow != "none"


@pytest.mark.parametrize("path_name", ["home", "filtered browser", "theme", "item", "risks"])
def test_no_horizontal_scroll_at_320px(page, site, path_name):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site["url"] + public_pages(site)[path_name])
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_print_stylesheet_hides_navigation_and_filters(page, site):
    page.goto(site["url"] + "/findings/")
    page.emulate_media(media="print")
    expect(page.locator(".site-header nav")).to_be_hidden()
    expect(page.locator(".filter-panel")).to_be_hidden()
    expect(page.locator(".search-row")).to_be_hidden()
    expect(page.locator(".results article").first).to_be_visible()


def test_axe_does_find_a_violation_when_there_is_one(page, site):
    """The axe runs above can fail: an unlabelled field on a page is reported."""
    page.goto(site["url"] + "/accounts/login/")
    page.evaluate("document.querySelector('label[for=id_username]').remove()")
    assert Axe().run(page).violations_count > 0
