"""From a read document to what it says: a pure function, no database.

``extract(document)`` returns plain data (dicts, lists, strings, numbers) that JSON can hold:

- ``group``: name, introduction, how findings will be shared, the inaugural meeting;
- ``schedule``: the schedule table's rows (number, subject, location, ISO date);
- ``report_note``: why sessions were combined, if the report says so;
- ``paragraphs``: every block of text in reading order; records point into it by index;
- ``sessions``: per session heading, its fields (focus, circumstances, learning points' and
  risks' introductions, conclusion), ``topics`` (title, level, paragraph) and ``records``:
  learning points (a paragraph each) and candidate risks and recommendations (a sentence each),
  each with the ``cue`` that produced it, a proposed short ``statement``, its ``paragraph``,
  ``topic``, ``agreement``, ``party``, ``strength``, ``themes`` and ``sectors``; ``figures``.

Nothing here knows the models: ``imports.apply`` turns this into draft sessions.
"""

import datetime
import re
from functools import lru_cache

import pysbd

from . import rules
from .document import Document


@lru_cache(maxsize=1)
def _segmenter():
    return pysbd.Segmenter(language="en", clean=False)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _segmenter().segment(" ".join(text.split())) if s.strip()]


def first_match(table, text):
    for value, pattern in table:
        if pattern.search(text):
            return value, pattern
    return "", None


def cue_of(table, text):
    for name, pattern in table:
        match = pattern.search(text)
        if match:
            return f"{name}: “{match.group(0)}”"
    return ""


def themes_of(text: str) -> list[str]:
    return [slug for slug, _name, pattern in rules.THEME_PATTERNS if pattern.search(text)]


def short_statement(sentence: str, words: int = 30) -> str:
    text = rules.ATTRIBUTION.sub("", sentence, count=1).strip()
    text = text[:1].upper() + text[1:]
    parts = text.split()
    if len(parts) <= words:
        return text
    cut = " ".join(parts[:words])
    for stop in (", ", " and ", " which ", " whilst "):
        at = cut.rfind(stop)
        if at > len(cut) // 2:
            cut = cut[:at]
            break
    return cut.rstrip(",;: ") + "…"


def _schedule(texts: list[str]) -> tuple[list[dict], str]:
    """Rows of the schedule table from its text, and any prose that followed it."""
    joined = " ".join(texts)
    rows, end = [], 0
    for match in rules.SCHEDULE_ROW.finditer(joined):
        number, subject, location, month, year = match.groups()
        month_number = rules.MONTHS.split("|").index(month) + 1
        rows.append(
            {
                "number": int(number),
                "subject": " ".join(subject.split()),
                "location": location,
                "date": datetime.date(int(year), month_number, 1).isoformat(),
            }
        )
        end = match.end()
    return rows, joined[end:].strip()


def is_schedule_text(text: str) -> bool:
    """Text that continues a schedule table read as lines (a row, or part of one)."""
    return bool(
        re.match(r"^\d", text)
        or re.match(rf"^\S+\s+(?:{rules.MONTHS})\s+\d{{4}}", text)
        or not re.search(r"[.?!]$", text)
        or rules.SCHEDULE_ROW.search(text)
    )


def extract(document: Document) -> dict:
    blocks = list(document.blocks)
    paragraphs = [
        {"index": i, "kind": b.kind, "text": b.text, "level": b.level} for i, b in enumerate(blocks)
    ]
    result = {
        "format": document.format,
        "title": [],
        "group": {"name": "", "introduction": "", "findings_sharing": ""},
        "schedule": [],
        "report_note": "",
        "authors": "",
        "authors_text": "",
        "paragraphs": paragraphs,
        "sessions": [],
    }
    session_starts = [
        i
        for i, b in enumerate(blocks)
        if b.kind in ("heading", "paragraph")
        and rules.SESSION_HEADING.match(b.text)
        and i > _introduction_index(blocks)
    ]
    _front_matter(blocks[: session_starts[0] if session_starts else len(blocks)], result)
    schedule = {row["number"]: row for row in result["schedule"]}
    for n, start in enumerate(session_starts):
        end = session_starts[n + 1] if n + 1 < len(session_starts) else len(blocks)
        session = _session(blocks, start, end, schedule)
        session["authors"] = session["authors"] or result["authors"]
        result["sessions"].append(session)
    return result


def _introduction_index(blocks) -> int:
    for i, b in enumerate(blocks):
        if b.kind == "heading" and b.text.lower() == "introduction":
            return i
    return -1


