"""Reports of other series and layouts come in as themselves (issue 24): the team's own corpus
(tests/import_corpus: ten reports in ten layouts, and nineteen held out, written after the rules)
imported as text, Word and the PDF LibreOffice made from the Word file, against the answer
written beside each. The floors are what the rules
reach today (docs/importing.md gives the table, scripts/import_quality.py --corpus prints it)."""

import pytest
from django.urls import reverse

from imports import apply, review
from imports.document import read_document
from imports.extract import extract
from sessions.models import Session

from . import import_corpus
from .import_quality import measure_corpus, ratio, total

FORMS = ["txt", "docx", "pdf"]
# Every report written after the rules: the rounds before the fifth, the fifth's five, then the
# sixth's five (their frames are held to floors of their own, below).
HELD = [*import_corpus.HELD_OUT, *import_corpus.ROUND_FIVE, *import_corpus.ROUND_SIX]


def measured(name, fmt):
    data = import_corpus.versions(name)[fmt]
    extraction = extract(read_document(data, f"{name}.{fmt}"))
    return extraction, measure_corpus(extraction, import_corpus.report(name).EXPECTED)


@pytest.fixture(scope="module")
def corpus_figures():
    names = [*import_corpus.NAMES, *HELD, *import_corpus.ROUND_SEVEN]
    return {fmt: {name: measured(name, fmt)[1] for name in names} for fmt in FORMS}


def test_the_corpus_has_ten_reports_in_at_least_six_layouts():
    layouts = {tuple(sorted(import_corpus.report(n).LAYOUT.items())) for n in import_corpus.NAMES}
    assert len(import_corpus.NAMES) >= 10
    assert len(layouts) >= 6
    for name in [*import_corpus.NAMES, *HELD, *import_corpus.ROUND_SEVEN]:
        assert import_corpus.pdf_path(name).read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("fmt", FORMS)
@pytest.mark.parametrize("name", [*import_corpus.NAMES, *HELD, *import_corpus.ROUND_SEVEN])
def test_no_report_is_refused_and_its_sentences_are_kept(name, fmt, corpus_figures):
    figures = corpus_figures[fmt][name]
    assert figures["events"][0] >= 1
    assert ratio(figures["sentences"]) == 1.0, figures["missing_sentences"]


@pytest.mark.parametrize("fmt", ["txt", "docx"])
@pytest.mark.parametrize("name", import_corpus.NAMES)
def test_text_and_word_give_events_frame_and_programme(name, fmt, corpus_figures):
    figures = corpus_figures[fmt][name]
    assert figures["events"][0] == figures["events"][1]
    assert figures["numbers_right"]
    assert ratio(figures["titles"]) == 1.0
    assert ratio(figures["frame"]) == 1.0, figures["missing_frame"]
    assert ratio(figures["programme"]["rows"]) == 1.0
    assert ratio(figures["programme"]["speakers"]) == 1.0


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_text_and_word_records_reach_their_floors(fmt, corpus_figures):
    figures = [corpus_figures[fmt][name] for name in import_corpus.NAMES]

    def recall(kind):
        return total(figures, lambda f: f["records"][kind]["recall"])

    def precision(kind):
        return total(figures, lambda f: f["records"][kind]["precision"])

    assert recall("finding") >= 0.9
    assert recall("risk") == 1.0
    assert precision("risk") == 1.0
    assert recall("recommendation") >= 0.95
    assert precision("recommendation") >= 0.9
    assert recall("question") == 1.0


@pytest.mark.parametrize("fmt", FORMS)
def test_records_in_reports_written_after_the_rules_hold_where_they_are(fmt, corpus_figures):
    """The held-out reports (written after the rules; the last fifteen after their generic
    cues too, the last fourteen measured before the rules they taught were written), the fifth
    round's five and the sixth's included: risks 80/84 (95%: some harms stated as plain facts
    are missed, docs/importing.md) at 100% precision, 130/135 (96%) with the first ten;
    recommendations 85/85 at 99% precision (PDF 84/85 at 98%); questions 4/4."""
    held = [corpus_figures[fmt][name] for name in HELD]
    every = [corpus_figures[fmt][name] for name in [*import_corpus.NAMES, *HELD]]
    assert total(held, lambda f: f["records"]["risk"]["recall"]) >= 0.9
    assert total(every, lambda f: f["records"]["risk"]["recall"]) >= 0.9
    for figures in (held, every):
        assert total(figures, lambda f: f["records"]["risk"]["precision"]) >= 0.95
    assert total(held, lambda f: f["records"]["recommendation"]["recall"]) >= 0.95
    assert total(held, lambda f: f["records"]["recommendation"]["precision"]) >= 0.9
    assert total(held, lambda f: f["records"]["finding"]["recall"]) >= 0.9
    assert total(held, lambda f: f["records"]["question"]["recall"]) == 1.0


