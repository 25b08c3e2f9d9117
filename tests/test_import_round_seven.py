"""Issue 24, seventh round: what the importer learnt from five more held-out reports
(tests/import_corpus/deep_dive_two.py, frontline_lessons.py, practice_forum_minutes.py,
knowledge_exchange.py, two_workshops.py), each general cause shown on text of its own. Pure
functions: cheap."""

import pytest

from imports import dates, front, titleblock
from sessions.models import LearningGroup

from .support import imported_text, record_kinds

# The programme ---------------------------------------------------------------------------------


def _programme(text: str) -> list[tuple[str, str, list[str]]]:
    session = imported_text(text)["sessions"][0]
    return [
        (row["time"], row["title"], [sp["name"] for sp in row["speakers"]])
        for row in session["programme"]
    ]


def test_speakers_after_a_dash_in_a_programme_tables_title_cell():
    rows = _programme(
        "Quarry Lane Seminar 2\n\nProgramme\n\n"
        "09:00\tOpening remarks — Dr Ama Boateng\n"
        "09:20\tThe view from the wing — Tom Reilly, Ann Cole and Joy Pike\n"
        "10:40\tCoffee\n"
    )
    assert rows == [
        ("09:00", "Opening remarks", ["Dr Ama Boateng"]),
        ("09:20", "The view from the wing", ["Tom Reilly", "Ann Cole", "Joy Pike"]),
        ("10:40", "Coffee", []),
    ]


def test_a_speaker_with_a_role_and_organisation_stays_one_speaker():
    rows = _programme(
        "Quarry Lane Seminar 2\n\nProgramme\n\n"
        "09:00\tOpening — Gareth Lowe, Lead Officer, Youth Justice Service\n"
        "09:30\tHousing — Cllr Dana Whitlock, Chair, Housing and Care Board\n"
    )
    assert [names for _time, _title, names in rows] == [["Gareth Lowe"], ["Cllr Dana Whitlock"]]


def test_parallel_sessions_in_a_programmes_columns_are_a_row_each():
    rows = _programme(
        "Quarry Lane Seminar 2\n\nProgramme\n\n"
        "Time\tStrand one (Hall)\tStrand two (Library)\n"
        "10:00\tPlenary: why it matters — Ann Cole\t\n"
        "11:00\tCourts and sentencing — Tom Reilly\tHousing after custody — Joy Pike\n"
    )
    assert rows == [
        ("10:00", "Plenary: why it matters", ["Ann Cole"]),
        ("11:00", "Courts and sentencing", ["Tom Reilly"]),
        ("11:00", "Housing after custody", ["Joy Pike"]),
    ]


# The frame -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "word", "number"),
    [
        ("Justice Policy Seminar IV: Courts", "Seminar", 4),
        ("Workshop XIV — Victims", "Workshop", 14),
        ("Round Table IX", "Round Table", 9),
    ],
)
def test_an_event_numbered_in_roman_numerals(line, word, number):
    event = titleblock.parse_event(line, any_word=True)
    assert (event["word"], event["number"], event["number_style"]) == (word, number, "roman")


def test_a_capital_i_before_a_small_word_is_no_roman_number():
    assert titleblock.parse_event("At the session I asked about housing", any_word=True) == {}


def test_a_series_in_roman_numerals_names_its_events_so():
    group = LearningGroup(event_word="Colloquium", number_style=LearningGroup.NumberStyle.ROMAN)
    assert [group.event_name(n) for n in (3, 9, 14, 40)] == [
        "Colloquium III",
        "Colloquium IX",
        "Colloquium XIV",
        "Colloquium XL",
    ]


def test_an_organisation_above_the_series_that_the_events_line_names():
    for lines, organisation, series in [
        (
            ["Institute for Penal Reform, Marlow University", "Open Justice Lecture 5"],
            "Institute for Penal Reform, Marlow University",
            "Open Justice Lecture",
        ),
        (
            ["Tyne Mentoring Network", "Winter Workshops 3 and 4"],
            "Tyne Mentoring Network",
            "Winter Workshops",
        ),
    ]:
        found = titleblock.read_title_block(lines)
        front.organisation_above_series(found)
        assert (found["organisation"], found["series"]) == (organisation, series)
    # The event's own words with none before them ("Deep Dive 2") name no series of their own.
    found = titleblock.read_title_block(["Calder Reducing Reoffending Board", "Deep Dive 2: Jobs"])
    front.organisation_above_series(found)
    assert found["series"] == "Calder Reducing Reoffending Board"


def test_an_organisation_with_its_branch_above_the_series():
    found = titleblock.read_title_block(
        ["Youth Justice Service — Southern Area", "PRACTICE FORUM", "Note of meeting 4"]
    )
    front.organisation_above_series(found)
    assert found["organisation"] == "Youth Justice Service — Southern Area"
    assert found["series"] == "PRACTICE FORUM"


@pytest.mark.parametrize(
    ("text", "iso"),
    [("held 07.03.24, 14:00", "2024-03-07"), ("on 3/2/26 at", "2026-02-03")],
)
def test_a_date_with_its_year_in_two_digits(text, iso):
    assert dates.find_date(text)["date"] == iso


@pytest.mark.parametrize("text", ["see paragraph 1.2.10", "section 2.11.12.4", "10.00 to 12.30"])
def test_numbers_that_are_no_date(text):
    assert dates.find_date(text) == {}