def _front_matter(blocks, result):
    intro_at = _introduction_index(blocks)
    # An authors line names the authors of every session the report covers.
    for b in blocks:
        match = rules.AUTHORS.match(b.text) if b.kind in ("paragraph", "heading") else None
        if match and len(b.text.split()) <= 25:
            result["authors"], result["authors_text"] = match.group(1).strip(), b.text
    blocks = [b for b in blocks if not result["authors_text"] or b.text != result["authors_text"]]
    intro_at = _introduction_index(blocks)
    title = [b.text for b in blocks[: max(intro_at, 0)]]
    result["title"] = title
    group = result["group"]
    for line in title:
        if re.search(r"\bgroup\b", line, re.I) and not rules.SESSION_HEADING.match(line):
            group["name"] = line
            break
    introduction, sharing, schedule_texts = [], [], []
    in_schedule = False
    for b in blocks[intro_at + 1 :]:
        if b.kind == "table_row" or (
            b.kind == "heading" and re.match(r"^\s*subject\b", b.text, re.I)
        ):
            in_schedule = True
            if b.kind == "table_row" and not re.match(r"^\s*subject\b", b.text, re.I):
                schedule_texts.append(" ".join(b.cells) if b.cells else b.text)
            continue
        if in_schedule and not sharing and is_schedule_text(b.text):
            schedule_texts.append(b.text)
            continue
        if not in_schedule:
            introduction.append(b.text)
        elif re.search(r"\bcombined\b", b.text, re.I):
            result["report_note"] = b.text
        else:
            sharing.append(b.text)
    rows, rest = _schedule(schedule_texts)
    if rest:
        sharing.insert(0, rest)
    result["schedule"] = rows
    group["introduction"] = "\n\n".join(introduction)
    group["findings_sharing"] = "\n\n".join(sharing)
    match = rules.INAUGURAL.search(group["introduction"])
    if match:
        day, month, year, place = match.groups()
        month_number = rules.MONTHS.split("|").index(month) + 1
        group["inaugural_meeting"] = datetime.date(int(year), month_number, int(day)).isoformat()
        group["inaugural_location"] = place
    focus = re.search(r"focuses on one key area of commissioning; ([^,]+)", group["introduction"])
    group["focus"] = focus.group(1).strip() if focus else ""


def _session(blocks, start, end, schedule) -> dict:
    heading = rules.SESSION_HEADING.match(blocks[start].text)
    number, heading_subject = int(heading.group(1)), heading.group(2).strip()
    row = schedule.get(number, {})
    fields = {
        "focus": "",
        "circumstances": "",
        "learning_points_intro": "",
        "risks_intro": "",
        "conclusion": "",
    }
    session = {
        "number": number,
        "subject": row.get("subject") or heading_subject,
        "heading_subject": heading_subject,
        "location": row.get("location", ""),
        "date": row.get("date", ""),
        "paragraph": start,
        "fields": fields,
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
    }
    # Topics are the headings under the session's own: the next level down is a heading, the
    # one below that a sub-heading (sessions.TopicHeading.Level).
    base_level = blocks[start].level if blocks[start].kind == "heading" else 1
    in_programme = False
    topic = None
    in_conclusion = False
    in_risk_list = False
    focus_open = False
    conclusion, learning_points = [], []
    sentence_sources = []  # (paragraph index, text, topic, kind of place)
    captions = set()  # paragraphs that are a figure's caption
    for i in range(start + 1, end):
        b = blocks[i]
        # A line of a title ("Written by …") may read as a heading.
        authors = rules.AUTHORS.match(b.text) if b.kind in ("paragraph", "heading") else None
        if authors and len(b.text.split()) <= 25:
            session["authors"], session["authors_text"] = authors.group(1).strip(), b.text
            continue
        if b.kind == "heading":
            in_risk_list = focus_open = False
            in_programme = bool(rules.PROGRAMME_HEADING.match(b.text))
            if in_programme:
                continue
            if re.match(r"^conclusions?$", b.text, re.I):
                in_conclusion, topic = True, None
            else:
                topic = b.text
                level = min(max(b.level - base_level, 1), 2)
                session["topics"].append({"title": b.text, "level": level, "paragraph": i})
            continue
        if in_programme:
            row = _programme_row(b, i)
            if row is not None:
                session["programme"].append(row)
                continue
            if b.kind == "table_row":
                continue  # the programme's own header row ("Time", "Session", "Speakers")
            in_programme = False
        if i in captions:
            continue
        if b.kind == "figure":
            # Its caption is the paragraph under it that names it ("Figure 1: The local model").
            following = blocks[i + 1] if i + 1 < end else None
            caption = (
                rules.FIGURE_CAPTION.match(following.text)
                if following is not None and following.kind == "paragraph"
                else None
            )
            if caption:
                captions.add(i + 1)
            session["figures"].append(
                {
                    "number": len(session["figures"]) + 1,
                    "caption": (caption.group(1) or "").strip() if caption else "",
                    "caption_text": following.text if caption else "",
                    "paragraph": i,
                    "block": i,
                    # Printed after the learning point before it (sessions.Figure.order).
                    "order": len(learning_points),
                }
            )
            continue
        if in_conclusion:
            conclusion.append(b.text)
            session["sections"]["conclusion"].append(i)
            sentence_sources.append((i, b.text, None, "conclusion"))
            continue
        if not fields["focus"]:
            lines = sentences(b.text)
            circumstances = [s for s in lines if rules.CIRCUMSTANCES.search(s)]
            focus = [s for s in lines if s not in circumstances]
            fields["circumstances"] = " ".join(circumstances)
            fields["focus"] = " ".join(focus) if focus else b.text
            focus_open = b.text.endswith(":")
            session["sections"]["focus"].append(i)
            sentence_sources.append((i, b.text, topic, "focus"))
            continue
        if focus_open and b.kind == "numbered" and not learning_points:
            fields["focus"] += ("\n\n" if "\n" not in fields["focus"] else "\n") + (
                f"{b.cells[0] if b.cells else ''}. {b.text}"
            )
            continue
        focus_open = False
        if (
            re.search(r"following learning points", b.text, re.I)
            and not fields["learning_points_intro"]
        ):
            fields["learning_points_intro"] = b.text
            continue
        if (
            b.text.endswith(":")
            and re.search(r"\brisks?\b", b.text, re.I)
            and i + 1 < end
            and blocks[i + 1].kind == "numbered"
        ):
            fields["risks_intro"] = b.text
            in_risk_list = True
            continue
        if in_risk_list and b.kind == "numbered":
            session["records"].append(
                _record("risk", b.text, i, topic, f"listed under “{_tail(fields['risks_intro'])}”")
            )
            sentence_sources.append((i, b.text, topic, "risk list"))
            continue
        in_risk_list = False
        learning_points.append(i)
        record = _record("finding", b.text, i, topic, "a paragraph of the discussion")
        agreement = cue_of(rules.AGREEMENT_CUES, b.text)
        record["agreement"] = _first_in_text(rules.AGREEMENT_CUES, b.text) or "broad"
        record["cue"] = (
            f"{'bullet' if b.kind == 'bullet' else 'paragraph'} of the discussion; agreement "
            + (agreement or "not stated (broad proposed)")
        )
        record["sectors"] = [value for value, p in rules.SECTOR_CUES if p.search(b.text)]
        session["records"].append(record)
        sentence_sources.append((i, b.text, topic, "finding"))
    fields["conclusion"] = "\n\n".join(conclusion)
    for index, text, topic_title, place in sentence_sources:
        for sentence in sentences(text):
            # A lead-in ("The main concerns were as follows:") introduces risks; it is not one.
            risk_cue = "" if sentence.endswith(":") else cue_of(rules.RISK_CUES, sentence)
            if risk_cue and place != "risk list":
                session["records"].append(_record("risk", sentence, index, topic_title, risk_cue))
            rec_cue = cue_of(rules.RECOMMENDATION_CUES, sentence)
            if rec_cue:
                session["records"].append(
                    _record("recommendation", sentence, index, topic_title, rec_cue)
                )
    order = {"finding": 0, "risk": 1, "recommendation": 2}
    session["records"].sort(key=lambda r: (order[r["kind"]], r["paragraph"]))
    return session


