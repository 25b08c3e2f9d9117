"""A corpus of reports the team wrote itself (issue 24), to import as text, Word and PDF.

Each report is a module of this package: ``PARTS`` (its content as a list of parts: title-block
lines, headings, paragraphs, lists, tables), ``LAYOUT`` (how its text and Word forms set
headings) and ``EXPECTED`` (what an import should find: events, frame fields, programme rows,
records by kind as sentences they must hold). The builders here turn the parts into text and
into Word (python-docx, with a running header, page numbers and hyphenation on); the PDFs are
made once from the Word files by LibreOffice and kept in ``tests/data/imports/``:

    .venv/bin/python -m tests.import_corpus      # write the .docx and .pdf files again

Every word of the content is invented for these tests: no real group, person or report.
"""

import importlib
import io
import shutil
import subprocess
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

NAMES = [
    "seminar_four",
    "seminar_two",
    "workshop_notes",
    "minutes",
    "recommendations_at_end",
    "two_round_tables",
    "round_table_three",
    "conference",
    "briefing",
    "learning_group_session",
]
# Written after the rules (issue 24's "reports nobody on the team has seen", as near as the team
# can come): measured apart, so a rule that only fits the first ten shows here.
HELD_OUT = [
    "practitioner_forum",
    "steering_note",
    "peer_review",
    "court_users_panel",
    "hostel_review",
    # Written by a session that had not read the cues, measured before any rule was changed
    # (issue 24's five known misses), then the rules fixed for their general causes.
    "womens_centre_review",
    "site_visit_four",
    "roundtable_hall",
    # Written for the third round and measured before any rule was changed (by a session that
    # had read the rules' documentation, so less unseen than the three above).
    "practice_exchange",
    "two_visits",
    # Written for the fourth round by a session that had read neither the rules nor their
    # documentation nor the other reports, and measured before any rule was changed.
    "remand_workshop",
    "breakout_summary",
    "restorative_seminar",
    "liaison_notes",
]
# Written for the fifth round by a session that had read neither the rules, nor their
# documentation, nor the other reports (but one, for its format), and measured before any rule
# was changed: a webinar with numbered paragraphs, a Scottish board paper, a round table in
# continuous prose, a policy note of challenges and next steps, two clinics written up together.
ROUND_FIVE = [
    "webinar_notes",
    "board_paper",
    "round_table_eleven",
    "policy_note",
    "two_clinics",
]
# Written for the sixth round by a session that had read neither the rules, nor their
# documentation, nor the other reports (but one, for its format), and measured before any rule
# was changed: a Northern Irish panel note with a one-line title block and a risk table, a
# workshop in the first person plural, a forum day along its agenda, a newsletter, a Scottish
# learning set.
ROUND_SIX = [
    "panel_note",
    "we_heard",
    "forum_agenda",
    "newsletter",
    "learning_set",
]
# Written for the seventh round by a session that had read neither the rules, nor their
# documentation, nor the other reports (but one, for its format), and measured before any rule
# was changed: a county board's deep dive with a red-amber-green risk table and "R1" to "R6", a
# charity's event write-up with sidebars and a season for a date, a probation region's forum
# minutes with "Agreed:" and "Action:" lines, a university seminar numbered in Roman numerals
# with parallel sessions, two workshops in different cities written up together.
ROUND_SEVEN = [
    "deep_dive_two",
    "frontline_lessons",
    "practice_forum_minutes",
    "knowledge_exchange",
    "two_workshops",
]
PDF_DIR = Path(__file__).resolve().parent.parent / "data" / "imports"


@dataclass
class Part:
    kind: str  # title, heading, paragraph, bullets, numbered, table
    text: str = ""
    level: int = 1
    items: list | None = None  # list items, or table rows (lists of cells)


def title(text):
    return Part("title", text)


def heading(text, level=1):
    return Part("heading", text, level=level)


def para(text):
    return Part("paragraph", " ".join(text.split()))


def bullets(*items):
    return Part("bullets", items=[" ".join(i.split()) for i in items])


def numbered(*items):
    return Part("numbered", items=[" ".join(i.split()) for i in items])


def table(*rows):
    return Part("table", items=[list(row) for row in rows])


def report(name):
    return importlib.import_module(f"{__name__}.{name}")


# Text -------------------------------------------------------------------------------------------


