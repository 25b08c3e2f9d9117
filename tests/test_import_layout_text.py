"""Text out of a PDF laid out by spaces, as ``pdftotext -layout`` and many tools' copy and paste
give it (issue 24, docs/importing.md "Text that came out of a PDF"): tables whose columns runs of
spaces keep apart, words the layout hyphenated at a line's end, programme lines with no blank
line between them. Each rule on a text of its own; the corpus's figures in this form are floored
in tests/test_import_pdf_text.py."""

from imports.document import read_document

from .support import imported_text


def blocks(text: str):
    return [(b.kind, b.text) for b in read_document(text.encode(), "notes.txt").blocks]


def rows(text: str):
    return [
        b.cells for b in read_document(text.encode(), "notes.txt").blocks if b.kind == "table_row"
    ]


PROGRAMME = (
    "Fenwick Justice Forum\n"
    "Seminar Two: Local Courts\n\n"
    "Programme\n"
    "Time          Session              Speaker\n"
    "09.30         Opening of the       Dr Ruth Amos, Dir-\n"
    "              day                  ector, Fenwick\n"
    "                                   Trust\n"
    "10.15         Courts and local     Joe Penn, Magis-\n"
    "              justice: a panel     trate; Ann Low,\n"
    "                                   Clerk\n"
    "\n"
    "What we heard\n"
    "Magistrates said that local hearings save witnesses a day of travel, and that the\n"
    "court's own director was in favour of keeping them.\n"
)


def test_a_table_laid_out_by_spaces_is_read_as_rows_with_their_wrapped_cells():
    assert rows(PROGRAMME) == [
        ["Time", "Session", "Speaker"],
        ["09.30", "Opening of the day", "Dr Ruth Amos, Director, Fenwick Trust"],
        ["10.15", "Courts and local justice: a panel", "Joe Penn, Magistrate; Ann Low, Clerk"],
    ]
    programme = imported_text(PROGRAMME)["sessions"][0]["programme"]
    assert [(row["time"], row["title"]) for row in programme] == [
        ("09.30", "Opening of the day"),
        ("10.15", "Courts and local justice: a panel"),
    ]
    assert [s["name"] for s in programme[1]["speakers"]] == ["Joe Penn", "Ann Low"]


def test_a_new_row_starts_where_every_cell_starts_with_a_capital():
    actions = (
        "Action               Owner          Due\n"
        "Send the draft       Secretariat    30 June\n"
        "checklist to mem-\n"
        "bers\n"
        "Ask the council      Chair          July\n"
        "to publish the\n"
        "Housing Register\n"
        "monthly\n"
    )
    assert rows(actions) == [
        ["Action", "Owner", "Due"],
        ["Send the draft checklist to members", "Secretariat", "30 June"],
        # "to publish the" leaves the first cell going on: "Housing Register" continues it.
        ["Ask the council to publish the Housing Register monthly", "Chair", "July"],
    ]


def test_a_line_spaced_out_on_its_own_is_not_a_table():
    text = (
        "Wednesday 14th August      2024,   Burnside   Learning\n"
        "Centre, Rutherglen\n\n"
        "The set met for the third time and agreed that diversion works.\n"
    )
    read = blocks(text)
    assert not [kind for kind, _ in read if kind == "table_row"]
    assert any("Wednesday 14th August 2024, Burnside Learning" in t for _, t in read)


def test_a_list_whose_bullets_stand_apart_is_not_a_table():
    text = (
        "The delegates' views, in brief, follow; a fuller note is with the chair.\n\n"
        "Key messages\n"
        "\uf0b7   Delegates agreed that evaluation must be planned\n"
        "    before a service starts, not after it ends.\n"
        "\uf0b7   Small charities struggle to produce the evidence that\n"
        "    commissioners ask for.\n"
    )
    read = blocks(text)
    assert (
        "bullet",
        "Small charities struggle to produce the evidence that commissioners ask for.",
    ) in read
    assert not [kind for kind, _ in read if kind == "table_row"]


RISKS = (
    "Risks and how they might be managed\n"
    "Risk                        Mitigation\n"
    "If the bail support con-    Extend the current con-\n"
    "tract lapses in March,      tract by six months while\n"
    "\n"
    "Page 1 of 2\n"
    "\fthere will be no weekend    the new service is pro-\n"
    "cover at all.               cured.\n"
    "Children placed here by     Agree a protocol with the\n"
    "other authorities fall      placing authorities.\n"
    "between two teams.\n"
    "\n"
    "Page 2 of 2\n\f"
)


def test_a_row_the_page_break_cut_is_one_row():
    assert rows(RISKS) == [
        ["Risk", "Mitigation"],
        [
            "If the bail support contract lapses in March, there will be no weekend cover at all.",
            "Extend the current contract by six months while the new service is procured.",
        ],
        [
            "Children placed here by other authorities fall between two teams.",
            "Agree a protocol with the placing authorities.",
        ],
    ]


def test_a_last_row_alone_on_the_next_page_is_the_table_s():
    text = (
        "Programme\n"
        "10.00            Welcome and        Fiona\n"
        "                 purpose            Drummond\n"
        "11.30            Sentences that     Sheriff Alan\n"
        "                 work               Munro\n"
        "\n"
        "Page 1 of 2\n"
        "\f13.30              Planning for       Callum Rennie\n"
        "                   next year\n"
        "\n"
        "Where we are\n"
        "Criminal justice social work took 148 referrals from the fiscal in the year.\n"
        "\n"
        "Page 2 of 2\n\f"
    )
    assert rows(text)[-1] == ["13.30", "Planning for next year", "Callum Rennie"]


