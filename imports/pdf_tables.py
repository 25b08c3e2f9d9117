"""A PDF's tables read as tables (pdfplumber's table finder, on the page's ruling lines and
text; those without ruling lines by ``imports.pdf_columns``): each row becomes a ``table_row``
block, as a Word table's does, in place of the lines pypdf read from it, so the same readers
take a programme's rows, speakers and actions.

pypdf has read the file first, within its limits (``imports.pdf``); a page pdfplumber cannot
read keeps its lines, as before (its tables are then read as prose).
"""

import io
import re

import pdfplumber

from . import rules
from .lines import SOFT_HYPHEN, Block
from .pdf_columns import borderless_tables

TABLE_MARK = "\ue001row "
# The share of a table's words the matched lines must hold to be taken as the table.
COVERED = 0.8


def open_tables(data: bytes):
    """pdfplumber's view of the file, or None when it cannot open it (tables then stay lines)."""
    try:
        return pdfplumber.open(io.BytesIO(data), password="")
    except Exception:  # pdfminer's own errors too: without its tables the report is still read
        return None


def page_tables(plumber, n: int) -> list[list[list[str]]]:
    """The n-th page's tables, each a list of rows of cells (a cell's lines joined by "\\n"):
    those drawn with ruling lines, then those without (``imports.pdf_columns``)."""
    if plumber is None:
        return []
    try:
        page = plumber.pages[n]
        found = page.find_tables()
        lined = [table.extract() for table in found]
        unlined = borderless_tables(page, [table.bbox for table in found])
    except Exception:  # pdfminer's own errors too: a page it cannot read keeps its lines
        return []
    return [
        [[cell or "" for cell in row] for row in table]
        for table in lined
        if len(table) >= 2 and max(len(row) for row in table) >= 2
    ] + unlined


def _tokens(text: str) -> list[str]:
    return [t.strip("-" + SOFT_HYPHEN) for t in text.split() if t.strip("-" + SOFT_HYPHEN)]


def _matched_run(lines: list[str], words: set[str]) -> tuple[int, int] | None:
    """The longest run of non-blank lines (blank lines between allowed) whose every word is one
    of the table's: the lines pypdf read from it."""
    best, start, end = None, None, None
    for i, line in enumerate([*lines, "\0"]):
        if not line.strip():
            continue
        tokens = _tokens(line)
        if tokens and all(t in words for t in tokens):
            start = i if start is None else start
            end = i
            continue
        if start is not None and (best is None or end - start > best[1] - best[0]):
            best = (start, end)
        start = None
    return best


def _mend(cell: str, broken: set[str]) -> str:
    """A cell's lines joined: a word the layout broke with a hyphen ("in-" / "troduction") is
    mended, a word's own hyphen kept."""
    text = ""
    for line in cell.split("\n"):
        line = line.strip()
        match = re.search(r"(\S+)-$", text)
        if match and match[1] in broken and line[:1].islower():
            text = text[:-1] + line
        elif text and "\n" not in text and rules.SPEAKER_LINE.match(line):
            # The first speaker's line under a title is kept as a line (their own lines wrap).
            text = f"{text}\n{line}"
        else:
            text = f"{text} {line}".strip()
    return "\n".join(" ".join(part.split()) for part in text.split("\n"))


def _goes_on(last: Block, cells: list[str]) -> bool:
    """A page's first row goes on the last page's last row when its first cell is empty, or
    starts with a small letter after a first cell whose sentence did not end."""
    if not cells or not cells[0]:
        return True
    before = last.cells[0].strip() if last.cells else ""
    return cells[0][:1].islower() and not re.search(r"[.!?:]$", before)


class TableRows:
    """The rows found so far: a mark line per row stands in the page's lines, its block here.
    A row whose first cell is empty (or goes on mid-sentence) at the top of a page goes on the
    previous page's last row (a row the page break cut)."""

    def __init__(self, broken: set[str]):
        self.broken = broken
        self.blocks: dict[str, Block] = {}
        self.last: Block | None = None

    def place(self, lines: list[str], tables: list[list[list[str]]]) -> list[str]:
        for table in tables:
            words = {t for row in table for cell in row for t in _tokens(cell)}
            run = _matched_run(lines, words)
            if run is None:
                continue
            covered = {t for line in lines[run[0] : run[1] + 1] for t in _tokens(line)}
            if len(covered & words) < COVERED * len(words):
                continue
            marks = self._rows(table, at_top=not any(line.strip() for line in lines[: run[0]]))
            lines = [*lines[: run[0]], "", *marks, "", *lines[run[1] + 1 :]]
        return lines

    def _rows(self, table, at_top: bool) -> list[str]:
        marks = []
        for n, row in enumerate(table):
            cells = [_mend(cell, self.broken) for cell in row]
            if n == 0 and at_top and self.last is not None and _goes_on(self.last, cells):
                self._continue(self.last, row)
                continue
            block = Block("table_row", " ".join(" ".join(cells).split()), cells=cells)
            mark = f"{TABLE_MARK}{len(self.blocks)}"
            self.blocks[mark] = block
            self.last = block
            marks.append(mark)
        return marks

    def _continue(self, block: Block, row: list[str]) -> None:
        for i, cell in enumerate(row[: len(block.cells)]):
            if cell.strip():
                joined = block.cells[i] + "\n" + cell if block.cells[i] else cell
                block.cells[i] = _mend(joined, self.broken)
        block.text = " ".join(" ".join(block.cells).split())
