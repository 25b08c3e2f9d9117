"""A facilitator of another kind of series enters a seminar report through the admin, in a real
browser (Chromium through Playwright), with no workaround: a new series and sector, the
seminar with its programme and speakers, two authors, the sectors present without headcounts
and the questions raised. Its PDF reads as that series ("Seminar Four") and the pilot group's
schedule is untouched. The session's add and change pages have no axe violations."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from findings.models import Item
from sessions.models import LearningGroup, Session

from .fidelity import normalise, pdf_body_text
from .support import pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long enough passphrase"


def sign_in(page, url):
    page.goto(url + "/admin/login/")
    page.get_by_label("Username").fill("facilitator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Log in|Sign in")).click()
    pass_second_factor(page)
    expect(page.get_by_role("heading", name=re.compile("Write up and publish"))).to_be_visible()


def no_axe_violations(page, name):
    results = Axe().run(page)
    assert results.violations_count == 0, f"{name}:\n{results.generate_report()}"


def test_a_seminar_series_report_is_entered_through_the_admin(
    page, live_server, pilot_content, facilitator
):
    url = live_server.url
    pilot_schedule = list(
        Session.objects.filter(group__slug="pilot-learning-group").values_list("number", "subject")
    )
    sign_in(page, url)

    # The series, with its own report frame.
    page.goto(url + "/admin/ajc_sessions/learninggroup/add/")
    no_axe_violations(page, "learning group add page")
    page.locator("#id_name").fill("Commissioning Justice Seminar Series")
    page.locator("#id_organisation").fill("University of Havant")
    page.locator("#id_focus").fill("commissioning criminal justice services")
    page.locator("#id_introduction").fill("An academic seminar series on commissioning justice.")
    page.locator("#id_series_title").fill("ESRC Seminar Series")
    page.locator("#id_report_kind").fill("Seminar report")
    page.locator("#id_event_word").fill("Seminar")
    page.locator("#id_heading_prefix").fill("")
    page.locator("#id_number_style").select_option("words")
    page.locator("#id_schedule_caption").fill("The seminars in the series")
    page.locator("#id_conclusion_heading").fill("Concluding deliberations")
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    group = LearningGroup.objects.get(name="Commissioning Justice Seminar Series")

    # A sector of its own.
    page.goto(url + "/admin/ajc_sessions/sector/add/")
    page.locator("#id_name").fill("Higher education")
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    # The seminar: programme, authors, venue, sectors present without headcounts.
    page.goto(url + f"/admin/ajc_sessions/session/add/?group={group.pk}")
    no_axe_violations(page, "session add page")
    expect(page.locator("#id_number")).to_have_value("1")
    # A number already used in the group is reported as it is typed (the pilot's 4, here).
    page.locator("#id_group").select_option(label="Pilot Learning Group")
    page.locator("#id_number").fill("4")
    expect(page.locator("#number-check")).to_contain_text("already used in this group")
    expect(page.locator("#number-check")).to_contain_text("next free number is 6")
    page.locator("#id_group").select_option(label="Commissioning Justice Seminar Series")
    expect(page.locator("#number-check")).to_have_text("")
    page.locator("#id_subject").fill("Markets, the voluntary sector and justice")
    page.locator("#id_location").fill("Havant")
    page.locator("#id_venue").fill("University of Havant")
    page.locator("#id_date").fill("2013-05-10")
    page.locator("#id_visibility").select_option("public")
    page.locator("#id_authors").fill("Dr Ann Example and Prof Ben Sample")
    page.locator("#id_focus").fill("The fourth seminar looked at markets in justice.")
    page.locator("#id_conclusion").fill("The concluding deliberations returned to prevention.")
    for index, sector in enumerate(["Higher education", "Voluntary and community sector"]):
        page.get_by_role("button", name=re.compile("Add another Sector present", re.I)).click()
        page.locator(f"select[name='attendance-{index}-sector']").select_option(label=sector)
    page.get_by_role("button", name=re.compile("Add another Programme row", re.I)).click()
    page.locator("input[name='programme-0-time']").fill("10.30")
    page.locator("input[name='programme-0-title']").fill("Markets and the voluntary sector")
    page.get_by_role("button", name=re.compile("Add another Topic heading", re.I)).click()
    page.locator("input[name='topics-0-title']").fill("Summary of content")
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    session = Session.objects.get(group=group, number=4)
    assert session.status == "held"  # the date has passed
    assert [row.headcount for row in session.attendance.all()] == [None, None]
    no_axe_violations(page, "session change page")

    # The programme row's speakers, on its own page.
    page.locator("#programme-group a.inlinechangelink").first.click()
    page.locator("input[name='speakers-0-name']").fill("Dr Cy Speaker")
    page.locator("input[name='speakers-0-role']").fill("Reader in Criminology")
    page.locator("input[name='speakers-0-organisation']").fill("University of Havant")
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    # Questions raised, added from the session's page, each on its own page.
    for question in [
        "Who pays for prevention when savings fall to another agency?",
        "Can a market in justice keep the service user's voice?",
    ]:
        page.goto(url + f"/admin/ajc_sessions/session/{session.pk}/change/")
        page.get_by_role("link", name="Add a question raised").click()
        expect(page.locator("#id_text")).to_be_visible()
        no_axe_violations(page, "question add page")
        page.locator("#id_topic").select_option(label="Summary of content")
        page.locator("#id_text").fill(question)
        # A new theme typed in the picker itself.
        page.locator("#id_themes + .select2").click()
        page.locator(".select2-search__field").fill("Justice markets")
        page.locator(".select2-results__option", has_text="Justice markets").first.click()
        page.locator("input[name=_save]").first.click()
        expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    questions = Item.objects.filter(session=session, kind="question")
    assert questions.count() == 2
    assert all(
        [theme.name for theme in question.themes.all()] == ["Justice markets"]
        for question in questions
    )

    # The PDF reads as that series.
    response = page.request.get(url + f"/groups/{group.slug}/sessions/4/report.pdf")
    assert response.ok
    text = normalise(pdf_body_text(response.body()))
    for words in [
        "Commissioning Justice Seminar Series",
        "ESRC Seminar Series",
        "Seminar report",
        "Seminar Four: Markets, the voluntary sector and justice",
        "The seminars in the series",
        "Sectors present: Higher education, Voluntary and community sector.",
        "Report by Dr Ann Example and Prof Ben Sample.",
        "10.30 Markets and the voluntary sector Dr Cy Speaker, Reader in Criminology",
        "Who pays for prevention when savings fall to another agency?",
        "Concluding deliberations The concluding deliberations returned to prevention.",
    ]:
        assert normalise(words) in text, words
    assert "roundtableactionlearning" not in text and "inall" not in text

    # The pilot group's schedule is untouched, in the database and in its own PDF.
    assert (
        list(
            Session.objects.filter(group__slug="pilot-learning-group").values_list(
                "number", "subject"
            )
        )
        == pilot_schedule
    )
    pilot = page.request.get(url + "/groups/pilot-learning-group/sessions/2/report.pdf")
    pilot_text = normalise(pdf_body_text(pilot.body()))
    assert "seminarfour" not in pilot_text
    assert "marketsthevoluntarysectorandjustice" not in pilot_text


def test_session_pages_with_marks_programme_and_register_have_no_axe_violations(
    page, live_server, pilot_content
):
    Session.objects.filter(number=2).update(show_register=True)
    for number in (1, 2, 4):
        page.goto(live_server.url + f"/groups/pilot-learning-group/sessions/{number}/")
        no_axe_violations(page, f"session {number} page")
