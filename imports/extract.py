"""From a read document to what it says: a pure function, no database.

``extract(document)`` returns plain data (dicts, lists, strings, numbers) that JSON can hold:

- ``frame``: what the title block states (``imports.titleblock``: series, event, date, venue,
  organisation, authors with affiliations, kind of report), each field only when stated;
- ``group``: name, introduction, how findings will be shared, the inaugural meeting;
- ``schedule``: the schedule table's rows (number, subject, location, ISO date);
- ``report_note``: why sessions were combined, if the report says so;
- ``paragraphs``: every block of text in reading order; records point into it by index;
- ``sessions``: per event (one when the document numbers none), its ``event``, date, venue,
  fields (focus, circumstances, learning points' and
  risks' introductions, conclusion), ``topics`` (title, level, paragraph) and ``records``:
  learning points (a paragraph each), candidate risks and recommendations (a sentence each,
  or an item each under a "Risks" or "Recommendations" heading), questions raised,
  each with the ``cue`` that produced it, a proposed short ``statement``, its ``paragraph``,
  ``topic``, ``agreement``, ``party``, ``strength``, ``themes`` and ``sectors``; ``figures``.

Nothing here knows the models: ``imports.apply`` turns this into draft sessions.
"""

import re

from . import frame, front, rules, titleblock
from .document import Document
from .lines import STANDARD_HEADINGS
from .records import sentences
from .session_reader import SessionReader


def extract(document: Document) -> dict:
    """The report's frame, front matter and events. A document with several event headings
    ("Round Table 1: …", "Round Table 2: …", or the pilot's "… Session 4: …") is several
    sessions; one with none is one session, framed by its title block."""
    blocks = list(document.blocks)
    paragraphs = [
        {"index": i, "kind": b.kind, "text": b.text, "level": b.level} for i, b in enumerate(blocks)
    ]
    result = {
        "format": document.format,
        "title": [],
        "frame": {},
        "group": {"name": "", "introduction": "", "findings_sharing": ""},
        "schedule": [],
        "report_note": "",
        "authors": "",
        "authors_text": "",
        "paragraphs": paragraphs,
        "sessions": [],
        "notes": list(document.notes),
    }
    title_end = title_block_end(blocks)
    starts = event_starts(blocks)
    frame.front_matter(blocks[: starts[0] if starts else title_end], result, title_end)
    _read_frame(result, blocks, title_end, starts)
    schedule = {row["number"]: row for row in result["schedule"]}
    if not starts:
        event = result["frame"].get("event") or _first_event(blocks)
        result["sessions"].append(_session(blocks, title_end, len(blocks), event, 0, schedule))
        _frame_single_session(result)
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(blocks)
        event = titleblock.parse_event(blocks[start].text, any_word=True)
        level = blocks[start].level if blocks[start].kind == "heading" else 1
        result["sessions"].append(_session(blocks, start + 1, end, event, level, schedule))
        front.heading_when_where(result["sessions"][-1], event)
    if len(result["sessions"]) > 1:
        front.table_when_where(blocks, result["sessions"])
    front.authors_at_end(result)
    for session in result["sessions"]:
        session["authors"] = session["authors"] or result["authors"]
    return result


def _read_frame(result, blocks, title_end, starts) -> None:
    """The frame from the title block's lines, then from the first paragraphs' sentences."""
    result["frame"] = titleblock.read_title_block([*result["title"], result["authors_text"]])
    front.organisation_above_series(result["frame"])
    front.read_front_sentences(
        _front_paragraphs(blocks, title_end), result["frame"], one_event=not starts
    )
    result["group"]["name"] = result["group"]["name"] or result["frame"].get("series", "")
    # With their affiliations, as "Name (Affiliation); …"; names alone, as the report wrote them.
    authors = result["frame"]["authors"]
    if any(author["affiliation"] for author in authors) or (authors and not result["authors"]):
        result["authors"] = titleblock.authors_text(authors)


