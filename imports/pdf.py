"""Reading a PDF into blocks, within limits: pages, time, and what its streams and pictures may
unpack to (a hostile file must not hold the worker or its memory)."""

import io
import re
import time

import pypdf
from PIL import Image
from pypdf.errors import DependencyError, LimitReachedError, PdfReadError

from .lines import FIGURE_CAPTION_LINE, SOFT_HYPHEN, Block, blocks_from_lines
from .pdf_tables import TableRows, open_tables, page_tables
from .refusals import ImportRefused

# A gap of more than this many font heights between two lines of a PDF is a blank line (pypdf's
# default, 1, misses a paragraph's spacing when it rounds down: "1.98 lines" is no blank line).
PDF_LINE_WEIGHT = 0.8


MAX_PAGES = 300  # a report, not a book: more is refused before any page is read
READ_SECONDS = 60  # reading a PDF stops after this long (checked between pages)
# What one stream or picture may unpack to (pypdf's limits, set low for a report of 10 MB).
MAX_INFLATED_BYTES = 40 * 1024 * 1024
PDF_LIMITS = dict.fromkeys(
    (
        "maximum_declared_stream_length",
        "array_based_stream_maximum_output_length",
        "jbig2_maximum_output_length",
        "lzw_maximum_output_length",
        "run_length_maximum_output_length",
        "zlib_maximum_output_length",
        "brotli_maximum_output_length",
        "image_maximum_buffer_size",
        "stream_decoding_work_maximum_length",
    ),
    MAX_INFLATED_BYTES,
)
# Pillow refuses a picture of more than twice this many pixels (a "decompression bomb"): a
# figure in a report is far smaller. Set for the process: figures uploaded in the admin are
# held to a lower limit of their own (sessions.admin_forms.MAX_FIGURE_PIXELS).
Image.MAX_IMAGE_PIXELS = 40_000_000
INFLATED = (LimitReachedError, Image.DecompressionBombError)


def read_pdf(data: bytes, clock=time.monotonic) -> list[Block]:
    deadline = clock() + READ_SECONDS
    with pypdf.apply_configuration(**PDF_LIMITS):
        try:
            reader = _open(data)
            lines, rows = _lines(
                reader, data, lambda n: _in_time(clock, deadline, n, len(reader.pages))
            )
        except ImportRefused:
            raise
        except INFLATED:
            raise ImportRefused(
                "The PDF holds a stream or picture that unpacks to more than "
                f"{MAX_INFLATED_BYTES // 1024 // 1024} MB (a “decompression bomb”), so it has not "
                "been read. Export the report again as PDF from Word or LibreOffice (“reduce "
                "image resolution”), or upload the Word file."
            ) from None
        except (PdfReadError, ValueError, KeyError, TypeError) as error:
            raise ImportRefused(f"The PDF could not be read ({error}).") from None
    pictures = {line: picture for line, picture, _style in lines if picture is not None}
    texts, headings, fixed = styled_lines([(line, style) for line, _picture, style in lines])
    fixed.update({i: rows[line] for i, line in enumerate(texts) if line in rows})
    return blocks_from_lines(texts, headings=headings, pictures=pictures, fixed=fixed)


def _open(data: bytes) -> pypdf.PdfReader:
    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        _decrypt(reader)
    if not reader.pages:
        raise ImportRefused("The PDF has no pages.")
    if len(reader.pages) > MAX_PAGES:
        raise ImportRefused(
            f"The PDF has {len(reader.pages):,} pages; a report that can be imported has at most "
            f"{MAX_PAGES}. Upload the report on its own (split the file, or export only its pages)."
        )
    return reader


def _decrypt(reader: pypdf.PdfReader) -> None:
    """A PDF encrypted with no password to open it (only to edit) is read; one that needs a
    password is refused."""
    try:
        opened = reader.decrypt("")
    except (DependencyError, NotImplementedError, PdfReadError):
        opened = 0
    if not opened:
        raise ImportRefused(
            "The PDF is encrypted and needs a password to open (it is password-protected). Save "
            "an unprotected copy (in Acrobat: File › Properties › Security › No Security) and "
            "upload that."
        )