@pytest.mark.parametrize("fmt", FORMS)
def test_the_fifth_rounds_reports_hold_what_they_reached(fmt, corpus_figures):
    """Round five (measured before any rule change: risks 4/16, recommendations 15/18 at 88%,
    questions 0/2, frame fields 16/41 in text): risks 14/16 at 100%, recommendations 18/18 at
    100%, questions 2/2."""
    five = [corpus_figures[fmt][name] for name in import_corpus.ROUND_FIVE]
    assert total(five, lambda f: f["records"]["risk"]["recall"]) >= 0.85
    assert total(five, lambda f: f["records"]["risk"]["precision"]) >= 0.95
    assert total(five, lambda f: f["records"]["recommendation"]["recall"]) >= 0.95
    assert total(five, lambda f: f["records"]["recommendation"]["precision"]) >= 0.95
    assert total(five, lambda f: f["records"]["question"]["recall"]) == 1.0


@pytest.mark.parametrize("fmt", FORMS)
def test_the_held_out_reports_frames_are_found_in_every_form(fmt, corpus_figures):
    """Events numbered by any word in the title block ("Visit 4", "Learning Review 3") or in
    two headings ("Visit 1:", "Visit 2:") or an ordinal ("the 7th meeting"), a series with a
    building word in its name, venues labelled or "held on … at …" or after a date, an event's
    own labelled date and place, lines of when and by whom after a marked title, an email's
    header; a programme of time-led lines under its days' headings."""
    for name in [*import_corpus.HELD_OUT, *import_corpus.ROUND_FIVE]:
        figures = corpus_figures[fmt][name]
        assert figures["numbers_right"], name
        assert ratio(figures["frame"]) == 1.0, figures["missing_frame"]
        assert ratio(figures["programme"]["rows"]) == 1.0, name
        assert ratio(figures["programme"]["speakers"]) == 1.0, name


@pytest.mark.parametrize("fmt", FORMS)
def test_the_sixth_rounds_reports_hold_what_they_reached(fmt, corpus_figures):
    """Round six (measured before any rule change: frame fields 25/43, risks 9/17 at 90%,
    recommendations 16/19 at 80% (PDF 15/19 at 75%), questions 0/2 in text): frame fields
    42/43 (PDF 41/43), programme rows 9/9 and speakers 7/7 (PDF 8/9, 6/7), risks 16/17 at
    100%, recommendations 19/19 at 100% (PDF 18/19 at 95%), questions 2/2."""
    six = [corpus_figures[fmt][name] for name in import_corpus.ROUND_SIX]
    assert all(f["numbers_right"] for f in six)
    assert total(six, lambda f: f["frame"]) >= 0.95
    assert total(six, lambda f: f["programme"]["rows"]) >= 0.85
    assert total(six, lambda f: f["programme"]["speakers"]) >= 0.85
    assert total(six, lambda f: f["records"]["risk"]["recall"]) >= 0.9
    assert total(six, lambda f: f["records"]["risk"]["precision"]) >= 0.95
    assert total(six, lambda f: f["records"]["recommendation"]["recall"]) >= 0.9
    assert total(six, lambda f: f["records"]["recommendation"]["precision"]) >= 0.9
    assert total(six, lambda f: f["records"]["question"]["recall"]) == 1.0


