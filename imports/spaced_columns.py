"""Text laid out by spaces, as ``pdftotext -layout`` and many tools' copy and paste give a PDF's
text: a table's cells stand in columns that runs of spaces keep apart, each cell's wrapped lines
under it, and a word the layout hyphenated at a line's end is left in two pieces.

``spaced_tables`` puts each table's rows back as lines of tab-separated cells (what a text
file's table row is, ``imports.text_layout``); ``hyphen_breaks`` marks the line ends where the
layout, not the writer, put a hyphen, so that joining the lines mends the word.
"""

import re

from .lines import SMALL_WORDS, SOFT_HYPHEN

# A cell's text: words with single spaces between them; two spaces or more end the cell.
CELL = re.compile(r"\S+(?: \S+)*")
# A list's bullet stands apart from its item by spaces: that gap is not a column's.
LEADING_BULLET = re.compile(r"^\s*[\uf0b7\u2022\u25cf\u25aa\u25e6\u2013*-]\s+")
# How far a cell may start from its column's start (pdftotext places each line on its own).
SLACK = 3
# A line the layout broke with a hyphen: "organisa-" / "tion", "Proba -" / "tion".
BROKEN_WORD = re.compile(r"(?<![\w-])([A-Za-z]+) ?-$")
FIRST_WORD = re.compile(r"^([a-z]+)")


def _cells(line: str) -> list[tuple[int, str]]:
    """The line's runs of text as (column, text); a line with tabs is one run (its cells are
    already told apart)."""
    if "\t" in line or LEADING_BULLET.match(line):
        return [(len(line) - len(line.lstrip()), line.strip())]
    return [(m.start(), m.group()) for m in CELL.finditer(line)]


def spaced_tables(
    lines: list[str], words: set[str], carried: list[int] | None = None
) -> tuple[list[str], list[int] | None]:
    """The lines with each table laid out by spaces as one line of tab-separated cells per
    row. A table is two lines or more whose runs of text start at the same columns (the first
    such line's), each run ending before the next column starts; lines under it whose text
    stays in those columns hold its cells' wrapped lines (``words``: the text's, to mend a
    word a cell's line broke). A line spaced out on its own (justified) is not a table: its
    runs of spaces become one.

    ``carried``: the columns of a table that ended the page before, which the page's first
    lines may go on with (a row the page break cut, a last row alone). Returns the lines and
    the columns of a table that ends this page."""
    out: list[str] = []
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    i, ends_page = 0, None
    while i < len(lines):
        table = _table_at(lines, i, carried if i == first else None)
        if table:
            end, placed, columns = table
            rows = _rows(placed, words)
            out.extend("\t".join(row) for row in rows)
            out.extend([""] * (end - i - len(rows)))  # the line count stays
            ends_page = columns if not any(line.strip() for line in lines[end:]) else None
            i = end
            continue
        line = lines[i]
        indent = len(line) - len(line.lstrip())
        out.append(line[:indent] + re.sub(r" {2,}", " ", line[indent:]))
        i += 1
    return out, ends_page


def _table_at(
    lines: list[str], i: int, carried: list[int] | None
) -> tuple[int, list[list[str]], list[int]] | None:
    """The table starting at line ``i``: where it ends, its lines' cells, its columns."""
    columns = _columns(lines[i], carried)
    if columns is None:
        return None
    placed: list[list[str]] = []
    j = i
    while j < len(lines) and _in_table(lines, j, columns):
        if lines[j].strip():
            placed.append(_place(lines[j], columns))
        j += 1
    two_cells = sum(1 for cells in placed if sum(1 for c in cells if c) >= 2)
    if two_cells < (1 if columns is carried else 2):
        return None
    while j > i and not lines[j - 1].strip():
        j -= 1
    return j, placed, columns


def _columns(line: str, carried: list[int] | None) -> list[int] | None:
    """Where a table starting at ``line`` has its columns: the table's above the page break
    if the line fits them, else the line's own runs of text, if it has two or more."""
    if carried and _place(line, carried) is not None:
        return carried
    first = _cells(line)
    return [start for start, _ in first] if len(first) >= 2 else None


def _in_table(lines: list[str], j: int, columns: list[int]) -> bool:
    """Whether line ``j`` is the table's: its text in the columns, or a blank line with
    another row of two cells or more in the columns within the next three lines."""
    if lines[j].strip():
        return _place(lines[j], columns) is not None
    after = next((k for k in range(j, min(j + 3, len(lines))) if lines[k].strip()), None)
    return bool(
        after is not None
        and len(_cells(lines[after])) >= 2
        and _place(lines[after], columns) is not None
    )