def _in_time(clock, deadline, done, total) -> None:
    if clock() > deadline:
        raise ImportRefused(
            f"Reading the PDF took longer than {READ_SECONDS} seconds ({done} of {total} pages "
            "read), so it was stopped. Upload the Word file, or a PDF of the report alone."
        )


def _page_lines(page, runs: list) -> list[str]:
    """The page's lines; ``runs`` collects its pieces of text with their font size and weight."""

    def visit(text, cm, tm, font, size):
        if text.strip():
            name = str((font or {}).get("/BaseFont", "")).lower()
            runs.append(
                (" ".join(text.split()), round(size * (abs(tm[3]) or 1), 1), "bold" in name)
            )

    # Layout mode keeps the blank line between paragraphs; plain mode keeps the space where
    # a table cell's text wraps, which layout mode loses ("sharing ofexperiences").
    plain = page.extract_text(visitor_text=visit) or ""
    layout = page.extract_text(
        extraction_mode="layout", layout_mode_font_height_weight=PDF_LINE_WEIGHT
    )
    return _soft_hyphens(_restore_spaces(layout or "", plain).splitlines(), runs)


def _soft_hyphens(lines: list[str], runs) -> list[str]:
    """A hyphen the layout added to break a word (a run of its own after the word's first
    part) becomes a soft hyphen, which the joiners mend; a word's own hyphen ("staff-" /
    "owned") stays."""
    broken = _broken_words(runs)

    def mark(line):
        match = re.search(r"(\S+)-\s*$", line)
        if match and match[1] in broken:
            return line[: match.start()] + match[1] + SOFT_HYPHEN
        return line

    return [mark(line) for line in lines]


def _broken_words(runs) -> set[str]:
    """The first parts of words the layout broke: a hyphen is a run of its own after them."""
    return {
        runs[n - 1][0].split()[-1]
        for n in range(1, len(runs))
        if runs[n][0] == "-" and runs[n - 1][0].split()
    }


def _lines(reader, data: bytes, check_time):
    """Every page's lines (running headers and footers, page numbers left out), with a mark
    where each picture and each table's row goes and each line's style: "title", a heading's
    level, or None; and the rows' blocks by their marks."""
    pages = []
    runs: list[tuple[str, float, bool]] = []
    for n, page in enumerate(reader.pages):
        check_time(n)
        pages.append(_page_lines(page, runs))
    if sum(len(line.strip()) for page in pages for line in page) < 20:
        raise ImportRefused(
            "The PDF has no text layer: it looks like a scan or pictures of pages. Upload the "
            "original Word file, or a PDF made from it, instead."
        )
    pages = without_running_lines(pages)
    style_of = text_styles(runs)
    lines: list[tuple[str, bytes | None, str | int | None]] = []
    pictures: dict[str, bytes] = {}
    seen: set[bytes] = set()
    rows = TableRows(_broken_words(runs))
    plumber = open_tables(data)
    for n, (page_lines, page) in enumerate(zip(pages, reader.pages, strict=True)):
        check_time(n)
        page_lines = rows.place(page_lines, page_tables(plumber, n))
        for line in _place_pictures(page_lines, _pictures(page, seen), pictures):
            key = " ".join(line.split())
            lines.append((line, pictures.get(line), style_of.get(key.rstrip("-" + SOFT_HYPHEN))))
        lines.append(("", None, None))
    if plumber is not None:
        plumber.close()
    return lines, rows.blocks


# Headings from the fonts ------------------------------------------------------------------------

TITLE_SIZE = 1.8  # times the body's size: a title
HEADING_SIZE = 1.15  # times the body's size: a heading (or bold at the body's size)
HEADING_WORDS = 14