@pytest.mark.parametrize("fmt", FORMS)
def test_the_seventh_rounds_reports_hold_what_they_reached(fmt, corpus_figures):
    """Round seven (measured before any rule change: frame fields 19/47 (PDF 18/47),
    programme rows 9/11, speakers 0/12, risks 18/18 at 64% (PDF 16/18 at 64%),
    recommendations 22/23 at 85%, questions 4/6 at 80%): frame fields 46/47 (PDF 44/47),
    programme rows 11/11, speakers 12/12 (PDF 10/12), risks 18/18 at 84% (PDF 16/18 at
    74%), recommendations 23/23 at 88%, questions 6/6 at 100%."""
    seven = [corpus_figures[fmt][name] for name in import_corpus.ROUND_SEVEN]
    assert all(f["numbers_right"] for f in seven)
    assert total(seven, lambda f: f["frame"]) >= 0.93
    assert total(seven, lambda f: f["programme"]["rows"]) >= 0.95
    assert total(seven, lambda f: f["programme"]["speakers"]) >= 0.8
    assert total(seven, lambda f: f["records"]["risk"]["recall"]) >= 0.85
    assert total(seven, lambda f: f["records"]["risk"]["precision"]) >= 0.7
    assert total(seven, lambda f: f["records"]["recommendation"]["recall"]) >= 0.95
    assert total(seven, lambda f: f["records"]["recommendation"]["precision"]) >= 0.85
    assert total(seven, lambda f: f["records"]["question"]["recall"]) == 1.0


def test_pdfs_reach_their_floors(corpus_figures):
    """PDFs made by LibreOffice lose more (see docs/importing.md): these floors hold what the
    rules reach, so a change that loses more shows."""
    figures = [corpus_figures["pdf"][name] for name in import_corpus.NAMES]
    assert all(f["events"][0] == f["events"][1] for f in figures)
    assert total(figures, lambda f: f["frame"]) >= 0.95
    assert total(figures, lambda f: f["records"]["finding"]["recall"]) >= 0.9
    assert total(figures, lambda f: f["records"]["risk"]["recall"]) >= 0.8
    assert total(figures, lambda f: f["records"]["recommendation"]["recall"]) >= 0.95
    # Tables are read as tables (pdfplumber), time-led programme lines as lines.
    assert total(figures, lambda f: f["programme"]["rows"]) >= 0.95
    assert total(figures, lambda f: f["programme"]["speakers"]) >= 0.95


def test_a_pdfs_tables_are_read_as_tables_even_across_a_page_break():
    """Seminar Four's programme table breaks inside its second row (the PDF's cell text is
    hyphenated by the layout); the minutes' actions table is the minutes' actions."""
    blocks = read_document(import_corpus.versions("seminar_four")["pdf"], "four.pdf").blocks
    rows = [block.cells for block in blocks if block.kind == "table_row"]
    assert rows[0] == ["Time", "Session", "Speaker"]
    assert rows[2] == [
        "10.15",
        "Mutuals in probation: early lessons",
        "Dr Lena Okafor, Senior Lecturer, University of Eastmoor",
    ]
    assert len(rows) == 6
    extraction = extract(read_document(import_corpus.versions("minutes")["pdf"], "m.pdf"))
    actions = [
        record["text"]
        for session in extraction["sessions"]
        for record in session["records"]
        if record["kind"] == "recommendation"
    ]
    assert "Set up one employer contact point for the network" in actions


def test_a_seminar_report_becomes_its_own_series_frame(db):
    data = import_corpus.versions("seminar_four")["docx"]
    report = apply.import_bytes(data, "seminar-four.docx", new_group_name="Justice Futures")
    session = report.sessions.get()
    group = session.group
    assert (group.event_word, group.number_style) == ("Seminar", "words")
    assert group.series_title == "Justice Futures Seminar Series"
    assert group.heading_prefix == ""
    assert group.organisation == "Eastmoor Centre for Criminal Justice Studies"
    assert session.event_name == "Seminar Four"
    assert session.subject == "Markets, Mutuals and the Probation Service"
    assert (str(session.date), session.date_precision) == ("2011-11-24", "day")
    assert session.venue == "Harcourt Building, University of Eastmoor"
    assert session.authors == (
        "Dr Nadia Pereira (University of Eastmoor); "
        "Professor Tom Hallam (Northgate Institute of Public Policy)"
    )
    rows = list(session.programme.prefetch_related("speakers"))
    assert [row.time for row in rows] == ["10.00", "10.15", "11.00", "11.45", "12.45"]
    assert sum(row.speakers.count() for row in rows) == 6
    panel = rows[3].speakers.all()
    assert [(s.name, s.role, s.organisation) for s in panel] == [
        ("Ruth Dane", "Chief Executive", "Second Chance Trust"),
        ("Ian Marsh", "Director", "Keystone Services"),
    ]


