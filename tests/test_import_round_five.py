"""Issue 24, fifth round: what the importer learnt from five more held-out reports
(tests/import_corpus/webinar_notes.py, board_paper.py, round_table_eleven.py, policy_note.py,
two_clinics.py), each general cause shown on text of its own. Pure functions: cheap."""

import io

import docx
import pytest

from imports import frame, rules, titleblock
from imports.document import read_document
from imports.lines import Block
from imports.pdf_tables import _mend

from .support import imported_text, record_kinds

# Programmes ------------------------------------------------------------------------------------

SPEAKER_UNDER_TITLE = """Ashby Probation Forum
Forum 4: Hostels

Programme

09:30–10:00 Welcome

Jo Hart, Chair, Ashby Probation Forum

10:00–10:45 Move-on from approved premises

Dr Sam Patel, Reader, Ashby College

Discussion

Forty people came from probation and housing, and they talked about hostels at length.
"""


def test_a_programme_rows_speaker_on_the_line_under_its_title():
    rows = imported_text(SPEAKER_UNDER_TITLE)["sessions"][0]["programme"]
    assert [(row["time"], row["title"]) for row in rows] == [
        ("09:30–10:00", "Welcome"),
        ("10:00–10:45", "Move-on from approved premises"),
    ]
    assert [[s["name"] for s in row["speakers"]] for row in rows] == [["Jo Hart"], ["Dr Sam Patel"]]
    assert rows[1]["speakers"][0]["organisation"] == "Ashby College"


def test_a_sentence_under_a_row_is_not_its_speaker():
    assert frame.is_speakers_line("Jo Hart, Chair, Ashby Probation Forum")
    assert not frame.is_speakers_line("Jo Hart, the chair, opened the day.")
    assert not frame.is_speakers_line("Forty people came from probation and housing")


def test_a_word_tables_title_cell_names_its_speakers_after_a_line_break():
    document = docx.Document()
    document.add_heading("Programme", level=1)
    grid = document.add_table(rows=1, cols=2)
    grid.cell(0, 0).text = "13:30 – 13:45"
    grid.cell(0, 1).paragraphs[0].add_run("Welcome").add_break()
    grid.cell(0, 1).paragraphs[0].add_run("Cllr Dana Webb, Chair, Ashby Board")
    out = io.BytesIO()
    document.save(out)
    blocks = read_document(out.getvalue(), "note.docx").blocks
    row = next(b for b in blocks if b.kind == "table_row")
    assert row.cells[1] == "Welcome\nCllr Dana Webb, Chair, Ashby Board"
    assert row.text == "13:30 – 13:45 Welcome Cllr Dana Webb, Chair, Ashby Board"
    found = frame.programme_row(row, 1)
    assert (found["title"], found["speakers"][0]["name"]) == ("Welcome", "Cllr Dana Webb")


def test_a_pdf_cells_first_speaker_line_is_kept_as_a_line_and_the_rest_wrap():
    cell = "Child first in practice:\nlessons from the Road\nproject\nPriya Natt, Service\nLead"
    assert _mend(cell, set()) == (
        "Child first in practice: lessons from the Road project\nPriya Natt, Service Lead"
    )
    two = "Panel\nKim Boa, Youth Voice\nVoice Coordinator, Step Up"
    assert _mend(two, set()).count("\n") == 1


@pytest.mark.parametrize("heading", ["2. Programme", "4.1 Risks", "3) Next steps", "Programme"])
def test_a_headings_own_number_is_not_part_of_its_name(heading):
    name = rules.heading_name(heading)
    assert any(p.match(name) for _k, p in rules.SECTION_HEADINGS) or (
        rules.PROGRAMME_HEADING.match(name)
    )
    assert rules.heading_name("2024 in review") == "2024 in review"


# Records ---------------------------------------------------------------------------------------

CHALLENGES = """Ashby Youth Justice Lab

Summary

Thirty people from schools and the service met to talk about exclusions in the borough.

Challenges

- Exclusions. Children excluded from school come to the attention of the service more often.
- Turnover. The service lost a third of its case managers in a year and a half.

Opportunities

- Schools said they are willing to share attendance data each week with the service.
"""