def text_styles(runs: list[tuple[str, float, bool]]) -> dict[str, str | int]:
    """Each heading's or title's text, by its style: "title" for the largest type at the start,
    else a heading level, larger type first (1, 2, 3)."""
    sizes: dict[float, int] = {}
    for text, size, _bold in runs:
        sizes[size] = sizes.get(size, 0) + len(text)
    if not sizes:
        return {}
    body = max(sizes, key=sizes.get)
    styles = sorted(
        {(size, bold) for text, size, bold in runs if _is_heading_run(text, size, bold, body)},
        reverse=True,
    )
    below_title = [style for style in styles if style[0] < TITLE_SIZE * body]
    levels = {style: min(n + 1, 3) for n, style in enumerate(below_title)}
    levels.update({style: 1 for style in styles if style not in levels})
    return _styles_by_text(runs, levels, body)


def _styles_by_text(runs, levels, body) -> dict[str, str | int]:
    found: dict[str, str | int] = {}
    in_title = True  # the title's type, at the start or running on from it (a long title)
    for n, (text, size, bold) in enumerate(runs):
        title = size >= TITLE_SIZE * body and (n < 6 or in_title)
        in_title = title or (in_title and not text.strip())
        if (size, bold) in levels or title:
            found.setdefault(text.rstrip("-"), "title" if title else levels[(size, bold)])
    return found


def _is_heading_run(text, size, bold, body) -> bool:
    if len(text.split()) > HEADING_WORDS or text.strip() == "-":
        return False
    return size >= HEADING_SIZE * body or (bold and size >= body)


def styled_lines(lines: list[tuple[str, str | int | None]]):
    """The lines, with a heading wrapped over two lines kept whole (joined onto its first, a
    word broken by a hyphen mended), the headings' levels and the title's lines, by index."""
    texts = [line for line, _style in lines]
    headings: dict[int, int] = {}
    fixed: dict[int, Block] = {}
    previous = None  # index of the last styled line, while no other line came between
    for i, (line, style) in enumerate(lines):
        if style is None:
            previous = None if line.strip() else previous
            continue
        if previous is not None and lines[previous][1] == style and _continues(texts[previous]):
            texts[previous] = join_wrapped(texts[previous], line.strip())
            texts[i] = ""
        else:
            previous = i
        _mark(texts, previous, style, headings, fixed)
    return texts, headings, fixed


def _continues(first: str) -> bool:
    """A heading's first line that does not end it: no closing stop, or a broken word."""
    return not re.search(r"[.?!]$", first.strip())


def _mark(texts, i, style, headings, fixed) -> None:
    if style == "title":
        fixed[i] = Block("title", " ".join(texts[i].split()))
    else:
        headings[i] = style


def join_wrapped(first: str, second: str) -> str:
    """Two lines of one paragraph or heading: a word broken by a hyphen at the line's end is
    mended ("Proba-" / "tion"), otherwise a space between."""
    first = first.rstrip()
    if first.endswith(SOFT_HYPHEN):
        return first[:-1] + second
    if re.search(r"[A-Za-z]-$", first[-2:]) and second[:1].islower():  # its tail: it may be long
        return first + second
    return f"{first} {second}"


PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
EDGE_LINES = 2  # a running header or footer is among the first or last lines of a page


def without_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Leave out running headers and footers (a line at the top or bottom of a page that recurs,
    numbers aside, on at least half the pages) and page numbers ("Page 2 of 9", "2")."""

    def key(line):
        return re.sub(r"\d+", "#", " ".join(line.split()).lower())

    def edges(page):
        shown = [i for i, line in enumerate(page) if line.strip()]
        return set(shown[:EDGE_LINES] + shown[-EDGE_LINES:])

    counts: dict[str, int] = {}
    for page in pages:
        for k in {key(page[i]) for i in edges(page)}:
            counts[k] = counts.get(k, 0) + 1
    running = {k for k, n in counts.items() if n >= 2 and n * 2 >= len(pages)}
    kept = []
    for page in pages:
        at_edge = edges(page)
        kept.append(
            [
                ""
                if i in at_edge and (key(line) in running or PAGE_NUMBER.match(line.strip()))
                else line
                for i, line in enumerate(page)
            ]
        )
    return kept


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
