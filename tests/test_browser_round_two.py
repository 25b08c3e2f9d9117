"""Members' pages, round two (issue 27), in a real browser: the findings browser stays where the
member is, every result is named by what it says, follow-up is within reach of every
recommendation, and every page the site links reflows at 320 px."""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from findings.models import Item
from followup.models import Frequency
from sessions.models import LearningGroup, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long enough passphrase"


@pytest.fixture
def site(pilot_content, member, live_server):
    call_command("load_followup", stdout=io.StringIO())
    # Loading the reports computed the most-read pages ahead (``ajc.warming``); an addition
    # such as the follow-up may be served as it was before for a few seconds, as designed.
    cache.clear()
    return {"url": live_server.url, "group": LearningGroup.objects.get()}


def sign_in(page, site):
    page.goto(site["url"] + "/accounts/login/")
    page.get_by_label("Username").fill("member")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=re.compile("Sign out"))).to_be_visible()


@pytest.mark.parametrize(
    ("width", "control"),
    [
        (1280, "theme-localism"),
        (375, "theme-localism"),
        # The other filters are checkboxes too (point 7), and stay put the same way.
        (1280, "kind-risk"),
        (375, "kind-risk"),
    ],
)
def test_ticking_a_filter_keeps_the_window_and_the_focus_where_the_member_is(
    page, site, width, control
):
    facet, value = control.split("-", 1)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site["url"] + "/findings/")
    heading = page.locator("#results-heading").inner_text()
    panel = page.locator("#filter-panel")
    show = panel.locator("> summary")
    if show.is_visible():  # a narrow screen folds the filters away
        show.click()
    checkbox = page.locator(f"#{control}")
    checkbox.scroll_into_view_if_needed()
    before = page.evaluate("window.scrollY")
    top_before = checkbox.evaluate("el => el.getBoundingClientRect().top")
    checkbox.check()
    expect(page).to_have_url(re.compile(rf"{facet}={value}"))
    expect(page.locator("#results-heading")).not_to_have_text(heading)
    page.wait_for_timeout(300)  # let any late scrolling happen
    # The window moves at most by the list of filters applied that appears above the filters
    # (it used to go to the foot of the results, thousands of pixels down)...
    after = page.evaluate("window.scrollY")
    assert abs(after - before) <= 150, (before, after)
    focused = page.evaluate("document.activeElement && document.activeElement.id")
    assert focused == control
    checkbox = page.locator(f"#{control}")
    expect(checkbox).to_be_checked()
    expect(checkbox).to_be_in_viewport()
    # ...so that the checkbox the member ticked stays where it was on the screen.
    top_after = checkbox.evaluate("el => el.getBoundingClientRect().top")
    assert abs(top_after - top_before) <= 2, (top_before, top_after)


RESULT_LINKS = """
(root) => {
  const links = [...document.querySelectorAll("main a[href]")].filter(
    (a) => a.closest(".item, .linked-item, .answers, .item-marks")
  );
  return links.map((a) => [a.textContent.replace(/\\s+/g, " ").trim(), a.getAttribute("href")]);
}
"""


def result_pages(site):
    risk = Item.objects.filter(kind="risk", answered_by__isnull=False).first()
    return [
        "/findings/",
        "/findings/?kind=finding&page=2",
        "/findings/?kind=risk",
        "/findings/recommendations/",
        "/findings/new/",
        "/findings/themes/payment-by-results/",
        risk.get_absolute_url(),
    ]


def test_every_result_link_is_named_by_what_it_says(page, site):
    kinds = {"Learning point", "Risk", "Recommendation", "Question raised"}
    for path in result_pages(site):
        page.goto(site["url"] + path)
        links = page.evaluate(RESULT_LINKS)
        assert links, path
        destinations = {}
        for name, href in links:
            assert name not in kinds, (path, name)
            assert not name.endswith(f"from {site['group'].name}"), (path, name)
            destinations.setdefault(name, set()).add(href)
        # A screen reader's list of links reads as a list of findings: no two links to
        # different places share a name.
        shared = {name: hrefs for name, hrefs in destinations.items() if len(hrefs) > 1}
        assert not shared, (path, shared)
        titles = page.locator(".item-title a").all_inner_texts()
        assert len(titles) == len(set(titles)), path