def test_authors_marked_with_footnote_numbers_and_their_affiliations_below():
    found = titleblock.read_title_block(
        [
            "Penal Futures Colloquium 2",
            "Ann Cole\u00b9, Ravi Shah\u00b2 and Joy Pike\u00b9",
            "\u00b9 Faculty of Law, Marlow University. \u00b2 Tyne Policy Institute.",
        ]
    )
    assert titleblock.authors_text(found["authors"]) == (
        "Ann Cole (Faculty of Law, Marlow University); Ravi Shah (Tyne Policy Institute); "
        "Joy Pike (Faculty of Law, Marlow University)"
    )
    assert "venue" not in found  # the affiliations' "University" is nobody's venue


def test_a_place_then_only_the_date_on_a_title_line():
    found = titleblock.read_title_block(
        ["Penal Futures Colloquium 2", "Lecture Theatre 1, Brunel Building — Thu 5 Feb 2026"]
    )
    assert found["venue"] == "Lecture Theatre 1, Brunel Building"
    assert found["date"] == "2026-02-05"


def test_a_report_authors_byline():
    found = titleblock.read_title_block(
        ["Calder Learning Circle", "Report author: Sam Okoro, Policy Officer, Calder Council"]
    )
    assert found["authors"][0]["name"] == "Sam Okoro"


@pytest.mark.parametrize(
    ("line", "organisation"),
    [
        ("A Hillside Foundation event write-up", "Hillside Foundation"),
        ("The Marsh Lane Trust briefing, June 2025", "Marsh Lane Trust"),
    ],
)
def test_an_organisations_write_up(line, organisation):
    found = titleblock.read_title_block(["Calder Learning Circle", line])
    assert found["organisation"] == organisation


def test_minutes_taken_by_in_the_front_paragraphs():
    result = imported_text(
        "Calder Learning Circle\nMeeting 3\n\nAttendance\n\nProbation: 4. Police: 1.\n\n"
        "Chair: Head of Practice. Minutes: Rosa Blake.\n\nHousing\n\nReferrals arrive late.\n"
    )
    assert result["authors"] == "Rosa Blake"


def test_a_chapel_is_a_venue():
    found = titleblock.read_title_block(["Calder Learning Circle", "The Old Chapel, Mill Street"])
    assert found["venue"] == "The Old Chapel, Mill Street"


# Records ---------------------------------------------------------------------------------------

NOTE = "Calder Learning Circle\nMeeting 3\n\nWhat we heard\n\n{}\n"


def test_a_question_quoted_from_the_floor_is_a_question_under_any_heading():
    kinds = record_kinds(
        "Calder Learning Circle\nMeeting 3\n\nWhat worries us\n\n"
        "If the hostel closes, men will sleep rough in the town centre.\n\n"
        "From the room\n\n"
        "\u201cWho pays for the bus fare to a nine o'clock appointment?\u201d\n"
    )
    assert kinds["question"] == [
        "\u201cWho pays for the bus fare to a nine o'clock appointment?\u201d"
    ]
    assert kinds["risk"] == ["If the hostel closes, men will sleep rough in the town centre."]


def test_a_short_line_over_a_quotation_is_a_heading():
    result = imported_text(
        "Calder Learning Circle\nMeeting 3\n\nBackground\n\n"
        "The circle met to talk about hostels and what happens to men who leave them.\n\n"
        "From the room\n\n"
        "\u201cWhy does nobody tell the hostel when a man has been recalled to prison?\u201d\n"
    )
    assert [t["title"] for t in result["sessions"][0]["topics"]][-1] == "From the room"


def test_the_people_concerned_is_no_worry():
    kinds = record_kinds(
        NOTE.format("Short sentences hide progress that matters to the people concerned.")
    )
    assert "risk" not in kinds
    kinds = record_kinds(NOTE.format("Members were concerned that the hostel will close in May."))
    assert kinds["risk"]


def test_as_likely_to_is_a_comparison_not_a_risk():
    kinds = record_kinds(
        NOTE.format("Men met at the gate were twice as likely to have a bed on the first night.")
    )
    assert "risk" not in kinds


def test_a_body_asked_to_note_the_risks_is_procedure_not_a_risk():
    kinds = record_kinds(
        NOTE.format("The Board is asked to note the findings and the risks in section 4.")
    )
    assert "risk" not in kinds and "recommendation" not in kinds


def test_we_are_calling_on_someone_to_act():
    kinds = record_kinds(
        NOTE.format("We are calling on the county council to keep the hostel open all year.")
    )
    assert kinds["recommendation"]


def test_an_invitation_to_members_and_a_planned_event_are_no_records():
    kinds = record_kinds(
        "Calder Learning Circle\nMeeting 3\n\nQuestions for next time\n\n"
        "- How many men leave the hostel for a tenancy?\n"
        "- Who funds the night shelter?\n\n"
        "Meeting 4, on hostels, is planned for October 2026.\n\n"
        "What next\n\n"
        "Members who would like to host the next meeting should contact the chair.\n"
    )
    assert kinds["question"] == [
        "How many men leave the hostel for a tenancy?",
        "Who funds the night shelter?",
    ]
    assert "recommendation" not in kinds


def test_a_table_of_the_events_gives_each_its_date_and_venue():
    sessions = imported_text(
        "Calder Learning Circle\nVisits 2 and 3: joint note\n\nIntroduction\n\n"
        "We visited two hostels and write them up together here.\n\n"
        "Visit\tWhere\tWhen\n2\tBeck House, Leeds\t4 March 2025\n"
        "3\tThe Mill Rooms, York\t9/5/2025\n\n"
        "Visit 2: Beck House\n\nMen said the curfew was fair.\n\n"
        "Visit 3: The Mill Rooms\n\nStaff said referrals arrive late.\n"
    )["sessions"]
    assert [(s["number"], s["date"], s["venue"]) for s in sessions] == [
        (2, "2025-03-04", "Beck House, Leeds"),
        (3, "2025-05-09", "The Mill Rooms, York"),
    ]