def test_a_report_that_gives_no_date_is_not_given_one(db):
    text = import_corpus.to_text(import_corpus.report("workshop_notes")).replace(
        b"Date: 7 May 2013\n", b""
    )
    report = apply.import_bytes(text, "notes.txt", new_group_name="Northern workshops")
    session = report.sessions.get()
    assert session.date is None
    assert session.date_display == "Date not given"
    with pytest.raises(review.ReviewRefused, match="gives no date for session 2"):
        review.publish(report)
    assert Session.objects.get(pk=session.pk).visibility == "draft"


def test_a_note_with_no_event_heading_is_one_event_not_a_refusal(db):
    report = apply.import_bytes(
        b"Just a note.\n\nThe group felt that shorter meetings work better.\n",
        "notes.txt",
        new_group_name="Notes",
    )
    session = report.sessions.get()
    assert session.number == 1
    assert report.proposals.filter(text__contains="shorter meetings").exists()


def test_an_attendance_list_never_becomes_a_record(db):
    data = import_corpus.versions("minutes")["docx"]
    report = apply.import_bytes(data, "minutes.docx", new_group_name="Resettlement")
    texts = " ".join(report.proposals.values_list("text", flat=True))
    for line in import_corpus.report("minutes").EXPECTED["not_records"]:
        assert line not in texts
    actions = report.proposals.filter(kind="recommendation").values_list("text", flat=True)
    assert "Set up one employer contact point for the network" in actions


def test_the_review_page_shows_the_frame_found_and_what_was_not(client, superuser):
    found = apply.import_bytes(
        import_corpus.versions("seminar_four")["docx"], "four.docx", new_group_name="Futures"
    )
    text = import_corpus.to_text(import_corpus.report("workshop_notes")).replace(
        b"Date: 7 May 2013\n", b""
    )
    undated = apply.import_bytes(text, "notes.txt", new_group_name="Northern workshops")
    client.force_login(superuser)
    page = client.get(f"/admin/imports/importedreport/{found.pk}/review/").content.decode()
    for shown in (
        "Seminar Four: Markets, Mutuals and the Probation Service",
        "<dt>Date</dt><dd>24 November 2011</dd>",
        "Harcourt Building, University of Eastmoor",
        "Eastmoor Centre for Criminal Justice Studies",
        "5 row(s), 6 speaker(s)",
    ):
        assert shown in page
    page = client.get(f"/admin/imports/importedreport/{undated.pk}/review/").content.decode()
    assert "<dt>Date</dt><dd>Not found in the document</dd>" in page
    assert "<dt>Programme</dt><dd>Not found in the document</dd>" in page


def test_the_sessions_publish_action_leaves_a_session_without_a_date_a_draft(client, superuser):
    text = import_corpus.to_text(import_corpus.report("workshop_notes")).replace(
        b"Date: 7 May 2013\n", b""
    )
    session = apply.import_bytes(text, "notes.txt", new_group_name="Northern").sessions.get()
    client.force_login(superuser)
    response = client.post(
        reverse("admin:ajc_sessions_session_changelist"),
        {"action": "publish_publicly", "_selected_action": [session.pk]},
        follow=True,
    )
    assert "Not published, as it has no date yet" in response.content.decode()
    assert Session.objects.get(pk=session.pk).visibility == "draft"


def test_a_proposal_that_resembles_an_existing_record_says_so(client, superuser):
    from .factories import RiskFactory

    existing = RiskFactory(
        text="Small voluntary providers could withdraw from the market when bidding costs rise.",
        statement="Small providers may withdraw from the market as bidding costs rise",
    )
    RiskFactory(text="Digital records may be lost when a case moves between prisons.")
    report = apply.import_bytes(
        import_corpus.versions("workshop_notes")["docx"], "notes.docx", new_group_name="North"
    )
    client.force_login(superuser)
    page = client.get(f"/admin/imports/importedreport/{report.pk}/review/").content.decode()
    assert page.count("Resembles an existing risk") == 1
    assert f"/admin/findings/item/{existing.pk}/change/" in page