def _is_title_line(b) -> bool:
    if b.kind == "title":
        return True
    if b.kind not in ("heading", "paragraph") or len(b.text.split()) > 25:
        return False
    if b.kind == "heading" and b.level == 1:
        return False
    name = rules.heading_name(b.text)
    if rules.PROGRAMME_HEADING.match(name) or STANDARD_HEADINGS.match(name):
        return False
    return not b.text.endswith(".") or bool(rules.AUTHORS.match(b.text))


def title_block_end(blocks) -> int:
    """Where the title block ends: at the first block that is not a short line of a title
    (a level-1 heading, "Introduction" or "Programme", prose, a list, a table), and past the
    lines of when, where and by whom that follow it."""
    marked = next((i for i, b in enumerate(blocks) if b.kind != "title"), len(blocks))
    if marked < 2:  # else the document marks its title block (Word's Title style, text's top)
        marked = next(
            (i for i, b in enumerate(blocks) if i >= TITLE_BLOCK_MAX or not _is_title_line(b)),
            len(blocks),
        )
    while marked < min(len(blocks), TITLE_BLOCK_MAX) and _is_front_line(blocks[marked]):
        marked += 1
    return marked


def _is_front_line(b) -> bool:
    """A line after the title that says when and where the event was or who wrote the report
    ("11–12 March 2024, Cloth Hall Court, Leeds", "Prepared by …", "Sent: …"), one sentence."""
    text = b.text
    if b.kind not in ("paragraph", "heading") or len(text.split()) > 30:
        return False
    if rules.AUTHORS.match(text) or titleblock.EMAIL_HEADER.match(text):
        return True
    if re.match(r"^(?:venue|location|place|where|organisation|organiser)\s*:", text, re.I):
        return True  # "Location: Council Chambers, Northfell House"
    if len(sentences(text)) > 1 or not titleblock.find_date(text):
        return False
    return not text.endswith(".") or bool(front.HELD_IN_SENTENCE.search(text))


def _front_paragraphs(blocks, title_end) -> list[str]:
    """The first paragraphs after the title block (at most three), under the first heading
    when one comes before them ("Introduction", "Setting the scene"), up to the next."""
    texts: list[str] = []
    for b in blocks[title_end : title_end + 4]:
        if rules.AUTHORS.match(b.text):  # a byline set as a heading ("Words: …") ends nothing
            continue
        if b.kind == "heading" and texts:
            break
        if b.kind == "paragraph" and len(texts) < 3:
            texts.append(b.text)
    return texts


TITLE_BLOCK_MAX = 12


def _event_candidates(blocks):
    # After the pilot's introduction, and never in the title block ("Report of Round Tables 1
    # and 2" names the events; it does not start one). A heading may number an event of any
    # word ("Visit 1: …"): event_starts decides whether such headings are events.
    after = max(frame.introduction_index(blocks), title_block_end(blocks) - 1)
    for i, b in enumerate(blocks):
        if i <= after or b.kind not in ("heading", "paragraph") or len(b.text.split()) > 25:
            continue
        event = titleblock.parse_event(b.text, any_word=b.kind == "heading")
        if event and (b.kind == "heading" or event["title"]):
            yield i, event


def event_starts(blocks) -> list[int]:
    """The blocks that start an event: the pilot's session headings (even one), or two or more
    headings that number events of one kind ("Round Table 1: …", "Round Table 2: …"; of a
    word not among the event words, "Visit 1: …", when the title block names that word or
    each such heading's first lines give a date)."""
    candidates = list(_event_candidates(blocks))
    pilot = [i for i, _e in candidates if rules.SESSION_HEADING.match(blocks[i].text)]
    if pilot:
        return pilot
    known = [(i, e) for i, e in candidates if not e["any_word"]]
    numbers = {(e["word"], e["number"]) for _i, e in known}
    if len(numbers) >= 2 and len({word for word, _n in numbers}) == 1:
        return [i for i, _e in known]
    return _headings_of_other_events(blocks, [(i, e) for i, e in candidates if e["any_word"]])


