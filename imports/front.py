"""What a report states of its event outside its title block's lines: in the sentences of its
first paragraphs (the event numbered by an ordinal, when and where it was held, who runs the
series, who wrote the report), on an authors line at its end, and in the heading of each of
several events ("Clinic 5 – Monday 2 March 2026, The Exchange, Lowmoor"). Pure functions over
text and the frame found so far, as ``titleblock``'s."""

import re

from . import rules
from .organisations import organisation_in
from .records import sentences
from .titleblock import (
    HELD_AT,
    MONTH,
    WEEKDAY,
    authors_text,
    find_date,
    parse_authors,
    parse_event,
    place_only,
    venue_in,
)

# A sentence of the front matter that says when and where the event was: "Notes of the 7th
# meeting of …, held on 2/2/2021 at the Civic Centre, are below."
HELD_IN_SENTENCE = re.compile(
    r"\b(?:held|took place|met|came|gathered|convened)\s+(?:on|at|in|to|together)\b", re.I
)
# Words that end an organisation's name, and a series' ("Pont Justice Partnership" runs the
# "Gwent and Glamorgan Resettlement Network").
ORGANISATION_NAME = re.compile(
    r"^(?:[A-Z][\w'’&-]*\s+|(?:and|of|for|the|&)\s+){0,8}"
    r"(?:Partnership|Trust|Institute|Unit|Centre|Service|Board|Council|Commission|Foundation|"
    r"Academy|Agency|Authority|Office|Department|University|College|Association|Society|"
    r"Alliance|Charity)$"
)
SERIES_NAME = re.compile(
    r"\b(?:Network|Series|Group|Forum|Round ?tables|Roundtables|Seminars|Programme|Clinics|"
    r"Labs|Exchanges?|Workshops|Panel|Circle|Conversations|Collaborative)$",
    re.I,
)


# "Centre for Criminal Justice Research", "University of Eastbridge": an organisation by its
# first word.
ORGANISATION_OF = re.compile(
    r"^(?:the\s+)?(?:Centre|Center|Institute|University|College|School|Faculty|Department|"
    r"Office|Ministry|Academy)\s+(?:of|for)\s+[A-Z]"
)


def names_organisation(line: str) -> bool:
    """A line that names an organisation, perhaps with its branch after a comma or a dash
    ("Probation Service — North East Region", "Centre for …, University of Eastbridge")."""
    parts = re.split(r",\s+|\s+[—–-]\s+", line)
    return any(ORGANISATION_NAME.match(p) or ORGANISATION_OF.match(p) for p in parts)


def series_below_organisation(found: dict) -> None:
    """An organisation's name on the first line, and the event's line naming its own series
    before its number ("Regional Workshops 5 and 6", "Knowledge Exchange Seminar III", words
    the first line does not hold): the first line runs the series the event's line names."""
    series, event = found.get("series", ""), found.get("event") or {}
    named = event.get("named", "")
    if "organisation" in found or not series or not event.get("prefix") or " " not in named:
        return
    if not all(word[:1].isupper() for word in named.split()):
        return  # "Minutes of meeting 9": no series named
    shared = {w.lower() for w in named.split()} & {w.lower() for w in series.split()}
    if shared or not (names_organisation(series) or re.search(r"\bNetwork$", series)):
        return
    found["organisation"], found["series"] = series, named


def organisation_above_series(found: dict) -> None:
    """The first free line names an organisation and the next a series: the organisation runs
    the series (a first line taken for the series is its organisation). A line below the
    series that names only an organisation names the one that runs it."""
    series_below_organisation(found)
    series, others = found.get("series", ""), found.get("other_lines", [])
    if "organisation" in found or not others:
        return
    if not names_organisation(series):
        # Or the series first and its organisation on a line below it.
        below = next((x for x in others if ORGANISATION_NAME.match(x) and " " in x), "")
        if below and not SERIES_NAME.search(below):
            found["organisation"] = below
        return
    if SERIES_NAME.search(others[0]) and not ORGANISATION_NAME.match(others[0]):
        found["organisation"], found["series"] = series, others[0]
        found["other_lines"] = others[1:]


def read_front_sentences(texts: list[str], found: dict, one_event: bool = True) -> None:
    """What the first paragraphs state that the title block did not: who wrote the report and
    who runs the series; and, in a report of one event, its number in a sentence ("the 7th
    meeting", "the eleventh of our round tables"), when and where it was held."""
    for sentence in (s for text in texts for s in sentences(_unnumbered(text))):
        _authors_or_organisation(sentence, found)
        if one_event:
            _event_when_where(sentence, found)