def test_challenges_and_issues_for_consideration_are_risks():
    found = record_kinds(CHALLENGES)
    assert len(found["risk"]) == 2 and found["risk"][1].startswith("Turnover.")
    assert found["finding"][-1].startswith("Schools said")
    for heading in ("Issues for consideration", "Worries", "Key issues", "Barriers"):
        assert any(kind == "risk" and p.match(heading) for kind, p in rules.SECTION_HEADINGS)


def test_a_short_line_before_a_list_is_a_heading_whatever_ended_above_it():
    text = CHALLENGES.replace(
        "Thirty people", "Kim Boa, Youth Voice Coordinator, Step Up Ashby\n\nThirty people"
    ).replace("exclusions in the borough.", "exclusions in the borough")
    blocks = read_document(text.encode(), "note.txt").blocks
    assert Block("heading", "Challenges", level=2) in blocks


@pytest.mark.parametrize(
    "sentence",
    [
        "Commissioners would do well to fund the panels for three years rather than one.",
        "We would urge the housing leads to draft a protocol before the summer.",
        "It would also be worth testing a measure designed with people who use the service.",
    ],
)
def test_advice_and_pleas_are_recommendations(sentence):
    text = f"Ashby Forum\n\nDiscussion\n\nForty people came from probation. {sentence}\n"
    assert any(sentence[:30] in r for r in record_kinds(text).get("recommendation", []))


def test_what_is_worth_noting_asks_nothing():
    text = "Ashby Forum\n\nDiscussion\n\nIt is worth noting that referrals rose by a third.\n"
    assert "recommendation" not in record_kinds(text)


def test_a_body_asked_to_note_or_agree_the_papers_own_proposals_is_procedure():
    text = """Ashby Partnership Board
Meeting 4: Diversion

The review looked at a year of diversion from prosecution in Ashby and what it taught.

Proposals
---------

1. That the Partnership funds one more diversion post for two years.
2. That contracts for diversion run for at least three years.

Recommendation
--------------

The Board is asked to note the findings of the review and to agree the proposals above.
"""
    recommendations = record_kinds(text)["recommendation"]
    assert len(recommendations) == 2
    assert rules.PROCEDURE.search("This paper asks the Board to agree three proposals.")
    assert not rules.PROCEDURE.search("The council is asked to agree a protocol with schools.")


def test_direct_questions_under_a_heading_of_questions_are_questions_raised():
    text = """Ashby Network
Webinar 2: Housing

Sixty people joined the webinar from housing, probation and the voluntary sector.

Questions from the floor
------------------------

Who holds the duty when someone has no local connection? The speakers said the guidance is \
silent on this.

A participant said that women are released far from home.
"""
    found = record_kinds(text)
    assert found["question"] == ["Who holds the duty when someone has no local connection?"]
    assert not any("women" in q for q in found["question"])


@pytest.mark.parametrize(
    "sentence",
    [
        "Those with the most complex needs are left with the least.",
        "The payment model rewards quick cases and leaves the harder ones waiting.",
        "Remand far from home makes family visits rare.",
    ],
)
def test_a_harm_told_as_a_plain_fact_is_a_risk(sentence):
    text = f"Ashby Forum\n\nDiscussion\n\nForty people came from probation. {sentence}\n"
    assert any(sentence[:25] in r for r in record_kinds(text).get("risk", []))


def test_a_condition_with_should_and_a_question_put_ask_nothing():
    text = """Ashby Forum

Discussion

Should the grant not be renewed, the outreach service would stop. The group met to agree what \
it should ask of the council.
"""
    found = record_kinds(text)
    assert "recommendation" not in found
    assert found["risk"][0].startswith("Should the grant not be renewed")


# The frame -------------------------------------------------------------------------------------


def test_an_organisation_above_a_series_runs_it():
    found = titleblock.read_title_block(["Pont Justice Partnership", "Ashby Resettlement Network"])
    from imports import front

    front.organisation_above_series(found)
    assert (found["organisation"], found["series"]) == (
        "Pont Justice Partnership",
        "Ashby Resettlement Network",
    )
    alone = titleblock.read_title_block(["Northfell Justice Partnership", "Meeting 14"])
    front.organisation_above_series(alone)
    assert alone["series"] == "Northfell Justice Partnership" and "organisation" not in alone


