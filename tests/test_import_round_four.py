"""Issue 24, fourth round: what the importer learnt from four more held-out reports
(tests/import_corpus/remand_workshop.py, breakout_summary.py, restorative_seminar.py,
liaison_notes.py), each general cause shown on text of its own. Pure functions: cheap."""

import pytest

from imports import item_kinds, rules, titleblock
from imports.lines import Block, looks_like_heading
from imports.pdf_tables import _goes_on
from imports.records import cue_of

from .support import imported_text, record_kinds


def underlined(heading: str) -> str:
    return f"{heading}\n{'-' * len(heading)}"


FRONT_LINES = """Millbrook Probation Network
Workshop 2: Hostels after release

Write-up of the workshop held on Tuesday 14 May 2019 at The Old Fire Station, Millbrook.

Prepared by Ann Lee (Millbrook Council) and Bo Kay (Hill House Trust).

Purpose

Twenty people met to look at hostel places after release.
"""


def test_lines_of_when_where_and_by_whom_after_the_title_are_its_frame():
    extraction = imported_text(FRONT_LINES)
    session = extraction["sessions"][0]
    assert (session["date"], session["venue"]) == ("2019-05-14", "The Old Fire Station, Millbrook")
    assert extraction["authors"] == "Ann Lee (Millbrook Council); Bo Kay (Hill House Trust)"
    assert session["fields"]["focus"].startswith("Twenty people met")


EMAIL = """Millbrook Housing Liaison Group

From: The secretary

Sent: 3 February 2021 09:12

Subject: Notes of yesterday's meeting

Notes of the 7th meeting of the group, held on 2/2/2021 at Millbrook Civic Centre, Room 2, are \
below. Please send corrections by Friday.

Housing

Agreed: probation to send referrals 56 days before release.

Concern raised that people are placed in hotels out of the borough.
"""


def test_an_emails_header_is_not_the_meeting_and_its_sentence_frames_the_event():
    extraction = imported_text(EMAIL)
    session = extraction["sessions"][0]
    assert session["number"] == 7
    assert session["event"]["word"] == "Meeting"
    assert (session["date"], session["venue"]) == ("2021-02-02", "Millbrook Civic Centre, Room 2")
    found = record_kinds(EMAIL)
    assert found["recommendation"] == [
        "Agreed: probation to send referrals 56 days before release."
    ]
    assert found["risk"] == ["Concern raised that people are placed in hotels out of the borough."]


def test_a_date_lines_names_are_its_venue_but_not_words_after_a_date():
    named = titleblock.read_title_block(["Conference 2022", "Thursday 6th October 2022, The Lowry"])
    assert named["venue"] == "The Lowry"
    plain = titleblock.read_title_block(["Conference 2022", "6 October 2022, a note for members"])
    assert "venue" not in plain


def test_and_inside_an_affiliation_does_not_split_it():
    one = titleblock.parse_authors("Cal Reid, Office of the Police and Crime Commissioner")
    assert [a["name"] for a in one] == ["Cal Reid"]
    two = titleblock.parse_authors("Cal Reid, Westshire Council and Di Moss, Hill Trust")
    assert [a["name"] for a in two] == ["Cal Reid", "Di Moss"]


@pytest.mark.parametrize(
    ("text", "number", "word"),
    [
        ("the seventh Meeting of the group", 7, "Meeting"),
        ("Breakout Session 2 – Victims", 2, "Breakout Session"),
    ],
)
def test_ordinals_and_other_event_words(text, number, word):
    event = titleblock.parse_event(text)
    assert (event["number"], event["word"]) == (number, word)


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Watch-outs", "risk"),
        ("Points of caution", "risk"),
        ("Asks of government", "recommendation"),
    ],
)
def test_risks_and_requests_by_their_other_names(heading, kind):
    found = record_kinds(
        f"Series\n\nThe forum met in May.\n\n{underlined(heading)}\n\n"
        "- Grants are short.\n- Data is thin.\n"
    )
    assert len(found[kind]) == 2


RISK_TABLE = (
    "Series\n\nRisks\n\nRisk\tMitigation\nGrants end in March.\tExtend the grant by a year.\n"
)
STATE_TABLE = (
    "Series\n\nRisks\n\nRisk\tMitigation\nGrants end in March.\tRecruitment has started.\n"
)


def test_a_mitigation_is_a_recommendation_when_it_asks_for_something():
    assert record_kinds(RISK_TABLE)["recommendation"] == ["Extend the grant by a year."]
    assert "recommendation" not in record_kinds(STATE_TABLE)
    assert item_kinds.asks_for_something("Fund travel for families visiting children")
    assert not item_kinds.asks_for_something("None yet")


@pytest.mark.parametrize(
    "sentence",
    [
        "One hostel will close in June if the council's grant is not renewed.",
        "Delegates cautioned that untrained staff can re-traumatise a victim.",
    ],
)
def test_risks_said_as_a_consequence_then_its_condition_or_as_a_warning(sentence):
    assert cue_of(rules.RISK_CUES, sentence)


def test_a_question_put_and_a_date_announced_are_no_requests():
    text = (
        f"Series\n\n{underlined('Discussion')}\n\nIts question was whether mediation should be "
        f"offered.\n\n{underlined('Next steps')}\n\n1. Ask the bench for a Friday list.\n\n"
        "The next workshop will be held in July.\n"
    )
    assert record_kinds(text)["recommendation"] == ["Ask the bench for a Friday list."]


PROGRAMME = """Series
Seminar Five: Harm

Programme

Monday 11 March

10.00 Registration and coffee

10.30 Welcome – Carol Benn, Chair, Restorative Trust

Tuesday 12 March

09.30 Practice – Sunil Varma, Head of Practice, Hill Home

Discussion

The seminar brought people together.
"""


def test_a_programme_goes_on_under_its_days_and_one_line_paragraphs_stay_apart():
    rows = imported_text(PROGRAMME)["sessions"][0]["programme"]
    assert [(r["time"], r["title"]) for r in rows] == [
        ("10.00", "Registration and coffee"),
        ("10.30", "Welcome"),
        ("09.30", "Practice"),
    ]
    assert rows[2]["speakers"][0]["name"] == "Sunil Varma"


def test_a_pdf_row_cut_mid_sentence_goes_on_and_an_open_bracket_is_no_heading():
    last = Block("table_row", "", cells=["If the contract lapses in March,", "Extend it"])
    assert _goes_on(last, ["there will be no cover.", "while it is procured."])
    assert not _goes_on(Block("table_row", "", cells=["Grants end.", "x"]), ["Data is thin.", ""])
    assert not looks_like_heading("Prepared by Ruth Adebayo (Southvale Youth Offending")
