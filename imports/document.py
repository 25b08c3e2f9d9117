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
from dataclasses import dataclass
from html.parser import HTMLParser

import mammoth
import pypdf
from pypdf.errors import PdfReadError

from .lines import FIGURE_CAPTION_LINE, Block, blocks_from_lines

MAX_BYTES = 10 * 1024 * 1024
# A Word file unpacks to at most this much, and no member more than this many times its size.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_RATIO = 100

# A gap of more than this many font heights between two lines of a PDF is a blank line (pypdf's
# default, 1, misses a paragraph's spacing when it rounds down: "1.98 lines" is no blank line).
PDF_LINE_WEIGHT = 0.8

FORMATS = {"docx": "Word", "pdf": "PDF", "txt": "text", "md": "Markdown"}


class ImportRefused(Exception):
    """The file cannot be imported; the message says why, for the facilitator."""


@dataclass
class Document:
    format: str
    blocks: list[Block]


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
        actual = "docx" if _is_word(data) else "zip"
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(
            "This is an old Word (.doc) file. Open it in Word and save it as .docx, then upload "
            "that."
        )
    elif _is_text(data):
        actual = named if named in ("txt", "md") else "text"
    else:
        actual = "binary"
    if actual != named and not (actual in ("txt", "md") and named in ("txt", "md")):
        what = {"pdf": "a PDF", "docx": "a Word file", "zip": "a zip archive", "text": "plain text"}
        raise ImportRefused(
            f"“{filename}” is named .{named} but its content is "
            f"{what.get(actual, 'not a document this can read')}. Upload the document in the "
            "format its name says."
        )
    return actual


def _is_word(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _is_text(data: bytes) -> bool:
    if b"\x00" in data[:65536]:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def read_document(data: bytes, filename: str) -> Document:
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            f"The file is {len(data) / 1024 / 1024:.1f} MB; the largest report that can be "
            f"imported is {MAX_BYTES // 1024 // 1024} MB."
        )
    if not data.strip():
        raise ImportRefused("The file is empty.")
    kind = detect_format(data, filename)
    blocks = {"pdf": read_pdf, "docx": read_docx, "txt": read_text, "md": read_markdown}[kind](data)
    if not any(block.text.strip() for block in blocks if block.kind != "figure"):
        raise ImportRefused("The document has no text in it: there is nothing to import.")
    return Document(format=kind, blocks=blocks)


# Text and Markdown ------------------------------------------------------------------------------


def read_text(data: bytes) -> list[Block]:
    # Text copied out of a PDF keeps a bullet only as the one space it was followed by.
    return blocks_from_lines(data.decode("utf-8-sig").splitlines(), space_bullets=True)


def read_markdown(data: bytes) -> list[Block]:
    """Markdown: ``#`` headings keep their level; a pipe table's rows are table rows."""
    blocks: list[Block] = []
    lines: list[str] = []
    headings: dict[int, int] = {}

    def flush():
        blocks.extend(blocks_from_lines(lines, headings=dict(headings)))
        lines.clear()
        headings.clear()

    for line in data.decode("utf-8-sig").splitlines():
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


# PDF --------------------------------------------------------------------------------------------


def read_pdf(data: bytes) -> list[Block]:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ImportRefused(
                "The PDF is encrypted (password-protected). Save an unprotected copy and upload "
                "that."
            )
        # Layout mode keeps the blank line between paragraphs; plain mode keeps the space where
        # a table cell's text wraps, which layout mode loses ("sharing ofexperiences").
        pages = [
            _restore_spaces(
                page.extract_text(
                    extraction_mode="layout", layout_mode_font_height_weight=PDF_LINE_WEIGHT
                )
                or "",
                page.extract_text() or "",
            )
            for page in reader.pages
        ]
    except ImportRefused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise ImportRefused(f"The PDF could not be read ({error}).") from None
    if not pages:
        raise ImportRefused("The PDF has no pages.")
    if sum(len(page.strip()) for page in pages) < 20:
        raise ImportRefused(
            "The PDF has no text layer: it looks like a scan or pictures of pages. Upload the "
            "original Word file, or a PDF made from it, instead."
        )
    lines: list[str] = []
    pictures: dict[str, bytes] = {}
    seen: set[bytes] = set()
    for page_text, page in zip(pages, reader.pages, strict=True):
        lines.extend(_place_pictures(page_text.splitlines(), _pictures(page, seen), pictures))
        lines.append("")
    return blocks_from_lines(lines, pictures=pictures)


PICTURE_MARK = "\ue000picture "
# What pypdf and Pillow raise on an image they cannot decode.
PICTURE_ERRORS = (PdfReadError, OSError, ValueError, KeyError, TypeError, NotImplementedError)
MIN_PICTURE_SIDE = 16  # smaller images are bullets, rules and the like


