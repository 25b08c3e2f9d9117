"""The structure a plain text file's layout shows (``imports.document`` reads a text file's
lines with it before ``imports.lines`` makes them blocks): its title block, underlined and
numbered headings, headings in sentence case standing alone, tab-separated table rows."""

import re

from .lines import ENDS_SENTENCE, TITLE_BLOCK_LINES, Block

UNDERLINE = re.compile(r"^\s*([=\-~^*])\1{2,}\s*$")
# "1. Background", "2.1 Data sharing" (a number with a dot: "2 Localism Norwich" is a row).
NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,2}|\d{1,2}(?=\.))\.?\s+([A-Z].{0,80})$")


def text_structure(lines: list[str]) -> tuple[list[str], dict[int, int], dict[int, Block]]:
    """What a text file's layout says: the opening lines before the first blank line are the
    title block (a line each); a line underlined with "===" or "---" is a heading (level 1 or
    2); a short numbered line standing alone ("2.1 Data sharing") is a heading of its depth; a
    line of tab-separated cells is a table's row. Returns the lines (underlines blanked,
    heading numbers dropped), the headings' levels and the fixed blocks, by index."""
    lines = list(lines)
    headings: dict[int, int] = {}
    fixed: dict[int, Block] = {}
    _title_block(lines, fixed)
    for i, line in enumerate(lines):
        if i in fixed or not line.strip():
            continue
        if _underlined(lines, i, headings):
            continue
        if "\t" in line and len([c for c in line.split("\t") if c.strip()]) >= 2:
            cells = [" ".join(cell.split()) for cell in line.split("\t")]
            fixed[i] = Block("table_row", " ".join(cells), cells=cells)
        elif not _numbered_heading(lines, i, headings) and _alone_short_line(lines, i):
            headings[i] = 2
    return lines, headings, fixed


def _underlined(lines: list[str], i: int, headings: dict[int, int]) -> bool:
    """A line underlined with "===" (level 1) or "---" (level 2) is a heading."""
    following = lines[i + 1] if i + 1 < len(lines) else ""
    if not UNDERLINE.match(following) or UNDERLINE.match(lines[i]):
        return False
    headings[i] = 1 if following.strip()[0] == "=" else 2
    lines[i + 1] = ""
    return True


def _neighbour(lines: list[str], i: int, step: int) -> tuple[str, bool]:
    """The nearest non-blank line before (step -1) or after (+1), and whether a blank line
    comes between."""
    j, blank = i + step, False
    while 0 <= j < len(lines) and not lines[j].strip():
        j, blank = j + step, True
    return (lines[j].strip() if 0 <= j < len(lines) else ""), blank


# "Programme" standing over its first time-led row.
PROGRAMME_OVER_ROW = re.compile(
    r"^(?:the )?(?:programme|agenda)(?: of the day)?\n\d{1,2}[.:]\d{2}\b", re.I
)


def _alone_short_line(lines: list[str], i: int) -> bool:
    """A heading in sentence case ("What the day covered"): a short line standing alone, after
    a sentence's end and before a paragraph or a list item that starts a sentence."""
    text = lines[i].strip()
    if not text[0].isupper() or len(text.split()) > 8 or text[-1] in ".;:,!?":
        return False
    before, gap_before = _neighbour(lines, i, -1)
    after, gap_after = _neighbour(lines, i, 1)
    if PROGRAMME_OVER_ROW.match(f"{text}\n{after}"):
        return gap_before and gap_after
    item = re.match(r"^(?:[-•*–]|\d{1,2}[.)])\s+", after)
    after = after[item.end() :] if item else after  # a list under it
    # Before a list, whatever ended above it (a table's last row, a line of names).
    return bool(
        gap_before
        and gap_after
        and (ENDS_SENTENCE.search(before) or item)
        and after.lstrip("“\"‘'")[:1].isupper()  # or a quotation that starts a sentence
        # or a question put under it (a Q&A), perhaps quoted
        and (len(after) > 60 or after.rstrip("”\"’'").endswith("?"))
    )


def _title_block(lines: list[str], fixed: dict[int, Block]) -> None:
    shown = [i for i, line in enumerate(lines) if line.strip()]
    if not shown:
        return
    first = shown[0]
    # A table's row (tab-separated cells) is never the title block's.
    end = next(
        (i for i in range(first, len(lines)) if not lines[i].strip() or "\t" in lines[i]),
        len(lines),
    )
    block = range(first, end)
    if 2 <= len(block) <= TITLE_BLOCK_LINES and all(len(lines[i]) < 160 for i in block):
        for i in block:
            fixed[i] = Block("title", " ".join(lines[i].split()))


def _numbered_heading(lines: list[str], i: int, headings: dict[int, int]) -> bool:
    match = NUMBERED_HEADING.match(lines[i].strip())
    if not match or len(match.group(2).split()) > 10 or match.group(2)[-1] in ".;:,":
        return False
    if re.fullmatch(r"\d{1,2}\.\d{2}", match.group(1)):  # a time ("14.10 Welcome"), not a number
        return False
    if re.search(r"\d{4}$", match.group(2)):  # a row of a schedule ("… Havant April 2012")
        return False
    alone = (i == 0 or not lines[i - 1].strip()) and (
        i + 1 >= len(lines) or not lines[i + 1].strip()
    )
    if alone:
        headings[i] = match.group(1).count(".") + 1
        lines[i] = match.group(2)
    return alone