def _headings_of_other_events(blocks, candidates) -> list[int]:
    title = " ".join(b.text for b in blocks[: title_block_end(blocks)]).lower()
    by_word: dict = {}
    for i, event in candidates:
        by_word.setdefault((event["word"], blocks[i].level), []).append(i)
    for (word, _level), starts in by_word.items():
        numbers = {titleblock.parse_event(blocks[i].text, any_word=True)["number"] for i in starts}
        named = re.search(rf"\b{re.escape(word.lower())}", title)
        dated = all(_dated_soon(blocks, i) for i in starts)
        if len(numbers) >= 2 and len(numbers) == len(starts) and (named or dated):
            return starts
    return []


def _dated_soon(blocks, start) -> bool:
    """Whether one of the two blocks after an event's heading gives a date."""
    return any(titleblock.find_date(b.text) for b in blocks[start + 1 : start + 3])


def _first_event(blocks) -> dict:
    return next((e for _i, e in _event_candidates(blocks) if not e["any_word"]), {})


def _frame_single_session(result) -> None:
    """A single event takes its date, venue and subject from the title block."""
    found = result["frame"]
    session = result["sessions"][0]
    for key in ("date", "date_precision", "venue"):
        session[key] = session.get(key) or found.get(key, "")
    if not session["subject"]:
        event = found.get("event", {})
        # An event's own title; else the series it belongs to ("Minutes of Meeting 5"); else
        # the line that names it ("Regional Commissioning Workshop 2"); else the title's line.
        if event:  # a title line that is no series before the series ("Buying outcomes …")
            others = found.get("other_lines", [])[:1]
            choices = [event.get("title"), *others, found.get("series"), event.get("text")]
        else:  # a title line that is no series ("Annual Conference 2015: …"), or the series
            choices = [*found.get("other_lines", []), found.get("series")]
        # Last, the first title line up to its date ("Learning from the Practice Day, 9 May…").
        first = result["title"][0] if result["title"] else ""
        choices.append(first.split(found.get("date_text") or "\0")[0].strip(" ,–-"))
        session["subject"] = next((c for c in choices if c), "")
        session["heading_subject"] = session["subject"]


def _session(blocks, first, end, event, base_level, schedule) -> dict:
    """One event: its blocks from ``first`` to ``end``; ``event`` as parse_event gives it
    ({} when the document numbers none); ``base_level``: the level of its own heading."""
    number = event.get("number") or 0
    row = schedule.get(number, {})
    session = _new_session(number, event.get("title", ""), row, max(first - 1, 0))
    session["event"] = event
    # Topics are the headings under the session's own: the next level down is a heading, the
    # one below that a sub-heading (sessions.TopicHeading.Level).
    reader = SessionReader(session, blocks, end, base_level)
    for i in range(first, end):
        reader.read(i, blocks[i])
    reader.finish()
    return session


def _new_session(number, heading_subject, row, start) -> dict:
    return {
        "number": number,
        "subject": row.get("subject") or heading_subject,
        "heading_subject": heading_subject,
        "location": row.get("location", ""),
        "date": row.get("date", ""),
        "date_precision": "month" if row.get("date") else "",
        "venue": "",
        "paragraph": start,
        "fields": {
            "focus": "",
            "circumstances": "",
            "learning_points_intro": "",
            "risks_intro": "",
            "conclusion": "",
        },
        "topics": [],
        "records": [],
        "figures": [],
        # Paragraphs held by the session's own text: a risk or recommendation drawn from one
        # points at that part of the session (issue 10's source_section).
        "sections": {"focus": [], "conclusion": []},
        "authors": "",
        "authors_text": "",
        # Rows of its programme: time, title, speakers (name, role, organisation), paragraph.
        "programme": [],
        "left_out": [],  # paragraphs that are no record: an attendance list
    }
