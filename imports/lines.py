"""Lines of text back into blocks: headings, paragraphs and list items.

A PDF's lines, a pasted report and a Word paragraph all come here as lines. Three layouts occur:
a line per paragraph; wrapped lines with a blank line between paragraphs; and wrapped lines
with a blank line after every line (text copied out of a PDF). ``blocks_from_lines`` measures
which one it has, then reads each line with a short table of steps: a picture's mark, a
heading wrapped onto this line, a paragraph this line continues, or a new block.
"""

import re
import statistics
from dataclasses import dataclass, field


@dataclass
class Block:
    kind: str  # heading, paragraph, bullet, numbered, table_row, figure
    text: str = ""
    level: int = 0
    cells: list[str] = field(default_factory=list)
    image: bytes | None = None
    content_type: str = ""


BULLET = re.compile(r"^(?:[\uf0b7\u2022\u25cf\u25aa\u25e6]\s*|[\u2013*-]\s+|o\s+(?=[A-Z]))(?=\S)")
NUMBERED = re.compile(r"^(\d{1,2})(?:\.|\)(?=\s+[A-Z]))\s+(?=\S)")
ENDS_SENTENCE = re.compile(r"[.!?:][\"'’”)]?$")
# A table row read as a line ends with its date ("Luton December 2012"): its paragraph ends too.
ENDS_WITH_DATE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s*\d{4}$"
)
# A heading that wraps ends its first line with a joining word ("… Balancing Operational and").
# "… Action Learning" / "Session 2: Localism": the series' words then the session's.
SERIES_HEADING = re.compile(r"\baction learning$", re.I)
HEADING_CONTINUES = re.compile(
    r"(?:\bsession|\b(?:and|of|in|for|the|a|an|at|by|or|to|on|with)|[&–,-])$", re.I
)
STANDARD_HEADINGS = re.compile(
    r"^(introduction|conclusions?|summary|background|recommendations|learning points|risks)$",
    re.IGNORECASE,
)
SESSION_HEADING = re.compile(r"^(?:round table action learning\s+)?session\s+\d+\s*:", re.I)
FIGURE_CAPTION_LINE = re.compile(r"^\s*fig(?:ure|\.)?\s*\d+\s*(?:[:.–-]|$)", re.I)
SMALL_WORDS = {"and", "of", "the", "in", "for", "to", "a", "an", "on", "by", "with", "or", "&"}


# Where a PDF's layout broke a word at a line's end (imports.pdf marks it): mended on joining.
SOFT_HYPHEN = "\u00ad"
# Blocks that no following line continues.
WHOLE = ("heading", "figure", "title", "table_row")


def looks_like_heading(line: str) -> bool:
    text = line.strip()
    if STANDARD_HEADINGS.match(text) or SESSION_HEADING.match(text):
        return True
    words = text.split()
    if not 1 <= len(words) <= 9 or ENDS_SENTENCE.search(text) or text.endswith(","):
        return False
    if not text[0].isupper() or re.search(r"\d{4}$", text) or text.count("(") > text.count(")"):
        return False  # a bracket left open: the line goes on ("… (Southvale Youth Offending")
    capitalised = [w for w in words if w.lower() not in SMALL_WORDS]
    return all(w[0].isupper() or not w[0].isalpha() for w in capitalised)


@dataclass
class Layout:
    """How the lines were laid out, measured once over the whole text."""

    one_per_line: bool  # a paragraph per line (median line over 200 characters)
    blanks_mean_nothing: bool  # a blank line after nearly every line (text out of a PDF)
    width: int  # the length of a full line (the 90th percentile)

    @classmethod
    def of(cls, cleaned: list[str]) -> "Layout":
        nonblank = [i for i, line in enumerate(cleaned) if line.strip()]
        lengths = [len(cleaned[i].strip()) for i in nonblank]
        one_per_line = statistics.median(lengths) > 200
        followed_by_blank = sum(
            1 for i in nonblank if i + 1 < len(cleaned) and not cleaned[i + 1].strip()
        ) / len(nonblank)
        # Paragraphs of one line each, a blank line between them, end their lines with a
        # sentence; a PDF's wrapped lines mostly do not.
        ended = sum(1 for i in nonblank if ENDS_SENTENCE.search(cleaned[i])) / len(nonblank)
        # A PDF's wrapped lines go on mid-sentence: many a line starts with a small letter.
        # Paragraphs of one short line each (a programme's lines, "Agreed: …") do not.
        going_on = sum(1 for i in nonblank if cleaned[i].strip()[:1].islower()) / len(nonblank)
        pdf_copy = min(followed_by_blank - 0.7, 0.6 - ended, going_on - 0.15) > 0
        return cls(
            one_per_line=one_per_line,
            blanks_mean_nothing=not one_per_line and pdf_copy,
            width=sorted(lengths)[int(len(lengths) * 0.9)],
        )


