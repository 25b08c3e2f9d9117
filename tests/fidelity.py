"""How faithfully a generated PDF report reproduces the group's own written report.

Four measures, all of which must hold for a faithful report:

- **share**: the written report's sentences found in the PDF's text (all of them);
- **duplicated**: sentences the PDF prints more often than the written report does (none);
- **words**: the PDF's word count against the written report's (within ±10%);
- **figures**: each "Figure N below" followed by Figure N's caption before the report's next
  sentence (the figure where the text places it).

Both
texts are compared after normalising away what a PDF's text layer changes without changing the
words: case, punctuation, quotes and dashes, spacing, line breaks and hyphenation. The PDF's
running header and footer are cropped away so a page break never splits a sentence.

The written reports are read from tests/data/reports/ (copies of the group's published reports).
Used by tests/test_report_fidelity.py and tests/test_report_pdf.py, and by the operator's
scripts/report_fidelity.py, which measures the database's own reports.
"""

import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

REPORTS_DIR = Path(__file__).resolve().parent / "data" / "reports"
# The written report each generated report is compared with: (file, session numbers).
REPORTS = {
    "session-1-partnership.txt": [1],
    "session-2-localism.txt": [2],
    "sessions-4-and-5.txt": [4, 5],
}

# Headings in the written reports: a line of its own, never a sentence's end punctuation.
HEADING = re.compile(
    r"^\s*(Introduction|Conclusion|Pilot Learning Group|Round Table Action Learning"
    r"|(Round Table Action Learning )?Session \d+:.*)\s*$"
)
# List markers the written reports' text layer kept ("o", "•", Symbol-font bullets).
BULLET = re.compile(r"^\s*(?:o|•|\uf0b7|\u25aa|-)\s+")
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")
WORD = re.compile(r"\w+")
FIGURE_REFERENCE = re.compile(r"Figure (\d+) below", re.IGNORECASE)
CAPTION = re.compile(r"^\s*(Figure (\d+):.*)$", re.MULTILINE)
WORD_TOLERANCE = 0.10
TERMINAL = (".", "!", "?", ":", ";", ",")

# The PDF's body area on an A4 page (points), inside the running header and footer.
A4_WIDTH, A4_HEIGHT = 595, 842
BODY_TOP, BODY_BOTTOM = 62, 842 - 56


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).lower()
    return "".join(char for char in text if char.isalnum())


def _is_heading(line: str, previous: str, following: str) -> bool:
    if HEADING.match(line):
        return True
    # A short line standing alone without closing punctuation: a topic heading
    # ("Payment by Results") or a table cell, not part of a sentence.
    words = line.split()
    return (
        0 < len(words) <= 8
        and not line.rstrip().endswith(TERMINAL)
        and not previous.strip()
        and not following.strip()
    )


def reference_sentences(text: str) -> list[str]:
    """The written report's sentences (and headings), in order."""
    return [sentence for sentence, _heading in reference_units(text)]


def reference_units(text: str) -> list[tuple[str, bool]]:
    """The written report's sentences and headings, in order, each with whether it is a
    heading (or a table row)."""
    lines = [BULLET.sub("", line) for line in text.splitlines()]
    units: list[str] = []
    paragraph: list[str] = []
    for index, line in enumerate(lines):
        previous = lines[index - 1] if index else ""
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if line.strip() and _is_heading(line, previous, following):
            units.append((" ".join(paragraph), False))
            paragraph = []
            units.append((line, True))
        else:
            paragraph.append(line)
    units.append((" ".join(paragraph), False))
    sentences = []
    for unit, heading in units:
        for sentence in SENTENCE_END.split(" ".join(unit.split())):
            # "1." or the "e." of "i.e." are not sentences worth counting.
            if len(normalise(sentence)) >= 3:
                sentences.append((sentence.strip(), heading))
    return sentences


def poppler(tool: str) -> str:
    """The full path of a poppler-utils tool, or a clear error saying how to get it."""
    path = shutil.which(tool)
    if path is None:
        raise RuntimeError(
            f"{tool} is missing: install poppler-utils (apt-get install poppler-utils)"
        )
    return path