def _tail(text: str, length: int = 60) -> str:
    """The end of a long lead-in, cut at a word: "… when designing services:"."""
    if len(text) <= length:
        return text
    return "…" + text[-length:].split(" ", 1)[-1]


def _programme_row(b, index) -> dict | None:
    """A row of a programme: a table row whose first cell is a time, or a line that starts
    with one ("10.30 Markets and justice – Dr Cy Speaker, Reader, University of Havant")."""
    if b.kind == "table_row" and b.cells and rules.PROGRAMME_CELL_TIME.match(b.cells[0]):
        time, title = b.cells[0], b.cells[1] if len(b.cells) > 1 else ""
        speakers = "; ".join(cell for cell in b.cells[2:] if cell)
    else:
        match = rules.PROGRAMME_LINE.match(b.text) if b.kind != "table_row" else None
        if match is None:
            return None
        time, rest = match.groups()
        parts = rules.PROGRAMME_SPEAKERS.split(rest, maxsplit=1)
        title, speakers = parts[0], parts[1] if len(parts) > 1 else ""
    return {
        "time": time,
        "title": title.strip(),
        "speakers": [_speaker(part) for part in re.split(r";\s*", speakers) if part.strip()],
        "text": b.text,
        "paragraph": index,
    }


def _speaker(text: str) -> dict:
    parts = [part.strip() for part in text.split(",") if part.strip()]
    return {
        "name": parts[0],
        "role": ", ".join(parts[1:-1]) if len(parts) > 2 else "".join(parts[1:2]),
        "organisation": parts[-1] if len(parts) > 2 else "",
    }


def _first_in_text(table, text):
    found = []
    for value, pattern in table:
        match = pattern.search(text)
        if match:
            found.append((match.start(), value))
    return min(found)[1] if found else ""


def _record(kind, text, paragraph, topic, cue) -> dict:
    record = {
        "kind": kind,
        "text": text,
        "statement": short_statement(
            sentences(text)[0] if kind == "risk" and len(text) > 400 else text
        ),
        "cue": cue,
        "paragraph": paragraph,
        "topic": topic,
        "themes": themes_of(text),
        "agreement": "",
        "party": "",
        "strength": "",
        "sectors": [],
    }
    if kind in ("risk", "recommendation"):
        record["party"] = first_match(rules.PARTY_CUES, text)[0] or (
            "commissioners" if kind == "recommendation" else "service_users"
        )
    if kind == "recommendation":
        record["strength"] = first_match(rules.STRENGTH_CUES, text)[0]
    return record