def test_follow_up_is_within_reach_of_every_recommendation(page, site):
    sign_in(page, site)
    page.goto(site["url"] + "/findings/recommendations/")
    results = page.locator(".results article")
    count = results.count()
    assert count > 1
    for n in range(count):
        article = results.nth(n)
        # Its response status, said plainly while nothing is recorded, and a Follow control
        # named by the recommendation it follows.
        expect(article.locator(".item-facts")).to_contain_text("What happened next")
        expect(article.locator(".item-facts")).to_contain_text("Nothing recorded yet")
        title = article.locator(".item-title").inner_text()
        expect(article.get_by_role("link", name=f"Follow {title}")).to_be_visible()

    # On the recommendation's own page too, and following leads to where digests are set.
    recommendation = Item.objects.filter(kind="recommendation").order_by("pk").first()
    page.goto(site["url"] + recommendation.get_absolute_url())
    expect(page.get_by_role("heading", name="What happened next")).to_be_visible()
    expect(page.get_by_text("Nothing has been recorded yet")).to_be_visible()
    page.get_by_role("link", name="Follow this recommendation").click()
    expect(page.locator("h1")).to_have_text("Follow a recommendation")
    page.get_by_role("button", name="Follow").click()
    expect(page.get_by_text("You follow it now")).to_be_visible()
    page.get_by_role("link", name="Choose how often digests come").first.click()
    expect(page.locator("h1")).to_have_text("What you follow")
    expect(page.get_by_role("link", name=recommendation.statement)).to_be_visible()


@pytest.mark.parametrize(
    "path", ["/findings/themes/localism/", "/groups/pilot-learning-group/", "/followup/risks/"]
)
def test_themes_groups_and_tracked_risks_have_a_follow_control(page, site, path):
    page.goto(site["url"] + path)
    follow = page.get_by_role("link", name=re.compile(r"^Follow ")).first
    expect(follow).to_be_visible()
    follow.click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))


SKIPPED_LINKS = re.compile(r"\.(pdf|csv|json|xml|svg|png)$|/feed/|/api/|/admin/|/unsubscribe/")
LINKS = """
() => [...document.querySelectorAll("a[href]")]
  .map((a) => new URL(a.getAttribute("href"), document.baseURI))
  .filter((url) => url.origin === location.origin)
  .map((url) => url.pathname + url.search)
"""


def shape(path):
    """Pages built from one template share a shape: a couple of each is enough."""
    return re.sub(r"/[^/]*\d[^/]*/", "/N/", path.split("?")[0])


@pytest.mark.parametrize("signed_in", [False, True], ids=["logged-out", "member"])
def test_every_page_the_site_links_reflows_at_320px(page, site, signed_in):
    page.set_viewport_size({"width": 320, "height": 640})
    if signed_in:
        sign_in(page, site)
    queue, seen, per_shape, wide = ["/"], {"/"}, {}, {}
    while queue:
        path = queue.pop(0)
        response = page.goto(site["url"] + path)
        assert response.status < 500, path
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            wide[path] = page.evaluate("document.documentElement.scrollWidth")
        for link in page.evaluate(LINKS):
            key = shape(link)
            if link in seen or SKIPPED_LINKS.search(link.split("?")[0]):
                continue
            if "?" in link or per_shape.get(key, 0) >= 2:
                continue
            seen.add(link)
            per_shape[key] = per_shape.get(key, 0) + 1
            queue.append(link)
    assert len(seen) > 15
    assert not wide, wide


HEIGHTS = "(elements) => elements.map((el) => el.getBoundingClientRect().height)"


@pytest.mark.parametrize("width", [1280, 320])
def test_header_links_checkboxes_and_digest_choices_are_44px_targets(page, site, width):
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, site)
    page.goto(site["url"] + "/findings/")
    header = page.locator(".nav-list a, .nav-list .link-button").evaluate_all(HEIGHTS)
    assert header and min(header) >= 44, header
    panel = page.locator("#filter-panel")
    if panel.locator("> summary").is_visible():
        panel.locator("> summary").click()
    boxes = page.locator(".theme-facet .checkbox-list li:visible").evaluate_all(HEIGHTS)
    assert boxes and min(boxes) >= 44, boxes
    page.goto(site["url"] + "/followup/following/")
    radios = page.locator("#id_frequency label").evaluate_all(HEIGHTS)
    assert len(radios) == len(Frequency) and min(radios) >= 44, radios
    expect(page.get_by_text("only when something you follow has changed")).to_be_visible()


TARGET_SIZE = {"runOnly": {"type": "rule", "values": ["target-size"]}}


@pytest.mark.parametrize("width", [1280, 320])
def test_the_admin_session_page_and_ledgers_meet_the_target_size(
    page, live_server, pilot_content, superuser, width
):
    call_command("load_followup", stdout=io.StringIO())
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("a long passphrase")
    page.get_by_role("button", name=re.compile("Log in|Sign in")).click()
    session = Session.objects.order_by("pk").first()
    failures = {}
    for path in (f"/admin/ajc_sessions/session/{session.pk}/change/", "/admin/followup/followup/"):
        page.goto(live_server.url + path)
        results = Axe().run(page, options=TARGET_SIZE)
        if results.violations_count:
            failures[path] = results.generate_report()
    assert not failures, failures
