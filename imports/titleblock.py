"""The title block of a report: the series, the event (its word, number in digits or words,
title), the date in common British forms, the venue, the organisation and the authors with
their affiliations. Each field only when a line states it: nothing is made up (no default date).
Pure functions over text, no database.
"""

import re

from . import rules
from .dates import MONTH, ORDINAL_WORDS, WEEKDAY, find_date, month_number  # noqa: F401
from .numbering import NUMBER_WORDS, ROMAN, number_value, roman_value
from .organisations import marked_authors, organisation_in

# The title block: series, event, date, venue, organisation, authors -----------------------------

EVENT_WORDS = (
    r"breakout session|breakout|session|seminar|workshop|round[ -]?table|meeting|"
    r"learning exchange|exchange|conference|forum|event|masterclass|webinar|symposium|summit"
)
EVENT = re.compile(
    rf"^(?P<prefix>(?:\S+\s+){{0,6}}?)(?P<word>{EVENT_WORDS})s?\s+(?:(?:no\.?|number|#)\s*)?"
    rf"(?P<number>\d{{1,3}}|{'|'.join(NUMBER_WORDS)}|{ROMAN})\b(?P<rest>.*)$",
    re.IGNORECASE,
)
# Any other event, in the title block only: one or two capitalised words, then the number and
# then a colon, a dash, a comma or nothing ("Visit 4: …", "Learning Review 2", "Hearing Three –").
# A publication's own numbering ("Issue 14", "Volume 2") is no event.
ANY_EVENT = re.compile(
    rf"^(?P<prefix>.*?)(?P<word>(?:[A-Z][a-z]+\s+)?(?!(?:Issue|Volume|Edition|Page|Part)\b)"
    rf"[A-Z][a-z]{{2,}})\s+"
    rf"(?P<number>\d{{1,3}}|(?i:{'|'.join(NUMBER_WORDS)})|{ROMAN})(?=\s*(?:[:–—,-]|$))(?P<rest>.*)$"
)
# "the 7th meeting of …", "The Fifth Seminar": an ordinal before the event's word.
ORDINAL_EVENT = re.compile(
    rf"^(?P<prefix>(?:\S+\s+){{0,6}}?)(?P<number>\d{{1,3}}(?:st|nd|rd|th)|"
    rf"{'|'.join(ORDINAL_WORDS)})\s+(?P<word>{EVENT_WORDS})\b(?P<rest>.*)$",
    re.IGNORECASE,
)
# "The eleventh of our round tables", "the second of these workshops".
ORDINAL_OF_EVENT = re.compile(
    rf"^(?P<prefix>(?:\S+\s+){{0,6}}?)(?P<number>{'|'.join(ORDINAL_WORDS)}) of "
    rf"(?:our|the|these|its|this group's) (?P<word>{EVENT_WORDS})s?\b(?P<rest>.*)$",
    re.IGNORECASE,
)
# What follows an event's number and is not its title ("Meeting 5, held on …"; "The tenth
# meeting will be in June", a sentence about it).
NOT_A_TITLE = re.compile(
    r"^(?:held|on|at|in|and|of|report|will|was|were|is|took|met|has|had|would|may)\b", re.I
)

VENUE_WORDS = re.compile(
    r"\b(?:Building|House|Centre|Center|Hall|Hotel|Library|Chambers|College|University|Room|"
    r"Campus|Offices?|Suite|Guildhall|Court|Temple|Hub|Chapel|Church|Theatre|Museum|Gallery|"
    r"Pavilion)\b"
)
LABELLED = re.compile(
    r"^(date|venue|location|place|organisation|organiser|organised by|hosted by|convened by)"
    r"\s*:?\s+(?:the\s+)?(.+?)\.?$",
    re.I,
)
REPORT_KIND = re.compile(
    r"^(?:\w+\s+)?(?:report|notes|minutes|summary|briefing|proceedings)(?:\s+\w+)?$", re.I
)
LABELS = {
    "date": "date_text",
    "venue": "venue",
    "location": "venue",
    "place": "venue",
    "organisation": "organisation",
    "organiser": "organisation",
    "organised by": "organisation",
    "hosted by": "organisation",
    "convened by": "organisation",
}


