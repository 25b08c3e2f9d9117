"""Issue 24, third round: what the importer learnt from two more held-out reports
(tests/import_corpus/practice_exchange.py, two_visits.py). A heading's items are risks when
most of them say what may happen; a lone request line counts when it makes half its heading's
lines, and a plural noun with its verb ("Charities struggle to …") is no request; headings
numbering events of any word ("Visit 1:", "Visit 2:") are several events. Pure functions: cheap."""

import pytest

from imports import item_kinds, titleblock

from .support import imported_text, record_kinds

WHAT_MAY_HAPPEN = """Millbrook Resettlement Forum

The forum met in May to look at release from prison.

What we heard

Most people leaving the prison were met at the gate by a mentor.

What keeps the forum up at night

- People released late in the day may miss the last bus to their hostel.
- The mentoring charity is likely to shrink when its grant ends in June.
- Hostel places are at risk of going to people from other counties.
- Landlords in the town ask for six months' rent in advance.
"""


def test_a_heading_whose_lines_mostly_say_what_may_happen_makes_each_a_risk():
    found = record_kinds(WHAT_MAY_HAPPEN)
    assert len(found["risk"]) == 4
    # The plain fact among them is one too, by its heading's kind.
    assert "Landlords in the town ask for six months' rent in advance." in found["risk"]
    assert "Most people leaving the prison were met at the gate by a mentor." in found["finding"]
    records = imported_text(WHAT_MAY_HAPPEN)["sessions"][0]["records"]
    landlords = next(r for r in records if r["kind"] == "risk" and "Landlords" in r["text"])
    assert "What keeps the forum up at night" in landlords["cue"]


ABILITIES = """Millbrook Resettlement Forum

What we heard

- Volunteers can check an address within the hour.
- Only two services could say how many people were housed.
- Staff would meet people at the gate when asked.
- The hostel opened a second floor in May.
"""


def test_abilities_and_a_minority_of_possibilities_do_not_make_a_risk_list():
    """ "can check", "could say" are abilities; one "would" among four lines is no majority."""
    assert "risk" not in record_kinds(ABILITIES)


REQUESTS = """Millbrook Resettlement Forum

The forum met in May to look at release from prison.

What we found

Referrals to the hostel fell by a third in the year to March.

What we would ask of the council

The council to fund a housing worker at the prison gate from April.

Charities struggle to raise match funding, so a grant for a year is too short.

Looking ahead

Probation to share release dates with the hostel a month ahead.

Charities struggle to find volunteers to drive people home.
"""


def test_a_lone_request_line_counts_when_it_makes_half_its_headings_lines():
    found = record_kinds(REQUESTS)
    assert found["recommendation"] == [
        "The council to fund a housing worker at the prison gate from April.",
        "Probation to share release dates with the hostel a month ahead.",
    ]
    # Side by side with a request, the plural noun and its verb are still a statement.
    assert "Charities struggle to find volunteers to drive people home." in found["finding"]


@pytest.mark.parametrize(
    ("line", "statement"),
    [
        ("Charities struggle to raise match funding.", True),
        ("Small providers tend to close in winter.", True),
        ("Commissioners to publish referral figures.", False),
        ("The youth justice service to pay for the Saturday sessions.", False),
        ("Courts and probation to agree one form.", False),
        ("Extend the contract so that the nurses' posts can be advertised.", False),
    ],
)
def test_a_plural_noun_and_its_verb_before_to_is_a_statement(line, statement):
    assert item_kinds._noun_then_verb(line) is statement


TWO_VISITS = """Eastmoor Youth Justice Panel
Visit Notes, Issue 3

Visit 1: Harbour Lane Youth Centre

Date of visit: 4 March 2025. Place: Harbour Lane Youth Centre, Eastmoor.

The centre runs reparation sessions on weekday evenings.

Visit 2: Eastmoor Remand Foster Scheme

Date of visit: 18 March 2025. Place: Eastmoor Council Offices, Eastmoor.

The scheme places children refused bail with foster carers.
"""


def test_headings_numbering_visits_are_several_events_with_their_own_date_and_place():
    sessions = imported_text(TWO_VISITS)["sessions"]
    assert [(s["event"]["word"], s["number"]) for s in sessions] == [("Visit", 1), ("Visit", 2)]
    assert [s["date"] for s in sessions] == ["2025-03-04", "2025-03-18"]
    assert [s["venue"] for s in sessions] == [
        "Harbour Lane Youth Centre, Eastmoor",
        "Eastmoor Council Offices, Eastmoor",
    ]


PARTS = """Eastmoor Youth Justice Panel
Annual Report

Part 1: What we did

The panel met six times in the year.

Part 2: What comes next

The panel will visit the remand scheme again.
"""


def test_numbered_headings_of_a_word_the_title_never_names_and_undated_are_one_event():
    assert len(imported_text(PARTS)["sessions"]) == 1


def test_the_series_last_words_before_the_number_are_the_events_word():
    found = titleblock.read_title_block(
        [
            "Riverbend Probation Practice Exchange",
            "Practice Exchange 6: Leaving Custody",
            "Notes by Hannah Okafor (Riverbend Probation Delivery Unit)",
        ]
    )
    assert (found["event"]["word"], found["event"]["number"]) == ("Practice Exchange", 6)
    assert found["authors"][0]["name"] == "Hannah Okafor"
    # A series that does not end with them keeps the event word alone.
    other = titleblock.read_title_block(["Probation Notes", "Practice Exchange 6"])
    assert other["event"]["word"] == "Exchange"
