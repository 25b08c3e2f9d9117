"""Issue 24, sixth round: what the importer learnt from five more held-out reports
(tests/import_corpus/panel_note.py, we_heard.py, forum_agenda.py, newsletter.py,
learning_set.py), each general cause shown on text of its own. Pure functions: cheap."""

import pytest

from imports import dates, pdf, rules, titleblock
from imports.pdf_columns import _cells, _gutters, _lines, _regions
from imports.records import cue_of

from .support import imported_text, record_kinds

# The frame -------------------------------------------------------------------------------------


def test_a_title_block_on_one_line_joined_by_dashes_is_read_part_by_part():
    found = titleblock.read_title_block(
        ["Seminar 3 — 12 May 2019 — Wharf Hall, Leeds — report by Ann Cole", "Leeds Forum Trust"]
    )
    assert found["event"]["word"] == "Seminar" and found["event"]["number"] == 3
    assert found["date"] == "2019-05-12"
    assert found["venue"].startswith("Wharf Hall")
    assert titleblock.authors_text(found["authors"]) == "Ann Cole"
    # Two parts stay one line: an event and its title.
    assert titleblock.title_line_parts("Workshop 2 – Diversion") == ["Workshop 2 – Diversion"]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("on the twelfth of May 2025 at", "2025-05-12"),
        ("the twenty-first of March 2024", "2024-03-21"),
        ("the thirtieth of June 2023", "2023-06-30"),
    ],
)
def test_a_date_whose_day_is_written_in_words(text, iso):
    found = dates.find_date(text)
    assert found["date"] == iso and found["date_precision"] == "day"


@pytest.mark.parametrize(
    ("line", "organisation"),
    [
        ("Prepared by: Ann Cole on behalf of the Dale Justice Alliance", "Dale Justice Alliance"),
        (
            "Prepared for the Moss Community Justice Partnership by Ann Cole",
            "Moss Community Justice Partnership",
        ),
        ("The network is run by the Hallam Justice Trust for its members.", "Hallam Justice Trust"),
        ("Thirty came, hosted as ever by the Bankside Foundation.", "Bankside Foundation"),
    ],
)
def test_the_organisation_named_inside_a_byline_or_sentence(line, organisation):
    assert titleblock.organisation_in(line) == organisation


def test_an_organisation_below_the_series_and_bylines_of_other_words():
    found = titleblock.read_title_block(["Youth Justice Panel", "Moss Safety Partnership"])
    from imports import front

    front.organisation_above_series(found)
    assert found["series"] == "Youth Justice Panel"
    assert found["organisation"] == "Moss Safety Partnership"
    for line in (
        "note by Ann Cole",
        "Words: Ann Cole, coordinator",
        "Prepared for X Trust by Ann Cole",
    ):
        assert rules.AUTHORS.match(line), line


def test_a_newsletter_names_its_series_and_its_issue_is_no_event():
    found = titleblock.read_title_block(
        ["Court Matters", "The newsletter of the Dale Users Circle | Issue 9 | Autumn 2023"]
    )
    assert found["series"] == "Dale Users Circle"
    assert "event" not in found and found["publication_issue"] == "Issue 9"


def test_a_sentence_about_the_next_event_starts_no_event():
    assert titleblock.parse_event("The tenth meeting will be in June.")["title"] == ""


NEWSLETTER_FRONT = """Court Matters
The newsletter of the Dale Users Circle

Words: Ann Cole, coordinator

Twenty members came to Wharf Hall, Leeds, in March 2024 for the fourth meeting of the circle.

What members said

Members said that the list office answers the telephone within a day, which they valued highly.
"""


def test_a_byline_set_apart_does_not_end_the_front_and_a_meeting_people_came_to():
    found = imported_text(NEWSLETTER_FRONT)
    assert found["frame"]["venue"] == "Wharf Hall, Leeds"
    session = found["sessions"][0]
    assert (session["date"], session["date_precision"]) == ("2024-03-01", "month")


def test_an_event_word_that_ends_the_series_in_the_plural_stays_whole():
    found = titleblock.read_title_block(["Moss Justice Learning Sets", "Learning Set 3: Diversion"])
    assert found["event"]["word"] == "Learning Set"


# Risks -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "If courts keep sentencing without a report, more women will go to prison.",
        "Charities are sometimes left with a group and nobody to supervise it.",
        "The views of people on probation have not been sought at any stage.",
        "A backlog of 40,000 hours has built up across the three districts.",
        "Places paid for by the partnership may go unused next year.",
    ],
)
def test_harms_said_in_other_ways_are_risks(sentence):
    assert cue_of(rules.RISK_CUES, sentence)