def parse_event(text: str, any_word: bool = False) -> dict:
    """ "Seminar Four: Markets …", "Workshop 2", "Round Table 3 – Diversion": the event's word,
    number (digits or words) and title; {} when the text names no numbered event. With
    ``any_word`` (a title block's line), any one or two capitalised words before the number
    and a colon or dash name the event ("Visit 4: …", "Learning Review 2: …")."""
    text = " ".join(text.split())
    match = (
        EVENT.match(text)
        or (ANY_EVENT.match(text) if any_word else None)
        or ORDINAL_EVENT.match(text)
        or ORDINAL_OF_EVENT.match(text)
    )
    if not match:
        return {}
    if re.fullmatch(ROMAN, match["number"]):
        number, style = roman_value(match["number"]), "roman"
    else:
        number, style = number_value(match["number"].lower())
    title = match["rest"].strip().lstrip(":.–—-,").strip()
    word = match["word"]
    return {
        "prefix": match["prefix"].strip(),
        "word": word if match.re is ANY_EVENT else _capitalised(word),
        "any_word": match.re is ANY_EVENT,
        "number": number,
        "number_style": style,
        # The words that name it, as the line writes them ("Regional Workshops", "Knowledge
        # Exchange Seminar"): the series, when a line above names who runs it.
        "named": re.sub(r"\s+(?:no\.?|number|#)\s*$", "", text[: match.start("number")], flags=re.I)
        .strip()
        .removeprefix("The ")
        if match.re in (EVENT, ANY_EVENT)
        else "",
        "title": "" if NOT_A_TITLE.match(title) else title,
        "text": text,
    }


def _capitalised(word: str) -> str:
    return " ".join(w.capitalize() for w in word.replace("-", " ").split())


def _without_series_words(found: dict) -> None:
    """ "Peer Review Visit 4" in the "… Peer Review Programme": the words the event's line
    shares with the series name the series, not the event ("Visit")."""
    event, series = found.get("event"), found.get("series", "")
    if not event or not event.get("any_word") or " " not in event["word"] or not series:
        return
    first, rest = event["word"].split(" ", 1)
    if re.search(rf"\b{re.escape(event['word'])}s?$", series, re.I):
        return  # "Learning Set 3" of the "… Learning Sets": the series' last words, whole
    if first.lower() in series.lower().split():
        event["word"] = rest
        event["prefix"] = f"{event['prefix']} {first}".strip()


def _with_series_words(found: dict) -> None:
    """ "Practice Exchange 6" of the "Riverbend Probation Practice Exchange": a capitalised word
    before the event's word that ends the series with it belongs to the event's word."""
    event, series = found.get("event"), found.get("series", "").lower()
    if not event or event.get("any_word") or not event["prefix"]:
        return
    before = event["prefix"].split()[-1]
    if before[:1].isupper() and series.endswith(f"{before} {event['word']}".lower()):
        event["word"] = f"{before} {event['word']}"
        event["prefix"] = event["prefix"][: -len(before)].strip()


AUTHOR_WITH_AFFILIATION = re.compile(r"\s*(?:and\s+|;\s*|,\s*)?([^();]+?)\s*\(([^)]+)\)")


def parse_authors(text: str) -> list[dict]:
    """ "Dr A (University of X) and Prof B (Y)", "A, Organisation; B, Other": names with
    their affiliations."""
    text = _without_tail(text)
    found = [
        {"name": name.strip(" ,;"), "affiliation": affiliation.strip()}
        for name, affiliation in AUTHOR_WITH_AFFILIATION.findall(text)
    ]
    if found:
        return found
    authors = []
    for part in _author_parts(text):
        name, _comma, affiliation = part.partition(",")
        if name.strip():
            authors.append({"name": name.strip(), "affiliation": affiliation.strip(" .")})
    return authors


# What an authors line says after the authors: "… on behalf of the steering group, 10 February
# 2026", "…, with thanks to everyone who took part".
AUTHORS_TAIL = re.compile(
    r",?\s+(?:(?:for and )?on behalf of|with (?:many )?thanks|thanks to)\b.*$", re.I
)


def _without_tail(text: str) -> str:
    text = AUTHORS_TAIL.sub("", text)
    date = find_date(text)
    if date and text.rstrip(" .").endswith(date["date_text"]):
        text = text.rstrip(" .")[: -len(date["date_text"])]
    return text.strip(" ,;")


