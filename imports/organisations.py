"""Who runs a series or an event, named inside a line or a sentence of a report's front, and
authors marked with footnote numbers (used by ``imports.titleblock`` and ``imports.front``).
Pure functions over text."""

import re

# Who runs the series or the event, inside a line or sentence: "on behalf of the Pennine
# Justice Commissioning Alliance", "Prepared for the … Partnership by", "is run by the Hallam
# Justice Trust for …", "hosted as ever by the … Foundation": a name that ends as an
# organisation's does.
ORGANISATION_CUE = re.compile(
    r"\b(?i:on behalf of|(?:prepared|written|produced) for|(?:run|hosted|organised|convened|"
    r"funded)(?:\s+[a-z]+){0,2}?\s+by)\s+(?:the\s+)?"
    r"([A-Z][\w'’&-]*(?:\s+(?:(?:and|of|for|the|&)\s+)?[A-Z][\w'’&-]*)*)"
)
ORGANISATION_END = re.compile(
    r"\b(?:Partnership|Trust|Institute|Unit|Centre|Service|Board|Council|Commission|Foundation|"
    r"Academy|Agency|Authority|Office|Department|University|College|Association|Society|"
    r"Alliance|Charity|Collective)$"
)


# "An Open Gate Trust event write-up", "A Moss Foundation report": who wrote it up, before
# what it is.
WRITE_UP_BY = re.compile(
    r"^(?:[Aa]n?|[Tt]he)\s+([A-Z][\w'’&]*(?:\s+(?:(?:and|of|for|the|&)\s+)?[A-Z][\w'’&]*)*)\s+"
    r"(?i:(?:event\s+|seminar\s+|meeting\s+)?(?:write-?up|report|briefing|summary|note))\b"
)


def organisation_in(text: str) -> str:
    found = ORGANISATION_CUE.search(text) or WRITE_UP_BY.search(text)
    return found[1] if found and ORGANISATION_END.search(found[1]) else ""


# Authors marked with footnote numbers and their affiliations on a line below: "Helen Marsh¹,
# Tomasz Nowicki² and Adaeze Okafor¹" / "¹ School of Law, … ² Department of …".
MARKS = "¹²³⁴⁵⁶⁷⁸⁹*†‡"
MARKED_NAME = re.compile(rf"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{1,3}})\s*([{MARKS}]+)")
MARKED_NOTE = re.compile(rf"([{MARKS}])\s*([^{MARKS}]+)")


def marked_authors(lines: list[str], found: dict) -> list[str]:
    """The title block's lines less a line of authors marked with footnote numbers and the
    line of their affiliations, read into ``found``'s authors."""
    for n, line in enumerate(lines[:-1]):
        names = MARKED_NAME.findall(line)
        rest = MARKED_NAME.sub("", line)
        notes = dict(MARKED_NOTE.findall(lines[n + 1]))
        if not names or re.sub(r"\band\b|[,;&\s]", "", rest) or lines[n + 1][:1] not in MARKS:
            continue
        found["authors"] += [
            {"name": name, "affiliation": notes.get(marks[0], "").strip(" .;,")}
            for name, marks in names
        ]
        return lines[:n] + lines[n + 2 :]
    return lines
