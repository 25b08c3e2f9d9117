"""Issue 24, seventh round: what the importer learnt from five more held-out reports
(tests/import_corpus/deep_dive_two.py, frontline_lessons.py, practice_forum_minutes.py,
knowledge_exchange.py, two_workshops.py), each general cause shown on text of its own. Pure
functions: cheap."""

from .support import imported_text

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
