"""Reading an uploaded report into blocks of text: the one place that knows file formats.

``read_document(data, filename)`` checks what the bytes are (never trusting the name), refuses
what cannot be read with a message a facilitator understands (``ImportRefused``), and returns a
``Document``: headings, paragraphs, list items, table rows and figures, in reading order. Word
files go through mammoth (its HTML keeps headings, lists and tables), PDFs through pypdf, text
and Markdown are read as they are; text without structure (a PDF's lines, a pasted report) is
put back into paragraphs by ``blocks_from_lines``.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field

from .lines import Block, blocks_from_lines
from .pasted import run_in_headings, text_lines
from .pdf import read_pdf
from .refusals import ImportRefused
from .text_layout import text_structure
from .word import read_docx

MAX_BYTES = 10 * 1024 * 1024
# Paragraphs, list items, rows and pictures: a long report has a few hundred.
MAX_BLOCKS = 3000
# Characters in one paragraph: more is text whose paragraphs could not be found (and splitting
# it into sentences would hold the worker for minutes).
MAX_BLOCK_CHARS = 20_000

FORMATS = {"docx": "Word", "pdf": "PDF", "txt": "text", "md": "Markdown"}


@dataclass
class Document:
    format: str
    blocks: list[Block]
    # What the facilitator should know about how it was read ("read as Windows-1252").
    notes: list[str] = field(default_factory=list)


def detect_format(data: bytes, filename: str) -> str:
    """What the bytes are, checked against what the name says."""
    named = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if named not in FORMATS:
        raise ImportRefused(
            f"“{filename}” is not a file this can import: upload a Word (.docx), PDF (.pdf), "
            "text (.txt) or Markdown (.md) file."
        )
    if data.startswith(b"%PDF-"):
        actual = "pdf"
    elif data.startswith(b"PK\x03\x04"):
        actual = _zipped_kind(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(
            "This is an old Word (.doc) file. Open it in Word and save it as .docx, then upload "
            "that."
        )
    elif text_encoding(data):
        actual = named if named in ("txt", "md") else "text"
    else:
        actual = "binary"
    if actual != named and not (actual in ("txt", "md") and named in ("txt", "md")):
        raise ImportRefused(
            f"“{filename}” is named .{named} but its content is "
            f"{WHAT.get(actual, 'not a document this can read')}. "
            + ADVICE.get(actual, "Upload the document in the format its name says.")
        )
    return actual


WHAT = {
    "pdf": "a PDF",
    "docx": "a Word file",
    "zip": "a zip archive",
    "text": "plain text",
    "odt": "an OpenDocument text file (.odt, from LibreOffice or OpenOffice)",
    "spreadsheet": "a spreadsheet (Excel .xlsx or OpenDocument .ods), not a report",
    "presentation": "a presentation (PowerPoint .pptx or OpenDocument .odp), not a report",
}
ADVICE = {
    "odt": "Open it in LibreOffice Writer and save it as Word (.docx), or export it as PDF, "
    "then upload that.",
    "spreadsheet": "Upload the report itself as Word, PDF or text.",
    "presentation": "Upload the report itself as Word, PDF or text.",
}
# What a zip archive is, by a part only that kind holds.
ZIPPED_KINDS = [
    ("word/document.xml", "docx"),
    ("xl/workbook.xml", "spreadsheet"),
    ("ppt/presentation.xml", "presentation"),
]
OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "spreadsheet",
    b"application/vnd.oasis.opendocument.presentation": "presentation",
}


def _zipped_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
                return OPENDOCUMENT.get(archive.read("mimetype").strip(), "zip")
    except zipfile.BadZipFile:
        return "zip"
    return next((kind for part, kind in ZIPPED_KINDS if part in names), "zip")


# Control characters other than tab, newlines and form feed: not text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def text_encoding(data: bytes) -> str:
    """UTF-8 (with or without its mark), else Windows-1252 (what Notepad and older Word save as
    "ANSI") when that reads as text; "" when it is not text."""
    if b"\x00" in data[:65536]:
        return ""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return "" if CONTROL.search(text[:65536]) else encoding
    return ""


def decoded(data: bytes, notes: list[str]) -> str:
    encoding = text_encoding(data)
    if encoding == "cp1252":
        notes.append(
            "The text file is not in UTF-8: it was read as Windows-1252 (“ANSI”). Check its "
            "quotation marks, dashes and accented letters; to avoid this, save it as UTF-8."
        )
    return data.decode(encoding or "utf-8-sig", errors="replace")


def read_document(data: bytes, filename: str) -> Document:
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            f"The file is {len(data) / 1024 / 1024:.1f} MB; the largest report that can be "
            f"imported is {MAX_BYTES // 1024 // 1024} MB."
        )
    if not data.strip():
        raise ImportRefused("The file is empty.")
    kind = detect_format(data, filename)
    notes: list[str] = []
    if kind in ("txt", "md"):
        text = decoded(data, notes)
        blocks = read_text(text) if kind == "txt" else read_markdown(text)
    else:
        blocks = read_pdf(data) if kind == "pdf" else read_docx(data)
    if not any(block.text.strip() for block in blocks if block.kind != "figure"):
        raise ImportRefused("The document has no text in it: there is nothing to import.")
    longest = max(len(block.text) for block in blocks)
    if longest > MAX_BLOCK_CHARS:
        raise ImportRefused(
            f"The document has a paragraph of {longest:,} characters (a report's longest is "
            f"far under {MAX_BLOCK_CHARS:,}): its lines could not be told apart as paragraphs. "
            "Put a blank line between paragraphs, or upload the Word file."
        )
    if len(blocks) > MAX_BLOCKS:
        raise ImportRefused(
            f"The document has {len(blocks):,} paragraphs; a report that can be imported has at "
            f"most {MAX_BLOCKS:,}. Upload the report on its own, or split it into its events."
        )
    return Document(format=kind, blocks=blocks, notes=notes)


# Text and Markdown ------------------------------------------------------------------------------


def read_text(text: str | bytes) -> list[Block]:
    if isinstance(text, bytes):
        text = decoded(text, [])
    # Text that came out of a PDF: its pages' running lines and numbers left out, and its
    # headings with no blank line under them found.
    lines = text_lines(text)
    run_in = run_in_headings(lines)
    lines, headings, fixed = text_structure(lines)
    headings = {i: level for i, level in run_in.items() if i not in fixed} | headings
    # Text copied out of a PDF keeps a bullet only as the one space it was followed by.
    return blocks_from_lines(lines, headings=headings, space_bullets=True, fixed=fixed)


def read_markdown(text: str) -> list[Block]:
    """Markdown: ``#`` headings keep their level; a pipe table's rows are table rows."""
    blocks: list[Block] = []
    lines: list[str] = []
    headings: dict[int, int] = {}

    def flush():
        blocks.extend(blocks_from_lines(lines, headings=dict(headings)))
        lines.clear()
        headings.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            flush()
            cells = [" ".join(cell.split()) for cell in stripped[1:-1].split("|")]
            if not all(re.fullmatch(r":?-{3,}:?", cell) for cell in cells):
                blocks.append(Block("table_row", " ".join(cells), cells=cells))
            continue
        match = re.match(r"^(#{1,6})\s+(.*)$", line)
        if match:
            headings[len(lines)] = len(match.group(1))
            lines.append(match.group(2).strip())
        else:
            lines.append(line)
    flush()
    return blocks