@pytest.mark.parametrize(
    "line,expected",
    [
        ("Tues 3rd Feb '26, 10:00–11:30", "2026-02-03"),
        ("Wed 14 Jan 2026 · Marlow Road Community Hub, Ashby", "2026-01-14"),
        ("Date of meeting: 17.3.2026", "2026-03-17"),
    ],
)
def test_dates_with_a_shortened_year_and_a_place_after_a_dot_or_a_time(line, expected):
    assert titleblock.find_date(line)["date"] == expected
    date_text = titleblock.find_date(line)["date_text"]
    assert titleblock.venue_in(line, date_text) in ("", "Marlow Road Community Hub, Ashby")


def test_an_event_numbered_with_no_and_its_items_title_on_the_next_line():
    found = titleblock.read_title_block(
        ["Ashby Justice Partnership", "Partnership Board – Meeting No. 14", "Paper 3: Diversion"]
    )
    assert (found["event"]["word"], found["event"]["number"]) == ("Meeting", 14)
    assert found["event"]["title"] == "Diversion"


ROUND_TABLE_IN_PROSE = """Ashby Commissioning Round Tables
Buying outcomes for short sentences
A report from the Halden Institute

Setting the scene

The eleventh of our round tables met on the afternoon of Thursday 6 November 2025 in the Old \
Court Room of the Guildhall Library, Ashby, with twenty participants.

What we heard

Participants broadly agreed that outcome payments sharpened attention on release.

Written up by Hal Cole and Jo Ade, Halden Institute, with thanks to everyone who took part.
"""


def test_a_round_table_told_in_prose_gives_its_frame_from_its_sentences_and_its_end():
    extraction = imported_text(ROUND_TABLE_IN_PROSE)
    found, session = extraction["frame"], extraction["sessions"][0]
    assert (found["event"]["word"], found["event"]["number"]) == ("Round Table", 11)
    assert found["event"]["number_style"] == "words"
    assert found["organisation"] == "Halden Institute"
    assert (session["date"], session["subject"]) == (
        "2025-11-06",
        "Buying outcomes for short sentences",
    )
    assert session["venue"].endswith("Guildhall Library, Ashby")
    assert extraction["authors"] == "Hal Cole and Jo Ade (Halden Institute)"


def test_a_venue_hosted_from_with_no_date_and_prepared_by_on_behalf_of():
    text = """Ashby Network
Webinar 3: Housing

Introduction

1.1 The webinar was hosted from Tŷ Pont, Cardiff Bay, and broadcast online.

Prepared by: Elin Rhys, Policy Officer, on behalf of the steering group, 10 February 2026.
"""
    extraction = imported_text(text)
    assert extraction["sessions"][0]["venue"] == "Tŷ Pont, Cardiff Bay"
    assert extraction["authors"] == "Elin Rhys (Policy Officer)"
    held_in = "The review was held in March because of the election."
    assert (
        "venue" not in imported_text(f"Ashby Network\nWebinar 3: Housing\n\n{held_in}\n")["frame"]
    )


TWO_CLINICS = """Ashby Commissioning Clinics
Write-up of Clinics 5 and 6

Ashby Reducing Reoffending Unit. Facilitated and written up by Ann Kay and Dom Shaw.

Clinic 5 – Monday 2 March 2026, The Exchange, Ashby
---------------------------------------------------

Topic: treatment for people on licence.

Only a third were seen by a community service within three weeks of release.

Clinic 6 – 30.3.2026, St Barnabas Hall, Fenwick
-----------------------------------------------

Topic: work after custody.

Employers said they would take on people with convictions but did not know whom to call.
"""


def test_each_of_several_events_takes_its_date_place_and_topic_from_its_own_lines():
    extraction = imported_text(TWO_CLINICS)
    sessions = extraction["sessions"]
    assert [(s["number"], s["date"], s["venue"], s["subject"]) for s in sessions] == [
        (5, "2026-03-02", "The Exchange, Ashby", "Treatment for people on licence"),
        (6, "2026-03-30", "St Barnabas Hall, Fenwick", "Work after custody"),
    ]
    assert extraction["frame"]["organisation"] == "Ashby Reducing Reoffending Unit"
    assert extraction["authors"] == "Ann Kay; Dom Shaw"