def _place(line: str, columns: list[int]) -> list[str] | None:
    """The line's text by column, or None if a run of it stands outside the columns."""
    cells = [""] * len(columns)
    for start, text in _cells(line):
        k = min(range(len(columns)), key=lambda c: abs(columns[c] - start))
        ends_before_next = k + 1 == len(columns) or start + len(text) < columns[k + 1]
        if abs(columns[k] - start) > SLACK or not ends_before_next or cells[k]:
            return None
        cells[k] = text
    return cells


def _rows(placed: list[list[str]], words: set[str]) -> list[list[str]]:
    """A row starts where its first cell does: a time or a number, or a capital with every
    other cell on the line starting one too, unless the first cell's line above left its text
    going on (a hyphen, a joining word, a comma)."""
    rows: list[list[str]] = []
    for cells in placed:
        if not rows or _starts_row(cells, rows[-1][0]):
            rows.append(list(cells))
            continue
        rows[-1] = [_joined(a, b, words) for a, b in zip(rows[-1], cells, strict=True)]
    return rows


def _starts_row(cells: list[str], first_above: str) -> bool:
    head = cells[0]
    if not head:
        return False
    if head[0].isdigit():
        return True
    going_on = first_above.endswith(("-", ",")) or (
        first_above and first_above.split()[-1].lower() in SMALL_WORDS
    )
    return (
        head[0].isupper()
        and not going_on
        and all(c[0].isupper() or c[0].isdigit() or c[0] in "(£" for c in cells if c)
    )


def _joined(before: str, more: str, words: set[str]) -> str:
    if not more:
        return before
    if not before:
        return more
    broken = BROKEN_WORD.search(before)
    tail = FIRST_WORD.match(more)
    if broken and tail and _layout_hyphen(broken.group(1), tail.group(1), words):
        return before[: broken.start()] + broken.group(1) + more
    if before.endswith(" -"):
        before = before[:-2] + "-"
    return f"{before} {more}" if not before.endswith("-") or not tail else before + more


WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# What follows a word the layout broke: its hyphen, then the line's or the cell's end.
BROKEN_AFTER = re.compile(r" ?-(?:\s|$)")


def text_words(lines: list[str]) -> set[str]:
    """The words the text writes whole (a word broken at a line's end left out), in small
    letters: what tells a layout's hyphen from the writer's."""
    words = set()
    for line in lines:
        for match in WORD.finditer(line):
            if not BROKEN_AFTER.match(line, match.end()):
                words.add(match.group().lower())
    return words


def _layout_hyphen(head: str, tail: str, words: set[str]) -> bool:
    """Whether a hyphen at a line's end between ``head`` and ``tail`` is the layout's (the word
    written whole: "organisa-" / "tion") rather than the writer's ("staff-" / "owned"), by the
    text's own words: the word whole elsewhere says the layout's; the two written with a
    hyphen elsewhere, or each a word of its own, say the writer's."""
    whole, split = (head + tail).lower(), f"{head}-{tail}".lower()
    if whole in words:
        return True
    if split in words:
        return False
    return not (head.lower() in words and tail.lower() in words)


def hyphen_breaks(lines: list[str], words: set[str]) -> list[str]:
    """The lines, each that ends in a word the layout broke with a hyphen ending instead in a
    soft hyphen, which joining the lines drops (``imports.lines``); a hyphen the writer put
    there ("staff-" / "owned") is kept."""
    out = list(lines)
    for i, line in enumerate(lines[:-1]):
        broken = BROKEN_WORD.search(line.rstrip())
        tail = FIRST_WORD.match(lines[i + 1].strip())
        if broken and tail and _layout_hyphen(broken.group(1), tail.group(1), words):
            out[i] = line.rstrip()[: broken.start()] + broken.group(1) + SOFT_HYPHEN
    return out


def rows_across_pages(lines: list[str], words: set[str]) -> list[str]:
    """A table's row that a page break cut goes on as the next page's first row of cells,
    with no first cell or one that starts with a small letter: the two are one row."""
    out = list(lines)
    last = None  # the index of the last row of cells, while only blank lines follow it
    for i, line in enumerate(out):
        if "\t" not in line:
            last = last if not line.strip() else None
            continue
        cells = line.split("\t")
        above = out[last].split("\t") if last is not None else []
        cut = not cells[0][:1].isupper() and not _starts_row(cells, above[0] if above else "")
        if len(above) == len(cells) and cut:
            out[last] = "\t".join(_joined(a, b, words) for a, b in zip(above, cells, strict=True))
            out[i] = ""
            continue
        last = i
    return out