def pdf_body_text(pdf: bytes) -> str:
    """The PDF's text without running header and footer (pdftotext, cropped to the body)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        result = subprocess.run(  # noqa: S603 - fixed command, our own temporary file
            [
                poppler("pdftotext"),
                "-r",
                "72",
                "-x",
                "0",
                "-y",
                str(BODY_TOP),
                "-W",
                str(A4_WIDTH),
                "-H",
                str(BODY_BOTTOM - BODY_TOP),
                handle.name,
                "-",
            ],
            capture_output=True,
            check=True,
        )
    return result.stdout.decode("utf-8")


@dataclass
class Fidelity:
    name: str
    sentences: int
    found: int
    missing: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    reference_words: int = 0
    generated_words: int = 0
    figure_problems: list[str] = field(default_factory=list)
    figures_checked: int = 0

    @property
    def share(self) -> float:
        return self.found / self.sentences if self.sentences else 1.0

    @property
    def word_ratio(self) -> float:
        return self.generated_words / self.reference_words if self.reference_words else 1.0

    @property
    def faithful(self) -> bool:
        return (
            self.share == 1.0
            and not self.duplicated
            and abs(self.word_ratio - 1) <= WORD_TOLERANCE
            and not self.figure_problems
        )

    def __str__(self):
        return (
            f"{self.name}: {self.found}/{self.sentences} sentences ({self.share:.1%}), "
            f"{len(self.duplicated)} printed more often than written, "
            f"{self.generated_words}/{self.reference_words} words ({self.word_ratio - 1:+.1%}), "
            f"figures in place {self.figures_checked - len(self.figure_problems)}"
            f"/{self.figures_checked}"
        )


def word_count(text: str) -> int:
    return len(WORD.findall(text))


# The PDF's register of risks and recommendations (what its markers "Risk 2" stand for) is an
# appendix the group's reports do not have: it restates the statements, so it is not counted as
# the report's words. It runs to the next session's heading or the end.
REGISTER = re.compile(
    r"Register of risks and recommendations\n.*?(?=Round Table Action Learning Session \d|\Z)",
    re.S,
)


def without_register(text: str) -> str:
    return REGISTER.sub("", text)


def figure_problems(sentences: list[str], generated_text: str) -> tuple[int, list[str]]:
    """(figures checked, problems): each "Figure N below" must be followed by Figure N's
    caption before the next sentence of the written report."""
    haystack = normalise(generated_text)
    captions = {
        int(match.group(2)): normalise(match.group(1))[:40]
        for match in CAPTION.finditer(generated_text)
    }
    checked, problems = 0, []
    for index, sentence in enumerate(sentences):
        for match in FIGURE_REFERENCE.finditer(sentence):
            number = int(match.group(1))
            checked += 1
            if number not in captions:
                problems.append(f"Figure {number} is not in the PDF")
                continue
            anchor = haystack.find(normalise(sentence))
            after = anchor + len(normalise(sentence))
            following = sentences[index + 1] if index + 1 < len(sentences) else None
            before = haystack.find(normalise(following), after) if following else len(haystack)
            place = haystack.find(captions[number], max(anchor, 0))
            if anchor < 0 or not after <= place <= before:
                problems.append(f"Figure {number} is not where the text places it")
    return checked, problems


def compare(name: str, reference: str, generated_text: str) -> Fidelity:
    haystack = normalise(generated_text)
    written = normalise(reference)
    sentences = reference_sentences(reference)
    missing = [sentence for sentence in sentences if normalise(sentence) not in haystack]
    # Headings are left out of the count: a title block restates the session's heading (as the
    # group's own report of sessions 4 and 5 does), and a heading is not the group's prose.
    prose = [sentence for sentence, heading in reference_units(reference) if not heading]
    duplicated = []
    for sentence in dict.fromkeys(prose):
        key = normalise(sentence)
        if len(key) >= 20 and haystack.count(key) > written.count(key):
            duplicated.append(sentence)
    checked, problems = figure_problems(sentences, generated_text)
    return Fidelity(
        name,
        len(sentences),
        len(sentences) - len(missing),
        missing,
        duplicated,
        word_count(reference),
        word_count(without_register(generated_text)),
        problems,
        checked,
    )


def measure_all(pdf_for_sessions) -> list[Fidelity]:
    """Compare each written report with the PDF ``pdf_for_sessions(numbers)`` returns."""
    results = []
    for filename, numbers in REPORTS.items():
        reference = (REPORTS_DIR / filename).read_text(encoding="utf-8")
        results.append(compare(filename, reference, pdf_body_text(pdf_for_sessions(numbers))))
    return results


def pdf_text(content: bytes) -> str:
    """All the PDF's text, as poppler's pdftotext reads it."""
    result = subprocess.run(  # noqa: S603 - fixed command reading stdin
        [poppler("pdftotext"), "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")