def test_the_review_page_says_what_publishing_will_make_public(client, superuser):
    report = apply.import_bytes(
        import_corpus.versions("round_table_three")["docx"], "rt3.docx", new_group_name="Forum"
    )
    questions = report.proposals.filter(kind="question")
    for proposal in questions:
        review.accept(proposal)
    client.force_login(superuser)
    page = client.get(f"/admin/imports/importedreport/{report.pk}/review/").content.decode()
    pending = report.proposals.filter(decision="pending").count()
    assert (
        "Check, then publish: Publishing will make public the session(s) above with 0 learning "
        "point(s), 0 risk(s), 0 recommendation(s), 2 question(s) raised; "
        f"{pending} proposal(s) not yet decided will not be published."
    ) in page


def test_the_frame_is_edited_in_place_on_the_review_page(client, superuser):
    """Issue 24, point 5: the frame on the review page is a form (no JavaScript); a wrong value
    keeps what was typed and says what is wrong; a right one is saved on the session and group."""
    text = import_corpus.to_text(import_corpus.report("workshop_notes")).replace(
        b"Date: 7 May 2013\n", b""
    )
    report = apply.import_bytes(text, "notes.txt", new_group_name="Northern workshops")
    session = report.sessions.get()
    url = f"/admin/imports/importedreport/{report.pk}/review/"
    client.force_login(superuser)
    page = client.get(url).content.decode()
    prefix = f"frame-{session.pk}"
    assert f'name="{prefix}-date"' in page and f'name="{prefix}-venue"' in page
    fields = {
        "action": "frame",
        "session": session.pk,
        f"{prefix}-series": "Northern Commissioning Workshops",
        f"{prefix}-event_word": "Workshop",
        f"{prefix}-number": "2",
        f"{prefix}-subject": "Sharing information on release",
        f"{prefix}-date": "the first Tuesday in May",
        f"{prefix}-venue": "Riverside Conference Centre, Leeds",
        f"{prefix}-organisation": "Northern Commissioners' Network",
        f"{prefix}-authors": "Ann Reed (Leeds City Council)",
    }
    refused = client.post(url, fields).content.decode()
    assert "is not a date this can read" in refused
    assert 'value="the first Tuesday in May"' in refused
    assert 'value="Northern Commissioners&#x27; Network"' in refused
    session.refresh_from_db()
    assert session.date is None and session.subject != "Sharing information on release"

    saved = client.post(url, {**fields, f"{prefix}-date": "Tuesday 7th May 2013"})
    assert saved.status_code == 302 and saved["Location"].endswith(f"#frame-{session.pk}")
    session.refresh_from_db()
    session.group.refresh_from_db()
    assert (str(session.date), session.date_precision) == ("2013-05-07", "day")
    assert session.subject == "Sharing information on release"
    assert session.venue == "Riverside Conference Centre, Leeds"
    assert session.authors == "Ann Reed (Leeds City Council)"
    assert session.group.series_title == "Northern Commissioning Workshops"
    assert session.group.organisation == "Northern Commissioners' Network"
    page = client.get(url).content.decode()
    assert "<dt>Date</dt><dd>7 May 2013</dd>" in page


def test_the_frame_form_refuses_a_number_the_group_has_taken(client, superuser):
    report = apply.import_bytes(
        import_corpus.versions("two_round_tables")["docx"], "two.docx", new_group_name="Forum"
    )
    first, second = report.sessions.order_by("number")
    client.force_login(superuser)
    prefix = f"frame-{second.pk}"
    page = client.post(
        f"/admin/imports/importedreport/{report.pk}/review/",
        {
            "action": "frame",
            "session": second.pk,
            f"{prefix}-series": "Forum",
            f"{prefix}-event_word": "Round Table",
            f"{prefix}-number": str(first.number),
            f"{prefix}-subject": second.subject,
        },
    ).content.decode()
    assert f"The group already has a session numbered {first.number}" in page
    second.refresh_from_db()
    assert second.number != first.number


def test_a_pdf_whose_tables_cannot_be_found_is_still_read_with_its_tables_as_lines(monkeypatch):
    """pdfplumber reads after pypdf, for the tables only: a file it cannot open is read as
    before, its programme table as lines of text."""
    from imports import pdf_tables

    def refuse(*args, **kwargs):
        raise ValueError("not a PDF pdfminer can read")

    monkeypatch.setattr(pdf_tables.pdfplumber, "open", refuse)
    blocks = read_document(import_corpus.versions("seminar_four")["pdf"], "four.pdf").blocks
    assert not [block for block in blocks if block.kind == "table_row"]
    assert any("Mutuals in pro" in block.text for block in blocks)
