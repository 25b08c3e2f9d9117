"""The session page: the primary, HTML version of a session's report, and the report chooser."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ajc.visibility import Visibility
from findings.models import Item
from sessions.models import Session

from .factories import (
    AttendanceFactory,
    FindingFactory,
    RecommendationFactory,
    RiskFactory,
    SectorFactory,
    SessionFactory,
    ThemeFactory,
    TopicHeadingFactory,
)
from .support import saved

pytestmark = pytest.mark.django_db

GROUP = "pilot-learning-group"


def get_page(client, session):
    return client.get(session.get_absolute_url())


def test_session_page_leads_with_the_session(client, pilot_content):
    session = Session.objects.get(group__slug=GROUP, number=4)
    response = get_page(client, session)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    headings = re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", html, flags=re.DOTALL)
    levels = [int(level) for level, _ in headings]
    # Headings never skip a level on the way down.
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    texts = [" ".join(re.sub(r"<[^>]+>", " ", text).split()) for _, text in headings]
    # The page's heading is the session's own, then a contents list of its parts.
    assert texts == [
        "Round Table Action Learning Session 4: Balancing Operational and Commercial Interests "
        "in Commissioning",
        "Contents",
        "Reduction in Funding and Funding Mechanisms",
        "Payment by Results",
        "Conclusion",
    ]
    contents = html.split('id="contents-heading"', 1)[1].split("</nav>", 1)[0]
    assert contents.count("<a href=") == 3 and "#session-4-conclusion" in contents
    # When and where come straight after the heading, before the session's text.
    lead = html.split("<h1", 1)[1].split("</header>", 1)[0]
    assert "October 2012 · Poole" in lead and "Attendance not recorded." in lead
    # The group's introduction, the same on every session page, is a line and a link.
    assert "Introduction" not in texts and session.group.introduction[:60] not in html
    assert f'<a href="{session.group.get_absolute_url()}">the group’s introduction' in lead
    assert session.report_note in html
    assert html.index(session.report_note) < html.index(session.focus[:40])


def test_every_item_links_to_its_themes_and_its_own_page(client, pilot_content):
    session = Session.objects.get(group__slug=GROUP, number=2)
    html = get_page(client, session).content.decode()
    items = Item.objects.filter(session=session).prefetch_related("themes")
    assert items.exists()
    for item in items:
        assert reverse("findings:item_detail", kwargs={"pk": item.pk}) in html
        for theme in item.themes.all():
            assert reverse("findings:theme_detail", kwargs={"slug": theme.slug}) in html


def test_figure_has_caption_alt_text_and_a_checked_image_url(client, pilot_content):
    session = Session.objects.get(group__slug=GROUP, number=2)
    figure = session.figures.get()
    html = get_page(client, session).content.decode()
    url = reverse("reports:figure", kwargs={"group_slug": GROUP, "number": 2, "figure_number": 1})
    assert f'src="{url}"' in html
    assert f"<figcaption>Figure {figure.number}: {figure.caption}</figcaption>" in html
    assert f'alt="{figure.alt_text}"' in html
    assert "/media/" not in html


def test_page_links_to_the_pdf_and_the_chooser(client, pilot_content):
    session = Session.objects.get(group__slug=GROUP, number=2)
    html = get_page(client, session).content.decode()
    pdf_url = reverse("reports:session_pdf", kwargs={"group_slug": GROUP, "number": 2})
    assert f'href="{pdf_url}"' in html
    assert "Download this report as PDF" in html
    assert reverse("reports:report_chooser", kwargs={"group_slug": GROUP}) in html


def test_topics_items_attendance_and_facilitator_notes(client):
    session = SessionFactory(facilitator_notes="Private: remember to chase the venue.")
    AttendanceFactory(session=session, sector=SectorFactory(name="Public sector"), headcount=4)
    AttendanceFactory(session=session, sector=SectorFactory(name="Voluntary sector"), headcount=3)
    topic = TopicHeadingFactory(session=session, title="Payment by Results")
    theme = ThemeFactory(name="Cherry picking", slug="cherry-picking")
    FindingFactory(session=session, topic=topic, text="A point under the topic.", themes=[theme])
    FindingFactory(session=session, text="A point under no heading.")
    RiskFactory(session=session, text="First risk.")
    RiskFactory(session=session, text="Second risk.")
    RecommendationFactory(session=session, text="Proceed with caution.", audience="politicians")
    html = get_page(client, session).content.decode()
    assert "Public sector 4, Voluntary sector 3 (7 in all)" in html
    assert "chase the venue" not in html
    heading = f'id="topic-{topic.pk}-heading">Payment by Results'
    assert html.index("A point under no heading.") < html.index(heading)
    assert html.index(heading) < html.index("A point under the topic.")
    risks = html[html.index('<ol class="risks">') :]
    assert risks.index("First risk.") < risks.index("Second risk.")
    assert "Strongly recommended, addressed to politicians." in html
    assert reverse("findings:theme_detail", kwargs={"slug": "cherry-picking"}) in html


def test_members_only_items_are_left_out_for_the_public(client, member):
    session = SessionFactory()
    FindingFactory(session=session, text="For members only.", visibility=Visibility.MEMBERS)
    assert "For members only." not in get_page(client, session).content.decode()
    client.force_login(member)
    assert "For members only." in get_page(client, session).content.decode()


def test_draft_session_page_is_404_for_members(client, member, facilitator):
    session = SessionFactory(visibility=Visibility.DRAFT)
    assert get_page(client, session).status_code == 404
    client.force_login(member)
    assert get_page(client, session).status_code == 404
    client.force_login(facilitator)
    assert get_page(client, session).status_code == 200


def test_a_session_published_moments_ago_is_found_and_an_unpublished_one_is_gone(client):
    shown = SessionFactory(number=1)
    later = SessionFactory(group=shown.group, number=2, visibility=Visibility.DRAFT)
    assert get_page(client, shown).status_code == 200  # the group's schedule is kept now
    assert get_page(client, later).status_code == 404
    saved(later, visibility=Visibility.PUBLIC)  # widening: but the schedule is never old
    assert get_page(client, later).status_code == 200
    saved(later, visibility=Visibility.DRAFT)
    assert get_page(client, later).status_code == 404


def test_unknown_session_page_is_404(client, pilot_content):
    url = reverse("reports:session_detail", kwargs={"group_slug": GROUP, "number": 42})
    assert client.get(url).status_code == 404
    url = reverse("reports:session_detail", kwargs={"group_slug": "nobody", "number": 1})
    assert client.get(url).status_code == 404


def test_schedule_lists_only_sessions_the_reader_may_see(client, member):
    public = SessionFactory(subject="Localism")
    SessionFactory(group=public.group, subject="A members' session", visibility="members")
    SessionFactory(group=public.group, subject="A draft session", visibility=Visibility.DRAFT)
    # The session page links to the group's schedule rather than repeating it.
    html = get_page(client, public).content.decode()
    assert "A members&#x27; session" not in html and "A draft session" not in html
    schedule = public.group.get_absolute_url()
    assert f'<a href="{schedule}">the group’s introduction and schedule' in html
    html = client.get(schedule).content.decode()
    assert "A members&#x27; session" not in html and "A draft session" not in html
    client.force_login(member)
    html = client.get(schedule).content.decode()
    assert "A members&#x27; session" in html
    assert "A draft session" not in html


def test_chooser_offers_the_visible_sessions_as_a_get_form(client, member):
    public = SessionFactory(subject="Localism")
    SessionFactory(group=public.group, subject="Draft only", visibility=Visibility.DRAFT)
    url = reverse("reports:report_chooser", kwargs={"group_slug": public.group.slug})
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    action = reverse("reports:combined_pdf", kwargs={"group_slug": public.group.slug})
    assert f'method="get" action="{action}"' in html
    assert f'name="session" value="{public.number}"' in html
    assert f'<label for="session-{public.number}">' in html
    assert "Draft only" not in html
    assert html.count("<h1") == 1


def test_chooser_of_an_unknown_group_is_404(client, db):
    url = reverse("reports:report_chooser", kwargs={"group_slug": "nobody"})
    assert client.get(url).status_code == 404


@pytest.mark.browser
def test_session_page_passes_axe_and_fits_320px(page, transactional_db, live_server):
    from axe_playwright_python.sync_playwright import Axe

    call_command("load_reports", verbosity=0)
    session = Session.objects.get(group__slug=GROUP, number=2)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_server.url + session.get_absolute_url())
    assert page.locator("h1").count() == 1
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    page.set_viewport_size({"width": 1280, "height": 900})
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    # The chooser, and the 400 page it leads to when nothing is ticked.
    page.goto(live_server.url + reverse("reports:report_chooser", kwargs={"group_slug": GROUP}))
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("button", name="Download the report (PDF)").click()
    assert page.locator("h1").inner_text() == "No sessions chosen"
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("name", ["session_detail", "session_pdf"])
def test_absurd_session_numbers_are_404_not_500(client, db, name):
    session = SessionFactory()
    url = reverse(f"reports:{name}", kwargs={"group_slug": session.group.slug, "number": 10**20})
    assert client.get(url).status_code == 404


def test_absurd_figure_numbers_are_404_not_500(client, db):
    session = SessionFactory()
    url = reverse(
        "reports:figure",
        kwargs={"group_slug": session.group.slug, "number": 10**20, "figure_number": 10**20},
    )
    assert client.get(url).status_code == 404
    url = reverse(
        "reports:figure",
        kwargs={
            "group_slug": session.group.slug,
            "number": session.number,
            "figure_number": 10**20,
        },
    )
    assert client.get(url).status_code == 404


def test_session_page_body_is_rendered_once_per_version(client, pilot_content):

    session = Session.objects.get(number=2)
    url = session.get_absolute_url()
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as second:
        repeat = client.get(url)
    assert len(second) < len(first)
    assert len(second) <= 3
    assert repeat.content.count(b"Round Table Action Learning Session 2") >= 1
    item = Item.objects.filter(session=session).first()
    saved(item, text="A freshly edited learning point.")
    # The first reader after an edit that narrows nothing may be given the page as it was while
    # the worker renders it again (ajc.cache.refresh); the next reader gets the new one.
    client.get(url)
    assert "A freshly edited learning point." in client.get(url).content.decode()


def test_a_figure_whose_file_is_gone_is_a_404_and_the_page_still_renders(client, pilot_content):
    session = Session.objects.get(number=2)
    figure = session.figures.get()
    figure.image.storage.delete(figure.image.name)
    url = reverse(
        "reports:figure",
        kwargs={"group_slug": session.group.slug, "number": 2, "figure_number": figure.number},
    )
    assert client.get(url).status_code == 404
    page = client.get(session.get_absolute_url())
    assert page.status_code == 200
    assert figure.alt_text in page.content.decode()
