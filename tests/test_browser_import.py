"""A facilitator imports a Word report in Chromium (issue 13): uploads it, watches it read,
reviews the proposals beside the document, edits one proposal's short statement and accepts it,
rejects a learning point, accepts the rest and publishes. Nothing is public before that; after
it the session's page and its PDF show the edited statement and not the rejected passage."""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from imports.models import ImportedReport, Proposal
from imports.quality import make_docx
from sessions.models import Session

from .fidelity import normalise, pdf_body_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long enough passphrase"
REPORT = Path(__file__).parent / "data" / "reports" / "session-2-localism.txt"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EDITED = "Localism’s knock-on effect strains criminal justice budgets (edited in review)"


def sign_in(page, url):
    page.goto(url + "/admin/login/")
    page.get_by_label("Username").fill("facilitator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Log in|Sign in")).click()
    expect(page.get_by_role("heading", name=re.compile("Write up and publish"))).to_be_visible()


def test_a_facilitator_imports_reviews_and_publishes_a_word_report(page, live_server, facilitator):
    url = live_server.url
    sign_in(page, url)

    page.goto(url + "/admin/imports/importedreport/add/")
    page.locator("#id_upload").set_input_files(
        {"name": "localism.docx", "mimeType": DOCX, "buffer": make_docx(REPORT.read_bytes())}
    )
    page.locator("#id_new_group_name").fill("Pilot Learning Group")
    page.locator("input[name=_save]").first.click()

    # The review page: the worker has read it (the immediate backend in tests).
    expect(page.get_by_role("heading", name="Review the import of localism.docx")).to_be_visible()
    expect(page.get_by_text("Ready to review")).to_be_visible()
    report = ImportedReport.objects.get()
    session = Session.objects.get(group=report.group, number=2)
    assert session.visibility == "draft"
    review = page.url
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    # A risk a sentence of a learning point gave: its cue is shown, its statement edited.
    risk = Proposal.objects.get(report=report, kind="risk", cue__contains="“concern”")
    card = page.locator(f"#proposal-{risk.pk}")
    expect(card).to_contain_text("Cue: “concern”")
    card.locator(f"#statement-{risk.pk}").fill(EDITED)
    card.get_by_role("button", name="Accept").click()
    expect(page.locator(".messagelist")).to_contain_text(f"Accepted: {EDITED[:60]}")

    # A learning point rejected.
    rejected = Proposal.objects.get(
        report=report, kind="finding", text__startswith="The final part of the round table"
    )
    page.locator(f"#proposal-{rejected.pk}").get_by_role("button", name="Reject").click()
    expect(page.locator(".messagelist")).to_contain_text("Rejected")
    expect(page.locator(f"#proposal-{rejected.pk}")).to_contain_text("(Rejected)")

    # Still a draft: the public cannot see it.
    anonymous = page.context.browser.new_context()
    assert anonymous.request.get(url + session.get_absolute_url()).status == 404

    page.get_by_role("button", name="Accept every remaining proposal").click()
    expect(page.locator(".messagelist")).to_contain_text("Every remaining proposal is accepted")
    assert not report.proposals.filter(decision="pending").exists()

    # The PDF prints statements in its register: the facilitator turns it on for the session.
    page.get_by_role("link", name=re.compile(r"Session 2: Localism")).first.click()
    page.locator("#id_show_register").check()
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(review)
    page.get_by_role("button", name="Publish the imported session(s)").click()
    expect(page.locator(".messagelist")).to_contain_text("published")

    # What members (and the public) now read.
    public = anonymous.new_page()
    public.goto(url + session.get_absolute_url())
    expect(public.locator("main")).to_contain_text(EDITED)
    expect(public.locator("main")).not_to_contain_text("The final part of the round table")
    expect(public.locator("main")).to_contain_text("One of the concerns identified by the group")
    response = anonymous.request.get(url + session.get_absolute_url() + "report.pdf")
    assert response.ok, response.status
    text = normalise(pdf_body_text(response.body()))
    assert normalise(EDITED) in text
    assert normalise("One of the concerns identified by the group") in text
    assert normalise("The final part of the round table") not in text
    anonymous.close()