@pytest.mark.parametrize(
    "heading", ["Where it could go wrong", "What might go wrong", "What worries us"]
)
def test_headings_that_say_what_could_go_wrong_hold_risks(heading):
    kind = next((k for k, p in rules.SECTION_HEADINGS if p.match(heading)), "")
    assert kind == "risk"


# Requests and what is not one -----------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "We would like the probation service to prepare a report for every woman.",
        "We ask commissioners to fund the centre to meet women at the gate.",
        "It was suggested that placements in charity shops be offered to parents.",
    ],
)
def test_requests_in_the_first_person_and_the_subjunctive(sentence):
    assert cue_of(rules.RECOMMENDATION_CUES, sentence)


def test_thanks_and_a_report_of_what_was_said_are_no_requests():
    assert not cue_of(rules.RECOMMENDATION_CUES, "We would like to thank everyone who came.")
    assert not cue_of(rules.RECOMMENDATION_CUES, "It was suggested that the figures were low.")
    data = "Early indications suggested that this kind of funding could be linked to outcomes."
    assert not cue_of(rules.RECOMMENDATION_CUES, data)


LEAD_INS = """Dale Youth Panel
Panel 2

Recommendations

To the council:

The council should fund two more youth workers from April.

Members are invited to send comments to the secretary by May.

\u201cWe are asked to do more and paid for less.\u201d \u2014 a provider

Risks

High

Funding for diversion workers may be withdrawn next year.
"""


def test_lead_ins_invitations_quotations_and_lone_cells_are_no_records():
    found = record_kinds(LEAD_INS)
    assert found["recommendation"] == ["The council should fund two more youth workers from April."]
    assert found["risk"] == ["Funding for diversion workers may be withdrawn next year."]


# Layout ----------------------------------------------------------------------------------------

QA_AND_PROGRAMME = """Dale Youth Panel
Panel 2

Date: 3.2.2026

Programme

09:30–10:15 Welcome and the year so far

Ann Cole, Chair

10:15–11:00 Placements

Forty people came from probation and housing, and they talked about the year at length.

Your questions answered

Q. Does the centre take self-referrals?

A. Yes, on Tuesday mornings.
"""


def test_programme_over_time_led_lines_and_a_question_under_a_short_heading():
    session = imported_text(QA_AND_PROGRAMME)["sessions"][0]
    assert [row["time"] for row in session["programme"]] == ["09:30–10:15", "10:15–11:00"]
    assert [s["name"] for s in session["programme"][0]["speakers"]] == ["Ann Cole"]
    questions = [r["text"] for r in session["records"] if r["kind"] == "question"]
    assert questions == ["Q. Does the centre take self-referrals?"]


def _word(text, x0, top):
    return {"text": text, "x0": x0, "x1": x0 + 6 * len(text), "top": top, "bottom": top + 11}


def test_a_table_without_ruling_lines_keeps_its_third_column():
    rows = [
        [("Time", 50), ("Session", 150), ("Led", 300)],
        [("10.00", 50), ("Welcome", 150), ("Ann", 300)],
        [("10.20", 50), ("Diversion", 150), ("Sam", 300)],
        [("11.30", 50), ("Sentences", 150), ("Jo", 300)],
    ]
    words = [_word(text, x0, 100 + 25 * n) for n, row in enumerate(rows) for text, x0 in row]
    lines = _lines(words)
    ((first, last, columns),) = _regions(lines, [_gutters(line) for line in lines])
    assert len(columns) == 2
    # Its lines stand as close as one row's: one row, each column's lines in its cell.
    assert _cells(lines[first : last + 1], columns)[0][2] == "Led\nAnn\nSam\nJo"


def test_a_pdf_title_running_on_in_the_titles_type_stays_the_title():
    runs = [("Dale Youth Panel — Panel 4 —", 26.0, False), ("Wharf Hall", 26.0, False)]
    runs += [(f"Panel 9 body {n}", 26.0, False) for n in range(5)]
    runs += [("Body text of the report, long enough to be the body.", 11.0, False)] * 20
    styles = pdf.text_styles(runs)
    assert styles["Wharf Hall"] == "title"
    assert styles["Panel 9 body 4"] == "title"  # the seventh run, still the title's
