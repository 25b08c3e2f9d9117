"""The findings browser in a real browser (Chromium through Playwright): the members' journeys,
live filtering with htmx (in place, announced, paged), and the same filtering with JavaScript
off. Split from test_browser_pages.py (accessibility) so that the two run side by side."""

import re

import pytest
from playwright.sync_api import expect

from findings.models import Item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def url(pilot_content, live_server):
    return live_server.url


def test_journey_filter_by_a_theme(page, url):
    page.goto(url + "/findings/")
    total = page.locator("#results-heading").inner_text()
    page.get_by_role("checkbox", name=re.compile(r"^Localism")).check()
    expect(page).to_have_url(re.compile(r"theme=localism"))
    expect(page.locator("#results-heading")).not_to_have_text(total)
    first = page.locator(".results article").first
    expect(first.get_by_role("link", name="Localism", exact=True)).to_be_visible()


def test_journey_search_highlights_matches(page, url):
    page.goto(url + "/")
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


def test_journey_open_a_learning_points_session(page, url):
    page.goto(url + "/findings/?kind=finding")
    item = page.locator(".results article").first
    item.get_by_role("link").first.click()
    expect(page.locator("h1")).to_contain_text("Learning point")
    page.get_by_role("link", name=re.compile("Round Table Action Learning Session")).click()
    expect(page).to_have_url(re.compile(r"/groups/pilot-learning-group/sessions/\d+/$"))


def test_journey_the_filtered_url_reproduces_the_view(page, browser, url):
    page.goto(url + "/findings/")
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


def test_filtering_works_with_javascript_off(browser, url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "/findings/")
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


def test_htmx_updates_results_in_place_without_a_page_load(page, url):
    page.goto(url + "/findings/")
    page.evaluate("window.loadedOnce = true")
    tick_kind(page, "Recommendation")
    expect(page).to_have_url(re.compile(r"\?kind=recommendation$"))
    expect(page.locator(".results article").first).to_contain_text("Recommendation")
    assert page.evaluate("window.loadedOnce") is True  # the same document: swapped, not loaded


def test_htmx_is_fetched_only_when_a_reader_first_reaches_for_the_form(page, url):
    page.goto(url + "/findings/")
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


def test_show_results_pressed_before_htmx_arrives_is_sent_once_it_has(page, url):
    release = _htmx_held_back(page)
    page.goto(url + "/findings/")
    page.evaluate("window.loadedOnce = true")
    page.get_by_label("Search the findings").fill("cherry picking")
    page.get_by_role("button", name="Show results").click()
    page.wait_for_timeout(300)
    assert page.evaluate("window.loadedOnce") is True  # not submitted as a new page meanwhile
    release()
    expect(page).to_have_url(re.compile(r"\?q=cherry(\+|%20)picking$"))
    expect(page.locator("#results-heading")).to_contain_text("for “cherry picking”")
    assert page.evaluate("window.loadedOnce") is True  # in place


def test_show_results_is_submitted_as_without_javascript_if_htmx_cannot_come(page, url):
    release = _htmx_held_back(page, fails=True)
    page.goto(url + "/findings/")
    page.evaluate("window.stillTheFirstPage = true")
    page.get_by_label("Search the findings").fill("cherry picking")
    page.get_by_role("button", name="Show results").click()
    release()
    # Submitted as a plain form (a new page, whose script state starts afresh), and redirected
    # from every field to the tidy address.
    expect(page).to_have_url(re.compile(r"\?q=cherry\+picking$"))
    expect(page.locator("#results-heading")).to_contain_text("for “cherry picking”")
    assert page.evaluate("window.stillTheFirstPage === undefined")


def test_search_updates_as_you_type_and_keeps_what_you_typed(page, url):
    page.goto(url + "/findings/")
    search = page.get_by_label("Search the findings")
    search.fill("localism")
    expect(page).to_have_url(re.compile(r"\?q=localism$"))
    expect(page.locator("#results-heading")).to_contain_text("for “localism”")
    expect(search).to_have_value("localism")
    expect(search).to_be_focused()


def test_a_live_update_is_announced_to_screen_readers(page, url):
    page.goto(url + "/findings/")
    tick_kind(page, "Risk")
    expected = Item.objects.filter(kind="risk").count()
    expect(page.locator("#results-announcer")).to_have_text(f"{expected} results")
    expect(page.locator("#results-announcer")).to_have_attribute("role", "status")


def test_paging_updates_in_place_and_focuses_the_results(page, url):
    page.goto(url + "/findings/")
    page.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator(".pagination")).to_contain_text("Page 2 of")
    expect(page.locator("#results-heading")).to_be_focused()
