"""What reports nobody on the team had seen taught the importer (issue 24; the held-out reports
in tests/import_corpus): requests by their shape, a table's kind from its header, any event word
in the title block, a series named after a building, and a PDF's tables without ruling lines.
Pure functions and one small PDF: cheap."""

import pytest

from imports import rules, titleblock
from imports.document import read_document
from imports.records import cue_of

from . import import_corpus
from .support import record_kinds

REQUESTS = """Harbour Forum

What we found

Referrals fell by a third in the year.

Small charities struggle to produce the evidence that commissioners ask for.

Our asks

The council to keep the outreach team funded through the summer.

Probation to add a line on the centre to every report template.

Extend the service's contract by a year.
"""


def test_a_run_of_requests_by_their_shape_are_recommendations_and_a_lone_statement_is_not():
    found = record_kinds(REQUESTS)
    assert found["recommendation"] == [
        "The council to keep the outreach team funded through the summer.",
        "Probation to add a line on the centre to every report template.",
        "Extend the service's contract by a year.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Magistrates can require a woman to attend the centre.",
        "Residents moving on to private rented housing are at risk.",
        "Staff trained to use naloxone said so.",
        "It is up to the council to decide.",
        "During the visit we met the staff.",
        "Handovers between shifts were thorough.",
    ],
)
def test_statements_do_not_have_a_requests_shape(sentence):
    assert cue_of(rules.REQUEST_SHAPES, sentence) == ""


def test_a_tables_first_column_header_gives_its_rows_kind():
    found = record_kinds(
        "Site Visits\n\nWhat we saw\n\nThe service was busy.\n\n"
        "Risk\tMitigation\n"
        "Two nurses leave in the summer\tRecruitment has started\n"
        "Late results delay action\tA shared inbox\n"
    )
    assert found["risk"] == ["Two nurses leave in the summer", "Late results delay action"]


@pytest.mark.parametrize(
    ("lines", "word", "number", "title"),
    [
        (["Treatment Visits", "Visit 4: Greyfield Service"], "Visit", 4, "Greyfield Service"),
        (["Partnership", "Learning Review 3: Referrals"], "Learning Review", 3, "Referrals"),
        # The words the event's line shares with the series name the series.
        (["Approved Premises Peer Review Programme", "Peer Review Visit 4"], "Visit", 4, ""),
        (["Hartley Roundtables", "Roundtable Three: Remand"], "Roundtable", 3, "Remand"),
    ],
)
def test_any_event_word_before_a_number_in_the_title_block(lines, word, number, title):
    event = titleblock.read_title_block(lines)["event"]
    assert (event["word"], event["number"], event["title"]) == (word, number, title)


def test_a_dated_line_or_a_years_number_is_no_event():
    found = titleblock.read_title_block(["Annual Conference 2015", "Tuesday 12th September 2023"])
    assert "event" not in found


def test_a_series_named_after_a_building_is_the_series_not_the_venue():
    found = titleblock.read_title_block(
        [
            "The Hartley House Roundtables on Youth Justice",
            "Roundtable Three: Children Remanded to Custody",
            "Held on 5 February 2025 at the Corn Exchange Rooms, Westbury",
        ]
    )
    assert found["series"] == "The Hartley House Roundtables on Youth Justice"
    assert found["venue"] == "Corn Exchange Rooms, Westbury"


def test_a_labelled_venue_goes_before_one_guessed_from_a_building_word():
    found = titleblock.read_title_block(
        ["Eastbrook Users' Panel", "Riverside House", "Venue: Eastbrook Town Hall"]
    )
    assert found["venue"] == "Eastbrook Town Hall"


def test_a_pdfs_table_without_ruling_lines_is_read_as_a_table():
    blocks = read_document(import_corpus.versions("site_visit_four")["pdf"], "visit.pdf").blocks
    rows = [block.cells for block in blocks if block.kind == "table_row"]
    assert rows == [
        ["Risk", "Mitigation"],
        [
            "Two of the three prescribing nurses leave in the summer",
            "Recruitment has started; locum cover agreed",
        ],
        [
            "Late test results delay action on a missed requirement",
            "A shared inbox is being tested",
        ],
        ["People released from custody wait for a first script", "None yet"],
    ]


def test_prose_lists_and_ruled_tables_are_not_taken_for_unruled_tables():
    """Every other PDF of the corpus: no table without ruling lines is found in its prose or
    its lists, and a ruled table is not found twice."""
    import pdfplumber

    from imports.pdf_columns import borderless_tables

    for name in ("seminar_four", "hostel_review", "workshop_notes"):
        with pdfplumber.open(import_corpus.pdf_path(name)) as pdf:
            for page in pdf.pages:
                ruled = [table.bbox for table in page.find_tables()]
                assert borderless_tables(page, ruled) == [], name


def test_a_learning_review_comes_in_as_its_own_series_with_its_requests(db):
    """The untouched held-out review, as Word, through the importer onto the models: its event
    word and number, and its four "X to do Y" requests proposed as recommendations."""
    from imports import apply

    data = import_corpus.versions("womens_centre_review")["docx"]
    report = apply.import_bytes(data, "review.docx", new_group_name="Northfield")
    session = report.sessions.get()
    assert (session.group.event_word, session.number) == ("Learning Review", 3)
    assert session.event_name == "Learning Review 3"
    requests = report.proposals.filter(kind="recommendation").values_list("text", flat=True)
    assert len(requests) == 4
    assert "Probation to add a line on the women's centre to every same-day report template." in (
        requests
    )
