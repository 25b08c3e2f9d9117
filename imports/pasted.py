"""Text that came out of a PDF (poppler's ``pdftotext``, a viewer's "Save as text", a copy and
paste): its pages' running headers and footers and page numbers are left out, the pages joined
where a paragraph goes on over the break, and the title block's lines that a narrow column
wrapped are put back together. What the text reader then does with the lines is the same as for
any text (``imports.lines``).

``pdftotext`` ends each page with a form feed; a copy and paste keeps none, so only a line that
says it is a page number ("Page 2 of 9") can be told from the text there.
"""

import re

from .lines import ENDS_SENTENCE, NUMBERED, SMALL_WORDS, SOFT_HYPHEN, TITLE_BLOCK_LINES
from .pdf import PAGE_NUMBER
from .rules import TIME
from .spaced_columns import hyphen_breaks, rows_across_pages, spaced_tables, text_words

PAGE_BREAK = "\f"
# "Page 2", "Page 2 of 9", "page 2/9": a number alone is left, since a programme's or a table's
# cells are often one.
# Headings that begin a report's text, after its title block.
FRONT_MATTER_ENDS = re.compile(
    r"^(?:programme|agenda|contents|introduction|summary|background|purpose|present|"
    r"attendees|executive summary)$",
    re.I,
)
LONE_BULLET = re.compile(r"^\s*[\uf0b7\u2022\u25cf\u25aa\u25e6\u2013*-]\s*$")
LIST_BULLET = re.compile(r"^[\uf0b7\u2022\u25cf\u25aa\u25e6]\s+")
TIME_LED = re.compile(rf"^{TIME}\s+\S")
PAGE_LINE = re.compile(r"^page\s+\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)


def text_lines(text: str) -> list[str]:
    """The text's lines, with what belongs to its pages rather than to the report left out,
    and the title block's wrapped lines joined."""
    pages = [page.splitlines() for page in text.split(PAGE_BREAK)]
    words = text_words([line for page in pages for line in page])
    running: set[str] = set()
    if len([page for page in pages if any(line.strip() for line in page)]) > 1:
        running = _running(pages)
        pages = [_body(page, running) for page in pages]
    # Each page's tables laid out by spaces ("pdftotext -layout"), as rows of cells.
    carried = None
    for n, page in enumerate(pages):
        pages[n], carried = spaced_tables(page, words, carried)
    # A list's bullets come out of some PDFs as lines of their own, apart from their items.
    lines = [
        "" if PAGE_LINE.match(line.strip()) or LONE_BULLET.match(line) else line
        for line in _joined_pages(pages)
    ]
    lines = hyphen_breaks(rows_across_pages(lines, words), words)
    return _title_block_joined(_programme_lines_apart(lines), running)


def _programme_lines_apart(lines: list[str]) -> list[str]:
    """A line led by a time of day ("14.10 Exclusions and offending – Dr Sam Ward, Re-") is a
    programme's row: it starts a paragraph of its own, though no blank line comes before it
    (a PDF's paragraph spacing is not a blank line)."""
    out: list[str] = []
    for line in lines:
        if out and out[-1].strip() and "\t" not in out[-1] and TIME_LED.match(line.strip()):
            out.append("")
        out.append(line)
    return out


def _joined_pages(pages: list[list[str]]) -> list[str]:
    """The pages' lines in one: a paragraph the break cut goes on from one page's last line to
    the next's first, unless that last line ended a sentence."""
    lines: list[str] = []
    for page in pages:
        if lines and page and ENDS_SENTENCE.search(lines[-1].strip()):
            lines.append("")
        lines.extend(page)
    return lines


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def _running(pages: list[list[str]]) -> set[str]:
    """The running header and footer: a page's first line, or one of its last two, that recurs
    (numbers aside) at the edge of at least two pages and half of them."""
    shown = [[line for line in page if line.strip()] for page in pages]
    edges = [_key(lines[0]) for lines in shown if lines]
    edges += [_key(line) for lines in shown for line in lines[-2:]]
    return {k for k in set(edges) if (n := edges.count(k)) >= 2 and n * 2 >= len(pages)}


def _body(page: list[str], running: set[str]) -> list[str]:
    """A page without its running header (its first line), its running footer and page number
    (its last two lines), and the blank lines they leave. Only the outermost lines are taken:
    a report's title under its running header may say the same."""
    lines = _trimmed(page)
    if lines and _key(lines[0]) in running:
        lines = _trimmed(lines[1:])
    for _ in range(2):
        if lines and (_key(lines[-1]) in running or PAGE_NUMBER.match(lines[-1].strip())):
            lines = _trimmed(lines[:-1])
    return lines


def _trimmed(page: list[str]) -> list[str]:
    shown = [i for i, line in enumerate(page) if line.strip()]
    return page[shown[0] : shown[-1] + 1] if shown else []


def _title_block_joined(lines: list[str], running: set[str]) -> list[str]:
    """The opening lines (the title block) with each line that a narrow column wrapped joined
    onto the line before it: that line left a bracket open, ends with a joining word or a
    comma, or the wrapped line starts with a small letter ("Authors: … (Northgate" /
    "Institute of Public Policy)"). Text out of a PDF may have no blank line after the title
    block: it then ends before the first heading that a paragraph's wrapped lines follow
    ("About this session" / "About forty delegates, most of …") or that begins a report's
    text ("Programme"), if that is within its first lines."""
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    block: list[str] = []
    end = first
    while end < len(lines) and lines[end].strip() and "\t" not in lines[end]:
        line = lines[end].strip()
        if block and (_goes_on(block[-1].strip(), line) or _heads_pages(block[-1], line, running)):
            block[-1] = _joined(block[-1].rstrip(), line)
        elif len(block) >= 2 and _text_begins(lines, end):
            block.append("")
            break
        else:
            block.append(lines[end])
        end += 1
    if len([line for line in block if line]) > TITLE_BLOCK_LINES:
        return lines  # no title block: the report starts with its text
    return lines[:first] + block + lines[end:]


def _heads_pages(before: str, line: str, running: set[str]) -> bool:
    """A title that large type wrapped ("Justice Futures Seminar" / "Series") which the pages'
    running header gives whole: the lines joined begin it, or are it."""
    joined = _key(f"{before} {line}")
    return any(header == joined or header.startswith(joined + " ") for header in running)


def _text_begins(lines: list[str], i: int) -> bool:
    line = lines[i].strip()
    if not _short_heading(line):
        return False
    after = lines[i + 1].strip() if i + 1 < len(lines) else ""
    return _wrapped_sentence(after) or bool(FRONT_MATTER_ENDS.match(line))


def _wrapped_sentence(line: str) -> bool:
    """A paragraph's first line: long, a sentence's start, in sentence case (a title that a
    column wrapped is mostly capitalised words), wrapped or a whole sentence of its own."""
    words = [word for word in line.split() if word.isalpha() and word.lower() not in SMALL_WORDS]
    capitalised = sum(1 for word in words if word[0].isupper())
    return (
        len(line) >= 40
        and line[0].isupper()
        and (not ENDS_SENTENCE.search(line) or len(line) >= 60)
        and capitalised * 2 < len(words)
    )


def _goes_on(before: str, line: str) -> bool:
    last_word = before.split()[-1].lower()
    return (
        before.count("(") > before.count(")")
        or last_word in SMALL_WORDS
        or before.endswith((",", "–", "&"))
        or line[0].islower()
    )


def _joined(before: str, line: str) -> str:
    """A word the layout broke with a hyphen is mended ("Proba-" / "tion": ``hyphen_breaks``
    marked it); a word's own hyphen stays ("staff-" / "owned")."""
    if before.endswith(SOFT_HYPHEN):
        return before[:-1] + line
    if re.search(r"[A-Za-z]-$", before) and line[:1].islower():
        return before + line
    return f"{before} {line}"


def run_in_headings(lines: list[str]) -> dict[int, int]:
    """Headings in sentence case, as text out of a PDF gives them: a short line that does not
    end a sentence, after a sentence's end (or a blank line), followed by a paragraph's wrapped
    first line or a numbered list, at once or after blank lines ("Where it could go wrong" /
    "The court worker post is paid from a grant that ends in"). By index, at level 2."""
    shown = [i for i, line in enumerate(lines) if line.strip()]
    found = {}
    for n, i in enumerate(shown[1:-1], start=1):
        line, after = lines[i].strip(), lines[shown[n + 1]].strip()
        before = lines[i - 1].strip()
        if not _short_heading(line) or (before and not ENDS_SENTENCE.search(before)):
            continue
        # A list's item under it, its bullet apart from it by spaces ("\uf0b7   Partners …").
        item = LIST_BULLET.match(after)
        if _wrapped_sentence(after[item.end() :] if item else after) or NUMBERED.match(after):
            found[i] = 2
    return found


def _short_heading(line: str) -> bool:
    return len(line.split()) <= 8 and line[0].isupper() and line[-1] not in ".;:,!?"