def _unnumbered(text: str) -> str:
    """A paragraph's own number ("1.2 The webinar was …") is not part of its sentence."""
    return re.sub(r"^\d{1,2}\.\d{1,2}\.?\s+(?=[A-Z])", "", text)


def _authors_or_organisation(sentence: str, found: dict) -> None:
    authors = rules.AUTHORS.match(sentence)
    if authors and not found.get("authors"):
        found["authors"] = parse_authors(authors[1])
    if "organisation" not in found and organisation_in(sentence):
        found["organisation"] = organisation_in(sentence)
    name = sentence.rstrip(".")
    if (
        "organisation" not in found
        and ORGANISATION_NAME.match(name)
        and name != found.get("series")
    ):
        found["organisation"] = name


def _event_when_where(sentence: str, found: dict) -> None:
    if "event" not in found:
        event = parse_event(sentence)
        if event:
            found["event"] = {**event, "title": ""}
    date = find_date(sentence) if HELD_IN_SENTENCE.search(sentence) else {}
    if date and "date" not in found:
        found.update(date)
        venue = venue_in(sentence, date["date_text"])
        if venue:
            found.setdefault("venue", venue)
    held_at = HELD_AT.search(sentence)
    if held_at and "venue" not in found:
        place = place_only(held_at[1])
        if place and not re.match(rf"{MONTH}\b|{WEEKDAY}", place):  # "held in March"
            found["venue"] = place


def authors_at_end(result: dict) -> None:
    """An authors line after the title block ("Prepared by: … on behalf of …", "Written up by
    …" at the report's end) names the report's authors when the front named none."""
    frame = result["frame"]
    if frame.get("authors"):
        return
    line = next((s["authors_text"] for s in result["sessions"] if s["authors_text"]), "")
    match = rules.AUTHORS.match(line) if line else None
    if not match:
        return
    frame["authors"] = parse_authors(match[1])
    result["authors"] = authors_text(frame["authors"])
    for session in result["sessions"]:
        session["authors"] = result["authors"]


def heading_when_where(session: dict, event: dict) -> None:
    """An event's heading that gives its date and place after its number ("Clinic 5 – Monday
    2 March 2026, The Exchange, Lowmoor"): the event's own, and no subject of it."""
    title = event.get("title", "")
    found = find_date(title) if title and not session["date"] else {}
    if not found:
        return
    session.update({k: found[k] for k in ("date", "date_precision")})
    session["venue"] = session["venue"] or venue_in(title, found["date_text"])
    before = title.split(found["date_text"])[0]
    before = re.sub(r"\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|on|held)\W*$", "", before)
    subject = before.strip(" ,–—-:;")
    if session["subject"] == title:  # no "Topic:" line gave it
        session["subject"] = session["heading_subject"] = subject


WHERE_COLUMN = re.compile(r"^(?:where|venue|place|location)$", re.I)
WHEN_COLUMN = re.compile(r"^(?:when|date|held on)$", re.I)


def table_when_where(blocks, sessions: list[dict]) -> None:
    """A table of the report's events with columns for where and when ("Workshop | Subject |
    Where | When", its rows numbered as the events are): each event's own date and venue."""
    by_number = {session["number"]: session for session in sessions}
    columns = None
    for b in blocks:
        cells = [" ".join(cell.split()) for cell in b.cells] if b.kind == "table_row" else []
        if _where_and_when(cells):
            columns = _where_and_when(cells)
        elif cells and columns and re.fullmatch(r"\d{1,3}", cells[0]):
            session = by_number.get(int(cells[0]))
            if session and max(columns) < len(cells):
                _when_where_cells(session, cells[columns[0]], cells[columns[1]])
        elif not cells:
            columns = None


def _where_and_when(cells: list[str]) -> tuple[int, int] | None:
    where = next((n for n, c in enumerate(cells) if WHERE_COLUMN.match(c)), None)
    when = next((n for n, c in enumerate(cells) if WHEN_COLUMN.match(c)), None)
    return (where, when) if where is not None and when is not None else None


def _when_where_cells(session: dict, where: str, when: str) -> None:
    found = find_date(when)
    if found and not session["date"]:
        session.update({k: found[k] for k in ("date", "date_precision")})
    session["venue"] = session["venue"] or place_only(where)
