"""The public pages in a real browser (Chromium through Playwright): accessibility with axe,
keyboard use, a narrow screen, the main journeys, and the same filtering with JavaScript off."""

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


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("signed_in", [False, True], ids=["logged-out", "member"])
def test_every_public_page_has_no_axe_violations(page, site, signed_in, width):
    page.set_viewport_size({"width": width, "height": 900})
    if signed_in:
        sign_in(page, site)
    axe = Axe()
    failures = {}
    for name, path in public_pages(site).items():
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


def test_journey_filter_by_a_theme(page, site):
    page.goto(site["url"] + "/findings/")
    total = page.locator("#results-heading").inner_text()
    page.get_by_role("checkbox", name=re.compile(r"^Localism")).check()
    expect(page).to_have_url(re.compile(r"theme=localism"))
    expect(page.locator("#results-heading")).not_to_have_text(total)
    first = page.locator(".results article").first
    expect(first.get_by_role("link", name="Localism", exact=True)).to_be_visible()


def test_journey_search_highlights_matches(page, site):
    page.goto(site["url"] + "/")
    page.get_by_role("link", name="Findings", exact=True).click()
    page.get_by_label("Search the findings").fill("cherry picking")
    page.get_by_role("button", name="Show results").click()
    expect(page).to_have_url(re.compile(r"\?q=cherry(\+|%20)picking$"))
    expect(page.locator("#results-heading")).to_contain_text("for “cherry picking”")
    expect(page.locator(".results mark").first).to_be_visible()


def tick_kind(page, label):
    """Ticks one kind among the browser's filters (a checkbox named "Risk (12)", say)."""
    kinds = page.get_by_role("group", name="Kind")
    kinds.get_by_role("checkbox", name=re.compile(rf"^{label} \(")).check()


def test_journey_open_a_learning_points_session(page, site):
    page.goto(site["url"] + "/findings/?kind=finding")
    item = page.locator(".results article").first
    item.get_by_role("link").first.click()
    expect(page.locator("h1")).to_contain_text("Learning point")
    page.get_by_role("link", name=re.compile("Round Table Action Learning Session")).click()
    expect(page).to_have_url(re.compile(r"/groups/pilot-learning-group/sessions/\d+/$"))


def test_journey_the_filtered_url_reproduces_the_view(page, browser, site):
    page.goto(site["url"] + "/findings/")
    tick_kind(page, "Risk")
    expect(page).to_have_url(re.compile(r"\?kind=risk$"))
    page.get_by_role("checkbox", name=re.compile(r"^Payment by results")).check()
    expect(page).to_have_url(re.compile(r"theme=payment-by-results"))
    heading = page.locator("#results-heading").inner_text()
    texts = page.locator(".results article").all_inner_texts()
    shared = browser.new_context().new_page()
    shared.goto(page.url)
    expect(shared.locator("#results-heading")).to_have_text(heading)
    assert shared.locator(".results article").all_inner_texts() == texts
    expect(shared.locator("#kind-risk")).to_be_checked()
    expect(shared.get_by_role("checkbox", name=re.compile(r"^Payment by results"))).to_be_checked()


def test_filtering_works_with_javascript_off(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site["url"] + "/findings/")
    tick_kind(page, "Recommendation")
    page.get_by_role("checkbox", name=re.compile(r"^Payment by results")).check()
    page.get_by_role("button", name="Show results").click()
    expect(page).to_have_url(re.compile(r"kind=recommendation"))
    expect(page).to_have_url(re.compile(r"theme=payment-by-results"))
    expected = Item.objects.filter(
        kind="recommendation", themed_items__tag__slug="payment-by-results"
    ).count()
    expect(page.locator("#results-heading")).to_contain_text(f"{expected} result")
    assert page.locator(".results article").count() == min(expected, 25)
    context.close()


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