def _text_heading(part, layout, counters):
    """A heading as the layout writes it in text: as it is, numbered, or underlined."""
    style = layout.get("text_headings", "plain")
    if style == "numbered":
        counters[part.level - 1] += 1
        del counters[part.level :]
        counters.extend([0] * (3 - len(counters)))
        number = ".".join(str(n) for n in counters[: part.level])
        return [f"{number}{'.' if part.level == 1 else ''} {part.text}"]
    if style == "underlined":
        return [part.text, ("=" if part.level == 1 else "-") * len(part.text)]
    return [part.text]


def to_text(module) -> bytes:
    layout = getattr(module, "LAYOUT", {})
    wrap = layout.get("wrap", 0)
    counters = [0, 0, 0]
    out: list[str] = []

    def lines(text, first="", rest=""):
        if not wrap:
            return [first + text]
        return textwrap.wrap(text, wrap, initial_indent=first, subsequent_indent=rest)

    for part in module.PARTS:
        if part.kind == "title":
            out += [part.text]
            continue
        out.append("")
        if part.kind == "heading":
            out += _text_heading(part, layout, counters)
        elif part.kind == "paragraph":
            out += lines(part.text)
        elif part.kind == "bullets":
            for item in part.items:
                out += lines(item, layout.get("bullet", "• "), "  ")
        elif part.kind == "numbered":
            for n, item in enumerate(part.items, start=1):
                out += lines(item, f"{n}. ", "   ")
        elif part.kind == "table":
            out += ["\t".join(row) for row in part.items]
        out.append("")
    return ("\n".join(out).strip() + "\n").encode()


# Word -------------------------------------------------------------------------------------------


def to_docx(module) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    layout = getattr(module, "LAYOUT", {})
    document = docx.Document()
    _running_header_and_page_numbers(document, layout.get("running_header", ""))
    _hyphenation_on(document)
    first_title = True
    for part in module.PARTS:
        if part.kind == "title":
            paragraph = document.add_paragraph(
                part.text, style="Title" if first_title else "Subtitle"
            )
            first_title = False
        elif part.kind == "heading":
            if layout.get("word_headings") == "bold":
                paragraph = document.add_paragraph()
                paragraph.add_run(part.text).bold = True
            else:
                document.add_heading(part.text, level=part.level)
        elif part.kind == "paragraph":
            paragraph = document.add_paragraph(part.text)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif part.kind in ("bullets", "numbered"):
            style = "List Bullet" if part.kind == "bullets" else "List Number"
            for item in part.items:
                document.add_paragraph(item, style=style).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif part.kind == "table":
            rows = part.items
            grid = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            if layout.get("table_lines", True):  # else Word's plain table: no ruling lines
                grid.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    grid.cell(r, c).text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _field(run, instruction):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _running_header_and_page_numbers(document, header):
    from docx.shared import Cm

    section = document.sections[0]
    # A5, so that most reports run over several pages (running headers, page numbers).
    section.page_width, section.page_height = Cm(14.8), Cm(21.0)
    section.left_margin = section.right_margin = Cm(1.8)
    if header:
        section.header.paragraphs[0].text = header
    footer = section.footer.paragraphs[0]
    footer.add_run("Page ")
    _field(footer.add_run(), "PAGE")
    footer.add_run(" of ")
    _field(footer.add_run(), "NUMPAGES")


def _hyphenation_on(document):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = document.settings.element
    element = OxmlElement("w:autoHyphenation")
    element.set(qn("w:val"), "true")
    settings.append(element)
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        run_properties = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if run_properties is not None:
            language = OxmlElement("w:lang")
            language.set(qn("w:val"), "en-GB")
            run_properties.append(language)


# PDF (made once, by LibreOffice) ---------------------------------------------------------------


def pdf_path(name) -> Path:
    return PDF_DIR / f"{name}.pdf"


def make_pdfs(names=(*NAMES, *HELD_OUT, *ROUND_FIVE, *ROUND_SIX, *ROUND_SEVEN)):
    PDF_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            source = Path(folder) / f"{name}.docx"
            source.write_bytes(to_docx(report(name)))
            subprocess.run(  # noqa: S603 (our own file names)
                [
                    shutil.which("soffice") or "soffice",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(PDF_DIR),
                    source,
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )


def versions(name) -> dict[str, bytes]:
    """The report as text, Word and PDF (the PDF from tests/data/imports/)."""
    module = report(name)
    return {
        "txt": to_text(module),
        "docx": to_docx(module),
        "pdf": pdf_path(name).read_bytes(),
    }
