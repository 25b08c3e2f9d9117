"""A facilitator's whole journey for a new series in Chromium (issue 24): the seminar series'
report (tests/import_corpus/seminar_four.py, as Word) is uploaded, reviewed and published, and
its public page and PDF read as that series' report: its title, event number in words, date,
venue, authors and programme, its own headings in their order, and nothing of the pilot group's
frame. The facilitator's actions are counted."""

import re

import pytest
from playwright.sync_api import expect

from imports.models import ImportedReport
from sessions.models import Session

from . import import_corpus
from .fidelity import normalise, pdf_body_text
from .support import pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long enough passphrase"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEADINGS = ["Introduction", "Mutual ownership", "Commissioning for outcomes"]


class Counted:
    """The facilitator's actions: each page visit, field filled, file chosen or button pressed."""

    def __init__(self, page):
        self.page, self.actions = page, 0

    def __call__(self, action, *args, **kwargs):
        self.actions += 1
        return action(*args, **kwargs)


def sign_in_and_upload(page, url, act, name, group):
    """Sign in (with the second factor) and upload the corpus report ``name`` as Word for a new
    group, each step counted."""
    act(page.goto, url + "/admin/login/")
    act(page.get_by_label("Username").fill, "facilitator")
    act(page.get_by_label("Password").fill, PASSWORD)
    act(page.get_by_role("button", name=re.compile("Log in|Sign in")).click)
    # The authenticator's code (two actions: type it, sign in), as for every facilitator.
    act(pass_second_factor, page)
    act.actions += 1
    expect(page.get_by_role("heading", name=re.compile("Write up and publish"))).to_be_visible()

    act(page.goto, url + "/admin/imports/importedreport/add/")
    data = import_corpus.versions(name)["docx"]
    act(
        page.locator("#id_upload").set_input_files,
        {"name": f"{name}.docx", "mimeType": DOCX, "buffer": data},
    )
    act(page.locator("#id_new_group_name").fill, group)
    act(page.locator("input[name=_save]").first.click)


def test_a_new_series_report_is_imported_reviewed_and_published_as_itself(
    page, live_server, facilitator
):
    url = live_server.url
    act = Counted(page)
    sign_in_and_upload(page, url, act, "seminar_four", "Justice Futures Seminar Series")

    expect(page.get_by_text("Ready to review")).to_be_visible()
    frame = page.locator(".frame").first
    expect(frame).to_contain_text("24 November 2011")
    expect(frame).to_contain_text("Harcourt Building, University of Eastmoor")
    expect(frame).to_contain_text("5 row(s), 6 speaker(s)")
    report = ImportedReport.objects.get()
    records = report.proposals.count()
    act(page.get_by_role("button", name="Accept every remaining proposal").click)
    expect(page.locator(".messagelist")).to_contain_text("Every remaining proposal is accepted")
    act(page.get_by_role("button", name="Publish the imported session(s)").click)
    expect(page.locator(".messagelist")).to_contain_text("published")
    assert act.actions < 40, (act.actions, records)

    session = Session.objects.get(group=report.group)
    assert session.visibility == "public" and session.event_name == "Seminar Four"
    anonymous = page.context.browser.new_context()
    public = anonymous.new_page()
    public.goto(url + session.get_absolute_url())
    main = public.locator("main")
    for shown in (
        "Seminar Four",
        "Markets, Mutuals and the Probation Service",
        "24 November 2011",
        "Harcourt Building, University of Eastmoor",
        "Dr Nadia Pereira",
        "Mutuals in probation: early lessons",
        "Dr Lena Okafor",
    ):
        expect(main).to_contain_text(shown)
    text = main.inner_text()
    assert "round-table sessions" not in text.lower()
    headings = [h.strip() for h in main.locator("h2, h3, h4").all_inner_texts()]
    # The page leads with the session: the group's introduction is a line and a link (issue 27),
    # its own headings follow in their order; the PDF keeps the report's whole frame.
    own = [h for h in HEADINGS if h != "Introduction"]
    assert [h for h in headings if h in HEADINGS] == own, headings
    expect(main.locator("table").filter(has_text="Mutuals in probation")).to_have_count(1)

    response = anonymous.request.get(url + session.get_absolute_url() + "report.pdf")
    assert response.ok, response.status
    body = normalise(pdf_body_text(response.body()))
    for printed in (
        "Seminar Four",
        "Markets, Mutuals and the Probation Service",
        "Okafor",
        *HEADINGS,
    ):
        assert normalise(printed) in body
    assert "round-table sessions" not in body
    anonymous.close()


def test_a_report_of_25_records_takes_under_40_actions_on_a_phone_and_by_keyboard(
    page, live_server, facilitator
):
    """Issue 24: the whole journey for a new series (upload, review, publish) for a report of at
    least 25 records (tests/import_corpus/practitioner_forum.py) in under 40 counted actions,
    on a window 375 pixels wide: the review page does not scroll sideways, its main buttons are
    at least 24 by 24 pixels (WCAG 2.2's target size), and a proposal is accepted and another
    rejected from the keyboard alone (Tab to the button, Enter)."""
    page.set_viewport_size({"width": 375, "height": 740})
    url = live_server.url
    act = Counted(page)
    sign_in_and_upload(page, url, act, "practitioner_forum", "Youth Diversion Practitioners")
    expect(page.get_by_text("Ready to review")).to_be_visible()
    report = ImportedReport.objects.get()
    assert report.proposals.count() >= 25

    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    for name in ("Accept every remaining proposal", "Publish the imported session(s)", "Accept"):
        box = page.get_by_role("button", name=name, exact=True).first.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, (name, box)

    # The keyboard: from the top of the page, Tab until the first proposal's Accept button has
    # the focus, and press Enter; then the same for the next proposal's Reject.
    first, second = report.proposals.order_by("pk")[:2]
    for proposal, decision, pressed in (
        (first, "accepted", "accept"),
        (second, "rejected", "reject"),
    ):
        tab_to(page, f"#proposal-{proposal.pk} button[value={pressed}]")
        act(page.keyboard.press, "Enter")
        expect(page.locator(".messagelist")).to_contain_text(decision.capitalize())
        proposal.refresh_from_db()
        assert proposal.decision == decision

    # The frame, corrected in place: the organisation the title block did not name.
    prefix = f"#id_frame-{report.sessions.get().pk}"
    act(page.locator(f"{prefix}-organisation").fill, "Southmoor Youth Justice Partnership")
    act(page.get_by_role("button", name=re.compile("^Save the frame")).click)
    expect(page.locator(".messagelist")).to_contain_text("The frame of Forum 6 is saved")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    act(page.get_by_role("button", name="Accept every remaining proposal").click)
    expect(page.locator(".messagelist")).to_contain_text("Every remaining proposal is accepted")
    act(page.get_by_role("button", name="Publish the imported session(s)").click)
    expect(page.locator(".messagelist")).to_contain_text("published")
    assert act.actions < 40, act.actions
    session = Session.objects.get(group=report.group)
    assert session.visibility == "public"
    assert session.group.organisation == "Southmoor Youth Justice Partnership"
    assert session.items.count() >= 24  # every proposal but the one rejected


def tab_to(page, selector, most=600):
    """Press Tab until ``selector`` has the focus. Moving the focus is not a counted action, as
    moving the pointer is not: pressing the button (Enter) is."""
    target = page.locator(selector)
    expect(target).to_have_count(1)
    for _ in range(most):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} was not reached with Tab")