def test_htmx_updates_results_in_place_without_a_page_load(page, site):
    page.goto(site["url"] + "/findings/")
    page.evaluate("window.loadedOnce = true")
    tick_kind(page, "Recommendation")
    expect(page).to_have_url(re.compile(r"\?kind=recommendation$"))
    expect(page.locator(".results article").first).to_contain_text("Recommendation")
    assert page.evaluate("window.loadedOnce") is True  # the same document: swapped, not loaded


def test_htmx_is_fetched_only_when_a_reader_first_reaches_for_the_form(page, site):
    page.goto(site["url"] + "/findings/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    # Loading the page runs no htmx (Lighthouse's blocking time, docs/members.md).
    assert page.evaluate("typeof window.htmx") == "undefined"
    assert page.locator("script[src*=htmx]").count() == 0
    page.evaluate("window.loadedOnce = true")
    # A choice made before htmx arrives is not lost: it is replayed once htmx is there.
    page.get_by_role("checkbox", name=re.compile(r"^Localism")).check()
    expect(page).to_have_url(re.compile(r"theme=localism"))
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("window.loadedOnce") is True


def _htmx_held_back(page, *, fails=False):
    """htmx answers only when released (or fails): a reader quicker than the network."""
    held = []
    page.route("**/htmx.min.js", lambda route: held.append(route))

    def release():
        # The browser asks for htmx when the reader acts; on a loaded machine the request may
        # reach the route after the action returns: wait for it (Playwright's own wait lets
        # the route's handler run) rather than release nothing and leave it hanging.
        for _ in range(200):
            if held:
                break
            page.wait_for_timeout(100)
        assert held, "the page never asked for htmx"
        for route in held:
            route.abort() if fails else route.continue_()

    return release


def test_show_results_pressed_before_htmx_arrives_is_sent_once_it_has(page, site):
    release = _htmx_held_back(page)
    page.goto(site["url"] + "/findings/")
    page.evaluate("window.loadedOnce = true")
    page.get_by_label("Search the findings").fill("cherry picking")
    page.get_by_role("button", name="Show results").click()
    page.wait_for_timeout(300)
    assert page.evaluate("window.loadedOnce") is True  # not submitted as a new page meanwhile
    release()
    expect(page).to_have_url(re.compile(r"\?q=cherry(\+|%20)picking$"))
    expect(page.locator("#results-heading")).to_contain_text("for “cherry picking”")
    assert page.evaluate("window.loadedOnce") is True  # in place


def test_show_results_is_submitted_as_without_javascript_if_htmx_cannot_come(page, site):
    release = _htmx_held_back(page, fails=True)
    page.goto(site["url"] + "/findings/")
    page.evaluate("window.stillTheFirstPage = true")
    page.get_by_label("Search the findings").fill("cherry picking")
    page.get_by_role("button", name="Show results").click()
    release()
    # Submitted as a plain form (a new page, whose script state starts afresh), and redirected
    # from every field to the tidy address.
    expect(page).to_have_url(re.compile(r"\?q=cherry\+picking$"))
    expect(page.locator("#results-heading")).to_contain_text("for “cherry picking”")
    assert page.evaluate("window.stillTheFirstPage === undefined")


def test_search_updates_as_you_type_and_keeps_what_you_typed(page, site):
    page.goto(site["url"] + "/findings/")
    search = page.get_by_label("Search the findings")
    search.fill("localism")
    expect(page).to_have_url(re.compile(r"\?q=localism$"))
    expect(page.locator("#results-heading")).to_contain_text("for “localism”")
    expect(search).to_have_value("localism")
    expect(search).to_be_focused()


def test_a_live_update_is_announced_to_screen_readers(page, site):
    page.goto(site["url"] + "/findings/")
    tick_kind(page, "Risk")
    expected = Item.objects.filter(kind="risk").count()
    expect(page.locator("#results-announcer")).to_have_text(f"{expected} results")
    expect(page.locator("#results-announcer")).to_have_attribute("role", "status")


def test_paging_updates_in_place_and_focuses_the_results(page, site):
    page.goto(site["url"] + "/findings/")
    page.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator(".pagination")).to_contain_text("Page 2 of")
    expect(page.locator("#results-heading")).to_be_focused()