def _pictures(page, seen: set[bytes]) -> list[bytes]:
    """The page's pictures as PNG, each once in the document (a logo on every page is one)."""
    found = []
    try:
        images = list(page.images)
    except PICTURE_ERRORS:  # the page's text still counts
        return found
    for image in images:
        try:
            picture = image.image
            if picture is None or min(picture.size) < MIN_PICTURE_SIDE:
                continue
            out = io.BytesIO()
            picture.save(out, format="PNG")
        except PICTURE_ERRORS:  # an unreadable picture is left out, not the report
            continue
        if image.data not in seen:
            seen.add(image.data)
            found.append(out.getvalue())
    return found


def _place_pictures(lines: list[str], found: list[bytes], pictures: dict[str, bytes]):
    """Mark where each picture of a page goes: before its caption ("Figure 1: …"), in order,
    or at the end of the page when it has none."""
    captions = [i for i, line in enumerate(lines) if FIGURE_CAPTION_LINE.match(line)]
    placed: dict[int, list[str]] = {}
    for n, picture in enumerate(found):
        mark = f"{PICTURE_MARK}{len(pictures)}"
        pictures[mark] = picture
        placed.setdefault(captions[n] if n < len(captions) else len(lines), []).append(mark)
    out = []
    for i, line in enumerate([*lines, ""]):
        for mark in placed.get(i, []):
            out.extend(["", mark, ""])
        if i < len(lines):
            out.append(line)
    return out


def _restore_spaces(layout: str, plain: str) -> str:
    """Put back the space layout mode drops between two words of a wrapped table cell: a token
    that plain mode reads as two neighbouring words (and never as one) is split."""
    words = plain.split()
    joined = {a + b: f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
    known = set(words)

    def repair(match):
        token = match.group(0)
        return joined[token] if token in joined and token not in known else token

    return re.sub(r"\S+", repair, layout)


# Word -------------------------------------------------------------------------------------------


def check_zip(data: bytes) -> None:
    """Refuse a Word file that would unpack to far more than it is (a zip bomb), before any
    library inflates it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = 0
            for info in archive.infolist():
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if total > MAX_UNPACKED_BYTES or (info.file_size > 1_000_000 and ratio > MAX_RATIO):
                    raise ImportRefused(
                        "The Word file unpacks to far more than its size (a “zip bomb”): it "
                        "has not been opened. Save the report again from Word and upload that."
                    )
    except zipfile.BadZipFile:
        raise ImportRefused("The Word file is damaged and could not be opened.") from None


def read_docx(data: bytes) -> list[Block]:
    check_zip(data)
    images: list[tuple[bytes, str]] = []

    def keep_image(image):
        with image.open() as stream:
            images.append((stream.read(), image.content_type))
        return {"src": f"image:{len(images) - 1}"}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), convert_image=mammoth.images.img_element(keep_image)
        )
    except Exception as error:  # mammoth raises many kinds on a damaged file
        raise ImportRefused(f"The Word file could not be read ({error}).") from None
    parser = _HtmlBlocks(images)
    parser.feed(result.value)
    return parser.blocks


class _HtmlBlocks(HTMLParser):
    """mammoth's HTML to blocks: h1–h6, p, li (ul: bullet, ol: numbered), tr, img."""

    def __init__(self, images):
        super().__init__(convert_charrefs=True)
        self.images = images
        self.blocks: list[Block] = []
        self.lists: list[str] = []
        self.current: Block | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self._close()
            self.lists.append(tag)
        elif re.fullmatch(r"h[1-6]", tag):
            self._close()
            self.current = Block("heading", level=int(tag[1]))
        elif tag == "li":
            self._close()
            kind = "numbered" if self.lists and self.lists[-1] == "ol" else "bullet"
            self.current = Block(kind, level=len(self.lists))
        elif tag == "p" and self.cell is None:
            self._close()
            self.current = Block("paragraph")
        elif tag == "tr":
            self._close()
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag == "br" and self.current is not None:
            self.current.text += " "
        elif tag == "img":
            src = dict(attrs).get("src", "")
            if src.startswith("image:"):
                content, content_type = self.images[int(src[6:])]
                self.blocks.append(Block("figure", image=content, content_type=content_type))

    def handle_endtag(self, tag):
        if tag in ("ul", "ol"):
            self._close()
            if self.lists:
                self.lists.pop()
        elif tag in ("p", "li") or re.fullmatch(r"h[1-6]", tag):
            self._close()
        elif tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if any(self.row):
                self.blocks.append(Block("table_row", " ".join(self.row), cells=self.row))
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        elif self.current is not None:
            self.current.text += data

    def _close(self):
        if self.current is not None:
            self.current.text = " ".join(self.current.text.split())
            if self.current.text:
                if self.current.kind == "paragraph":
                    self.blocks.extend(blocks_from_lines([self.current.text]))
                else:
                    self.blocks.append(self.current)
            self.current = None
