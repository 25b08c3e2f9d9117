"""Agreement by sector in a real browser (issue 14): the theme brief's chart and a point's table
draw, fit a phone's width without scrolling the page sideways, and axe finds nothing, at 1280
and 320 px."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from findings.models import Item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 320])
def test_the_sector_charts_draw_and_pass_axe(page, pilot_content, live_server, width):
    voiced = Item.objects.filter(sectors__isnull=False).distinct().get()
    page.set_viewport_size({"width": width, "height": 900})
    axe = Axe()
    for path, drawn in (
        ("/findings/themes/partnership-working/brief/", True),
        # A single point's few sectors are said once, in the table (issue 27).
        (voiced.get_absolute_url(), False),
    ):
        page.goto(live_server.url + path)
        chart = page.get_by_role("img", name="voiced")
        if drawn:
            expect(chart).to_be_visible()
            box = chart.bounding_box()
            assert box["width"] <= width and box["height"] > 40
        else:
            expect(chart).to_have_count(0)
        table = page.locator("#sectors-caption").locator("xpath=..")
        expect(table).to_contain_text("Public sector")
        # Nothing wider than the screen: the page never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        results = axe.run(page)
        assert not results.violations_count, results.generate_report()