@dataclass
class Line:
    """One non-blank line, with what its start says it is."""

    text: str
    gap: int  # blank lines before it
    indent: int
    bullet: re.Match | None
    numbered: re.Match | None
    heading_level: int | None

    @property
    def starts_new(self) -> bool:
        # A figure's caption is a paragraph of its own.
        return bool(
            self.bullet
            or self.numbered
            or self.heading_level
            or FIGURE_CAPTION_LINE.match(self.text)
        )


def _space_bullet(line: str, indent: int) -> re.Match | None:
    """Text copied out of a PDF keeps a bullet only as the one space it was followed by."""
    if indent != 1 or not line[0].isupper() or NUMBERED.match(line):
        return None
    return None if looks_like_heading(line) else re.match("", line)


class _Reader:
    def __init__(self, layout: Layout, headings, space_bullets, pictures):
        self.layout = layout
        self.headings = headings
        self.space_bullets = space_bullets
        self.pictures = pictures or {}
        self.blocks: list[Block] = []
        self.previous = ""
        self.blank_before = True
        self.blanks = 0
        # Tried in order; the first that takes the line ends its reading.
        self.fixed: dict[int, Block] = {}
        self.index = 0
        self.steps = (
            self._fixed,
            self._picture,
            self._wrapped_heading,
            self._continued_paragraph,
        )

    def feed(self, index: int, raw: str) -> None:
        self.index = index
        text = raw.strip()
        if not text:
            self.blank_before = True
            self.blanks += 1
            return
        line = self._classify(index, raw, text)
        self.blanks = 0
        if not any(step(line) for step in self.steps):
            self.blocks.append(self._new_block(line))
            self.blank_before = False
        self.previous = line.text

    def _classify(self, index: int, raw: str, text: str) -> Line:
        indent = len(raw) - len(raw.lstrip())
        bullet = BULLET.match(text)
        if self.space_bullets and not bullet:
            bullet = _space_bullet(text, indent)
        heading_level = self.headings.get(index)
        if STANDARD_HEADINGS.match(text) and not heading_level:
            heading_level = 1
        return Line(text, self.blanks, indent, bullet, NUMBERED.match(text), heading_level)

    def _fixed(self, line: Line) -> bool:
        """A line known to be a block of its own: a title-block line, a table's row."""
        block = self.fixed.get(self.index)
        if block is None:
            return False
        self.blocks.append(block)
        self.blank_before = True
        return True

    def _picture(self, line: Line) -> bool:
        """Where read_pdf placed a picture."""
        if line.text not in self.pictures:
            return False
        self.blocks.append(
            Block("figure", image=self.pictures[line.text], content_type="image/png")
        )
        self.blank_before = True
        line.text = ""  # nothing for the next line to continue
        return True

    def _wrapped_heading(self, line: Line) -> bool:
        """A long heading wraps onto a second line ("… Session" / "4: Balancing …")."""
        if not self.blocks or self.blocks[-1].kind != "heading":
            return False
        last = self.blocks[-1]
        if last.text.endswith(SOFT_HYPHEN) and not line.starts_new:
            last.text = last.text[:-1] + line.text
            return True
        if not (_series_then_session(self.previous, line) or self._heading_goes_on(line)):
            return False
        last.text += " " + line.text
        return True

    def _heading_goes_on(self, line: Line) -> bool:
        if not HEADING_CONTINUES.search(self.previous) or line.starts_new:
            return False
        text = line.text
        # A session's heading may end with a full stop ("… an evidence base.").
        session_tail = (
            SESSION_HEADING.match(self.blocks[-1].text)
            and text[0].islower()
            and len(text.split()) <= 12
        )
        return bool(re.match(r"^\d+\s*:", text) or looks_like_heading(text) or session_tail)

    def _continued_paragraph(self, line: Line) -> bool:
        if line.starts_new or not self.blocks or self.blocks[-1].kind in WHOLE:
            return False
        ended = bool(
            ENDS_SENTENCE.search(self.previous)
            or ENDS_WITH_DATE.search(self.previous)
            or FIGURE_CAPTION_LINE.match(self.previous)
        )
        if not self._joins(line, ended) or (looks_like_heading(line.text) and ended):
            return False
        # A line may wrap after a slash ("partnership/" / "commercial") or break a word with a
        # hyphen ("commis-" / "sioning": a PDF's hyphenation).
        last = self.blocks[-1]
        if last.text.endswith(SOFT_HYPHEN):
            last.text = last.text[:-1] + line.text
        # Its tail only: the paragraph may be long, and a search of it all at each line made a
        # one-paragraph file quadratic (a 576,000-character paragraph took 50 s to refuse).
        elif re.search(r"[A-Za-z]-$", last.text[-3:]) and line.text[:1].islower():
            last.text += line.text  # "staff-" / "owned": the word's own hyphen
        else:
            last.text += ("" if self.previous.endswith("/") else " ") + line.text
        self.blank_before = False
        return True

    def _joins(self, line: Line, ended: bool) -> bool:
        text, previous, width = line.text, self.previous, self.layout.width
        if self.layout.one_per_line or (ENDS_WITH_DATE.search(previous) and text[0].isupper()):
            return not ended and text[0].islower()
        if self.layout.blanks_mean_nothing:
            # More than the one blank line that follows every line is a paragraph break.
            return not ended or (len(previous) > 0.8 * width and line.gap < 2)
        # A short line that ends a sentence ends its paragraph too (a PDF's lines).
        short = len(previous) < 0.8 * width
        return (not self.blank_before and not (ended and short)) or (
            not ended and text[0].islower()
        )

    def _new_block(self, line: Line) -> Block:
        text = line.text
        if line.heading_level:
            return Block("heading", text, level=line.heading_level)
        if line.bullet:
            return Block("bullet", text[line.bullet.end() :].strip(), level=1 + (line.indent > 4))
        if line.numbered:
            block = Block("numbered", text[line.numbered.end() :].strip(), level=1)
            block.cells = [line.numbered.group(1)]
            return block
        after_whole_line = self.blocks and self.blocks[-1].kind in ("title", "table_row")
        if looks_like_heading(text) and (
            not self.blocks
            or after_whole_line
            or ENDS_SENTENCE.search(self.previous)
            or SESSION_HEADING.match(text)
        ):
            level = 1 if STANDARD_HEADINGS.match(text) or SESSION_HEADING.match(text) else 2
            return Block("heading", text, level=level)
        return Block("paragraph", text)