def _author_parts(text: str) -> list[str]:
    """Split on ";", and on "and" where both sides are alike ("A, Org and B, Org", "A and
    B"): never inside an affiliation ("A, Office of the Police and Crime Commissioner")."""
    parts = []
    for part in text.split(";"):
        sides = re.split(r"\band\b", part)
        commas = {"," in side for side in sides}
        parts += sides if len(commas) == 1 else [part]
    return parts


def authors_text(authors: list[dict]) -> str:
    return "; ".join(
        f"{a['name']} ({a['affiliation']})" if a["affiliation"] else a["name"] for a in authors
    )


# Where, with no date beside it: "The webinar was hosted from Tŷ Pont, Cardiff Bay, and …";
# or before it: "Twenty members came to Wharf Hall, Leeds, in March 2024".
HELD_AT = re.compile(
    r"\b(?:held|hosted|took place|met|was run|ran|came|gathered)\s+(?:at|in|from|to)\s+"
    r"(?:the\s+)?(?=[A-Z])(.+)$"
)


def venue_in(text: str, date_text: str) -> str:
    """The venue a line gives beside its date: "… held on 12 May 2013 at Westgate House",
    "15/03/2012, Guildhall Chambers, Wessington". Where the line says the event was held on
    its date "at" a place, the place is the venue whatever its name ("Corn Exchange Rooms")."""
    after = text.split(date_text, 1)[-1] if date_text else text
    # A time after the date (", 10:00–11:30", "from 2pm") says when, not where.
    after = re.sub(rf"^\s*[,·•|–—-]?\s*(?:from\s+)?{rules.TIME}", "", after)
    at = re.search(r"\b(?:at|in)\s+(?:the\s+)?([A-Z][^;]+?)\.?$", after)
    held_at = date_text and (rules.HELD.match(text) or re.match(r"^\s*,?\s*at\b", after))
    if at and (held_at or VENUE_WORDS.search(at[1])):
        return place_only(at[1])
    rest = place_only(after.strip(" ,.–—-|·•"))
    if VENUE_WORDS.search(rest) or _only_names_after(date_text, after, rest):
        return rest
    ahead = text.split(date_text, 1)[0] if date_text else ""
    before = HELD_AT.search(ahead)
    if before:
        return place_only(before[1])
    # "Senate Room, Hollis Building — 11th March 2026": a place, then only the date.
    ahead = re.sub(rf"\s*[,|–—·•-]?\s*(?:on\s+)?{WEEKDAY_WORD}?$", "", ahead.strip(" ,|–—·•-"))
    alone = not after.strip(" ,.") and ahead == place_only(ahead)
    return ahead if alone and VENUE_WORDS.search(ahead) and not parse_event(ahead) else ""


WEEKDAY_WORD = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?)"


def _only_names_after(date_text: str, after: str, place: str) -> bool:
    """ "Thursday 6th October 2022, The Lowry, Salford Quays": a line of a date and then only
    names is the date and the place, whatever the place is called."""
    return bool(
        date_text
        and re.match(r"^\s*[,|–—·•-]", after)
        and len(place.split()) <= 8
        and place == after.strip(" ,.–—-|·•")
    )


def place_only(text: str) -> str:
    """A place's parts up to the first that is no name: "Civic Centre, Room 2, are below."
    is "Civic Centre, Room 2"."""
    parts = []
    for part in text.strip().rstrip(".").split(","):
        if not part.strip()[:1].isupper() and not part.strip()[:1].isdigit():
            break
        parts.append(part.strip())
    return ", ".join(parts)


def read_title_block(lines: list[str]) -> dict:
    """The frame the title block states; each field only when a line states it (never made
    up). ``lines``: the title block's lines, in order."""
    found: dict = {"authors": [], "other_lines": []}
    lines = marked_authors(lines, found)
    for part in (part for line in lines for part in title_line_parts(line)):
        if part.strip():
            _read_title_line(" ".join(part.split()), found)
    _without_series_words(found)
    _with_series_words(found)
    found.pop("venue_guessed", None)
    return found


# The parts of a title block written on one line: "Seminar 3 — 12 May 2019 — Civic Hall, Leeds —
# report by …", "The newsletter of … | Issue 14 | Spring 2024".
PART_SEPARATOR = re.compile(r"\s+[—–|]\s+|\s+-\s+(?=\S)")


def title_line_parts(line: str) -> list[str]:
    """A line of three or more parts joined by spaced dashes or bars is that many lines; a
    line of two ("Workshop 2 – Diversion") stays whole, an event and its title."""
    parts = [part.strip() for part in PART_SEPARATOR.split(" ".join(line.split()))]
    return parts if len(parts) >= 3 and all(parts) else [line]