def test_a_word_the_layout_hyphenated_is_mended_and_a_hyphenated_word_kept():
    text = (
        "Justice Futures Seminar Series\n"
        "Seminar Four: Markets and Mutuals\n\n"
        "Several participants described lower sickness absence once staff owned the organisa-\n"
        "tion. The fourth seminar asked whether staff-\n"
        "owned mutuals can take on probation work, and what a short-\n"
        "term contract does to a new organisation's staff.\n"
    )
    [paragraph] = [text for kind, text in blocks(text) if kind == "paragraph"]
    assert "once staff owned the organisation. The fourth" in paragraph
    # "staff" and "owned" are words of the text: the writer's hyphen.
    assert "whether staff-owned mutuals" in paragraph
    # "short" and "term" are not: the layout's, as far as the text can tell.
    assert "a shortterm contract" in paragraph


def test_a_hyphen_the_layout_set_after_a_space_is_mended():
    text = (
        "Justice Futures Seminar Series\n"
        "Seminar Four: Markets, Mutuals and the Proba -\n"
        "tion Service\n"
        "Thursday 24th November 2011\n\n"
        "The seminar asked whether mutuals can take on probation work.\n"
    )
    titles = [t for kind, t in blocks(text) if kind == "title"]
    assert "Seminar Four: Markets, Mutuals and the Probation Service" in titles


def test_lines_led_by_a_time_are_programme_rows_without_blank_lines_between():
    text = (
        "Youth Diversion Forum\n"
        "Round Table 3: Diversion and Schools\n\n"
        "Agenda\n"
        "14.00 Welcome – Grace Holt, Chair, Eastern Youth\n"
        "Justice Partnership\n"
        "14.10 Exclusions and offending – Dr Sam Ward, Re-\n"
        "searcher, Anglia Education Trust\n"
        "15.00 Round-table discussion\n\n"
        "Discussion\n"
        "Members agreed that a permanent exclusion is often the point at which a child\n"
        "first meets the youth justice system.\n"
    )
    programme = imported_text(text)["sessions"][0]["programme"]
    assert [(row["time"], row["title"]) for row in programme] == [
        ("14.00", "Welcome"),
        ("14.10", "Exclusions and offending"),
        ("15.00", "Round-table discussion"),
    ]
    assert programme[1]["speakers"][0]["role"] == "Researcher"


def test_a_table_straight_under_the_title_block_is_not_the_title_block_s():
    text = (
        "Fenwick Justice Forum\n"
        "Seminar Two: Local Courts\n"
        "Time          Session              Speaker\n"
        "09.30         Opening of the day   Dr Ruth Amos\n"
        "10.15         Local justice        Joe Penn\n"
        "\n"
        "Magistrates said that local hearings save witnesses a day of travel.\n"
    )
    read = blocks(text)
    assert [t for kind, t in read if kind == "title"] == [
        "Fenwick Justice Forum",
        "Seminar Two: Local Courts",
    ]
    assert len(rows(text)) == 3


def test_a_heading_over_a_list_whose_bullets_stand_apart_is_a_heading():
    text = (
        "Clydeside Learning Sets\n"
        "Learning Set 3: Diversion\n\n"
        "Where we are\n"
        "Criminal justice social work took 148 diversion referrals from the fiscal in the\n"
        "year to March, up from 96 the year before.\n"
        "Asks of partners\n"
        "\uf0b7   Partners are asked to agree a single referral form for diversion, shared by\n"
        "    the fiscal, the police and justice social work.\n"
        "\uf0b7   The partnership ought to guarantee a named worker within five working days.\n"
    )
    assert ("heading", "Asks of partners") in blocks(text)


def test_a_title_large_type_wrapped_is_whole_where_the_running_header_says_it():
    text = (
        "Justice Futures Seminar Series\n\n"
        "Justice Futures Seminar\n"
        "Series\n"
        "Seminar Four: Markets and Mutuals\n"
        "Thursday 24th November 2011\n\n"
        "The fourth seminar in the series asked whether mutuals can take on probation work.\n\n"
        "Page 1 of 2\n"
        "\fJustice Futures Seminar Series\n"
        "Speakers agreed that a mutual gives staff a stake in the service they deliver.\n\n"
        "Page 2 of 2\n\f"
    )
    titles = [t for kind, t in blocks(text) if kind == "title"]
    assert titles[0] == "Justice Futures Seminar Series"
    assert imported_text(text)["frame"]["series"] == "Justice Futures Seminar Series"


def test_a_table_s_cells_read_as_lines_are_not_learning_points():
    # Plain pdftotext reads a table column by column: its cells come as lines of their own.
    text = (
        "Resettlement Providers Network\n"
        "Meeting of 12 September 2013\n\n"
        "Housing on release\n\n"
        "Members agreed that a release on a Friday leaves people with nowhere to go.\n\n"
        "Owner\n\n"
        "Employment subgroup\n\n"
        "October 2013\n\n"
        "The council's officers said the register would be published daily from the autumn.\n"
    )
    findings = [
        r["text"] for r in imported_text(text)["sessions"][0]["records"] if r["kind"] == "finding"
    ]
    assert findings == [
        "Members agreed that a release on a Friday leaves people with nowhere to go.",
        "The council's officers said the register would be published daily from the autumn.",
    ]