def _series_then_session(previous: str, line: Line) -> bool:
    """ "… Action Learning" / "Session 2: Localism": the series' words, then the session's."""
    return bool(SERIES_HEADING.search(previous) and SESSION_HEADING.match(line.text))


def blocks_from_lines(
    lines: list[str],
    headings: dict[int, int] | None = None,
    space_bullets: bool = False,
    pictures: dict[str, bytes] | None = None,
    fixed: dict[int, Block] | None = None,
) -> list[Block]:
    """Put wrapped lines back into headings, paragraphs and list items. ``headings``: the
    level of lines known to be headings (Markdown's ``#``), by index; ``pictures``: the marks
    ``read_pdf`` put where a picture goes; ``fixed``: lines that are a block of their own (a
    title-block line, a table's row), by index."""
    cleaned = [line.replace("\t", " ").rstrip() for line in lines]
    if not any(line.strip() for line in cleaned):
        return []
    reader = _Reader(Layout.of(cleaned), headings or {}, space_bullets, pictures)
    reader.fixed = fixed or {}
    for index, raw in enumerate(cleaned):
        reader.feed(index, raw)
    for block in reader.blocks:
        block.text = " ".join(block.text.replace(SOFT_HYPHEN, "-").split())
    return reader.blocks


# How many lines a text file's title block may hold (imports.text_layout, imports.pasted).
TITLE_BLOCK_LINES = 12
