"""The five journeys of issue 14 in a real browser (Chromium through Playwright), each within its
click budget, and axe at 1280 and 320 px on the pages the issue changed.

A "click" is one action a member takes: following a link, ticking a box, choosing an option,
pressing a button. Each journey starts on the home page, signed out."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from findings.models import Item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Clicks:
    """Counts a member's actions on a page."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def tick(self, group, name):
        """Ticks the checkbox whose name starts with ``name`` in the group of filters ``group``."""
        self.count += 1
        self.page.get_by_role("group", name=group).get_by_role(
            "checkbox", name=re.compile(rf"^{name} \(")
        ).check()


@pytest.fixture
def home(page, pilot_content, live_server):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    return Clicks(page)


def test_everything_on_payment_by_results_in_one_click(home):
    page = home.page
    home.click(page.get_by_role("link", name="Payment by results", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Payment by results")
    count = Item.objects.with_theme("payment-by-results").count()
    expect(page.get_by_text(f"{count} items on this theme")).to_be_visible()
    assert home.count <= 1


def test_risks_that_concern_commissioners_with_their_recommendations_in_three(home):
    page = home.page
    home.click(page.get_by_role("navigation", name="Main").get_by_role("link", name="Risks"))
    home.tick("Who it concerns", "Commissioners")
    expect(page).to_have_url(re.compile(r"/findings/risks/\?audience=commissioners$"))
    expected = (
        Item.objects.filter(kind="risk", exposed="commissioners").count()
        + Item.objects.filter(kind="risk", audience="commissioners").count()
    )
    expect(page.locator("#results-heading")).to_contain_text(f"{expected} result")
    answered = Item.objects.filter(kind="risk", exposed="commissioners", answered_by__isnull=False)
    if answered.exists():
        expect(page.get_by_text("Recommendations that answer it").first).to_be_visible()
    assert home.count <= 3


def test_the_report_of_sessions_4_and_5_as_one_pdf_in_three(home):
    page = home.page
    home.click(page.get_by_role("checkbox", name="Session 4"))
    home.click(page.get_by_role("checkbox", name="Session 5"))
    with page.expect_download() as download:
        home.click(page.get_by_role("button", name=re.compile("Download PDF")))
    assert download.value.suggested_filename.endswith("sessions-4-and-5.pdf")
    assert home.count <= 3


def test_what_is_new_since_a_month_in_two(home):
    page = home.page
    home.click(page.get_by_role("link", name="What’s new"))
    expect(page.get_by_role("heading", level=1)).to_have_text("What’s new")
    home.click(page.get_by_role("link", name=re.compile(r"^Since ")).first)
    expect(page).to_have_url(re.compile(r"since=\d{4}-\d{2}&order=published"))
    expect(page.get_by_role("link", name=re.compile("Remove Published since"))).to_be_visible()
    published = Item.objects.filter(published_at__isnull=False).count()
    expect(page.locator("#results-heading")).to_contain_text(f"{published} result")
    assert home.count <= 2


def test_the_learning_points_every_sector_agreed_on_in_two(home):
    page = home.page
    home.click(page.get_by_role("navigation", name="Main").get_by_role("link", name="Findings"))
    home.tick("How far the group agreed", "Unanimous")
    expect(page).to_have_url(re.compile(r"agreement=unanimous"))
    expected = Item.objects.filter(agreement="unanimous").count()
    expect(page.locator("#results-heading")).to_contain_text(f"{expected} result")
    expect(page).to_have_title(re.compile(r"^Findings \(unanimous\)"))
    assert home.count <= 2


def test_filters_fold_away_on_a_phone_with_the_results_first(page, pilot_content, live_server):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/findings/?kind=risk")
    toggle = page.get_by_text("Show filters")
    expect(toggle).to_be_visible()
    concerns = page.get_by_role("group", name="Who it concerns")
    expect(concerns).to_be_hidden()
    heading = page.locator("#results-heading").bounding_box()
    # The results start about a screen down (3 screens before issue 14).
    assert heading["y"] < 640 * 1.25, heading
    toggle.click()
    expect(concerns).to_be_visible()
    # A live update keeps the panel open.
    concerns.get_by_role("checkbox", name=re.compile(r"^Commissioners \(")).check()
    expect(page).to_have_url(re.compile("audience=commissioners"))
    expect(concerns).to_be_visible()


def test_ticking_a_theme_keeps_the_focus_and_the_boxes_in_place(page, pilot_content, live_server):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/findings/")
    boxes = page.locator(".theme-facet input[type=checkbox]")
    before = boxes.evaluate_all("boxes => boxes.map(box => box.value)")
    page.get_by_role("checkbox", name=re.compile(r"^Localism")).check()
    expect(page).to_have_url(re.compile("theme=localism"))
    after = boxes.evaluate_all("boxes => boxes.map(box => box.value)")
    assert after == before


PAGES = [
    "/",
    "/findings/",
    "/findings/?kind=risk&theme=localism",
    "/findings/?q=zzzzz",
    "/findings/?q=commissioner",
    "/findings/risks/?audience=commissioners",
    "/findings/recommendations/",
    "/findings/new/",
    "/findings/?since=2000-01&order=published",
    "/findings/themes/payment-by-results/brief/",
]


@pytest.mark.parametrize("width", [1280, 320])
def test_the_changed_pages_have_no_axe_violations(page, pilot_content, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    axe = Axe()
    failures = {}
    for path in PAGES:
        page.goto(live_server.url + path)
        if width == 320 and page.locator("#filter-panel").count():
            page.get_by_text("Show filters").click()  # check the folded filters too
        results = axe.run(page)
        if results.violations_count:
            failures[path] = results.generate_report()
    assert not failures, failures