def _read_title_line(line: str, found: dict) -> None:
    mail = EMAIL_HEADER.match(line)
    if mail:  # an email's header: when it was sent is not when the meeting was
        if mail[1].lower() == "subject":
            _read_free_line(line[mail.end() :].strip(), found)
        return
    authors = rules.AUTHORS.match(line)
    labelled = LABELLED.match(line)
    if authors:
        found["authors"] += parse_authors(authors[1])
        found["authors_line"] = line
        if organisation_in(line):  # "Prepared by: … on behalf of the … Alliance"
            found.setdefault("organisation", organisation_in(line))
    elif labelled:
        field = LABELS[labelled[1].lower()]
        value = labelled[2].strip()
        if field == "venue" and found.pop("venue_guessed", False):
            found.pop("venue")  # a labelled venue goes before one guessed from a building word
        found.setdefault(field, value)
        if field == "date_text":
            for key, date_value in find_date(value).items():
                found.setdefault(key, date_value)
    else:
        _read_free_line(line, found)


# "The newsletter of the Thameside Commissioning Circle": the series it reports on.
PUBLICATION_OF = re.compile(
    r"^(?:the |an? )?(?:\w+ )?(?:newsletter|bulletin|magazine|journal|digest) of (?:the )?(.+)$",
    re.I,
)

PUBLICATION_NUMBER = re.compile(
    r"^(?:(?:issue|volume|vol\.?|edition|no\.?)\s+\d{1,4}|(?:spring|summer|autumn|winter)\s+\d{4})$",
    re.I,
)


def _publication_line(line: str, found: dict) -> bool:
    """ "Issue 14", "Spring 2024": the publication's own number; "The newsletter of the …
    Circle": the series it reports on (a masthead above it names the publication only)."""
    if PUBLICATION_NUMBER.match(line):
        found.setdefault("publication_issue", line)
        return True
    publication = PUBLICATION_OF.match(line)
    if not publication:
        return False
    if "series" in found:
        found["publication"] = found["series"]
    found["series"] = publication[1].strip()
    return True


def _read_free_line(line: str, found: dict) -> None:
    """A line with no label: the event, a date, a venue, an organiser, the kind of report, or
    (the first line that is none of these) the series."""
    if _publication_line(line, found):
        return
    event = _event_line(line, found)
    date = find_date(line)
    for key, value in date.items():
        found.setdefault(key, value)
    venue = _venue_line(line, date, event, found)
    organised = ORGANISED.search(line)
    if organised or organisation_in(line):
        found.setdefault("organisation", organisation_in(line) or organised[1])
    if REPORT_KIND.match(line):
        found.setdefault("report_kind", line)
    elif not (event or date or venue or organised):
        found["other_lines" if "series" in found else "series"] = (
            [*found["other_lines"], line] if "series" in found else line
        )


def _event_line(line: str, found: dict) -> dict:
    event = parse_event(line, any_word=True)
    if event and found.get("event") and not found["event"]["title"]:
        # "Partnership Board – Meeting No. 14" / "Paper 3: Learning from …": the meeting's
        # number, its item's title.
        found["event"]["title"] = event["title"]
    elif event:
        found.setdefault("event", event)
    return event


def _venue_line(line: str, date: dict, event: dict, found: dict) -> str:
    """The venue a free line gives. The first line that is no event, date or organiser names
    the series, even when it holds a building word ("The Hartley House Roundtables"), unless
    a date came before it; a later one may be the venue, one guessed from a building word that
    a labelled line replaces."""
    venue = venue_in(line, date.get("date_text", "")) if date or not event else ""
    if not venue or not (date or "series" in found or "date" in found):
        return ""
    if "venue" not in found:
        found["venue"], found["venue_guessed"] = venue, not date
    return venue


# The header of notes sent as an email ("From: …", "Sent: 3 February 2021 09:12", "Subject: …").
EMAIL_HEADER = re.compile(r"^(from|sent|to|cc|bcc|date sent|subject|re|fw|fwd)\s*:\s*", re.I)
ORGANISED = re.compile(
    r"(?:\b(?:organised|hosted|convened|published|produced) by|^an? report from) "
    r"(?:the )?(.+?)\.?$",
    re.I,
)
