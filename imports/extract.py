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

import re
from functools import lru_cache

import pysbd

from . import frame, rules
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
        "notes": list(document.notes),
    }
    session_starts = [
        i
        for i, b in enumerate(blocks)
        if b.kind in ("heading", "paragraph")
        and rules.SESSION_HEADING.match(b.text)
        and i > frame.introduction_index(blocks)
    ]
    frame.front_matter(blocks[: session_starts[0] if session_starts else len(blocks)], result)
    schedule = {row["number"]: row for row in result["schedule"]}
    for n, start in enumerate(session_starts):
        end = session_starts[n + 1] if n + 1 < len(session_starts) else len(blocks)
        session = _session(blocks, start, end, schedule)
        session["authors"] = session["authors"] or result["authors"]
        result["sessions"].append(session)
    return result


def _session(blocks, start, end, schedule) -> dict:
    heading = rules.SESSION_HEADING.match(blocks[start].text)
    number, heading_subject = int(heading.group(1)), heading.group(2).strip()
    row = schedule.get(number, {})
    session = _new_session(number, heading_subject, row, start)
    # Topics are the headings under the session's own: the next level down is a heading, the
    # one below that a sub-heading (sessions.TopicHeading.Level).
    base_level = blocks[start].level if blocks[start].kind == "heading" else 1
    reader = _SessionReader(session, blocks, end, base_level)
    for i in range(start + 1, end):
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
    }


class _SessionReader:
    """Reads a session's blocks one at a time with a table of steps: the first step that takes
    a block ends its reading; a step that does not may close a state (a list, the focus)."""

    def __init__(self, session, blocks, end, base_level):
        self.session = session
        self.fields = session["fields"]
        self.blocks = blocks
        self.end = end
        self.base_level = base_level
        self.topic = None
        self.in_programme = self.in_conclusion = self.in_risk_list = self.focus_open = False
        self.conclusion: list[str] = []
        self.learning_points: list[int] = []
        self.sentence_sources = []  # (paragraph index, text, topic, kind of place)
        self.captions: set[int] = set()  # paragraphs that are a figure's caption
        self.steps = (
            self._authors,
            self._heading,
            self._programme,
            self._caption,
            self._figure,
            self._conclusion,
            self._focus,
            self._focus_list,
            self._learning_points_intro,
            self._risks_intro,
            self._listed_risk,
            self._finding,
        )

    def read(self, i, b):
        for step in self.steps:
            if step(i, b):
                return

    def _authors(self, i, b):
        # A line of a title ("Written by …") may read as a heading.
        authors = rules.AUTHORS.match(b.text) if b.kind in ("paragraph", "heading") else None
        if authors and len(b.text.split()) <= 25:
            self.session["authors"], self.session["authors_text"] = authors.group(1).strip(), b.text
            return True
        return False

    def _heading(self, i, b):
        if b.kind != "heading":
            return False
        self.in_risk_list = self.focus_open = False
        self.in_programme = bool(rules.PROGRAMME_HEADING.match(b.text))
        if self.in_programme:
            return True
        if re.match(r"^conclusions?$", b.text, re.I):
            self.in_conclusion, self.topic = True, None
        else:
            self.topic = b.text
            level = min(max(b.level - self.base_level, 1), 2)
            self.session["topics"].append({"title": b.text, "level": level, "paragraph": i})
        return True

    def _programme(self, i, b):
        if not self.in_programme:
            return False
        row = frame.programme_row(b, i)
        if row is not None:
            self.session["programme"].append(row)
            return True
        if b.kind == "table_row":
            return True  # the programme's own header row ("Time", "Session", "Speakers")
        self.in_programme = False
        return False

    def _caption(self, i, b):
        return i in self.captions

    def _figure(self, i, b):
        if b.kind != "figure":
            return False
        # Its caption is the paragraph under it that names it ("Figure 1: The local model").
        following = self.blocks[i + 1] if i + 1 < self.end else None
        caption = (
            rules.FIGURE_CAPTION.match(following.text)
            if following is not None and following.kind == "paragraph"
            else None
        )
        if caption:
            self.captions.add(i + 1)
        figures = self.session["figures"]
        figures.append(
            {
                "number": len(figures) + 1,
                "caption": (caption.group(1) or "").strip() if caption else "",
                "caption_text": following.text if caption else "",
                "paragraph": i,
                "block": i,
                # Printed after the learning point before it (sessions.Figure.order).
                "order": len(self.learning_points),
            }
        )
        return True

    def _conclusion(self, i, b):
        if not self.in_conclusion:
            return False
        self.conclusion.append(b.text)
        self.session["sections"]["conclusion"].append(i)
        self.sentence_sources.append((i, b.text, None, "conclusion"))
        return True

    def _focus(self, i, b):
        if self.fields["focus"]:
            return False
        lines = sentences(b.text)
        circumstances = [s for s in lines if rules.CIRCUMSTANCES.search(s)]
        focus = [s for s in lines if s not in circumstances]
        self.fields["circumstances"] = " ".join(circumstances)
        self.fields["focus"] = " ".join(focus) if focus else b.text
        self.focus_open = b.text.endswith(":")
        self.session["sections"]["focus"].append(i)
        self.sentence_sources.append((i, b.text, self.topic, "focus"))
        return True

    def _focus_list(self, i, b):
        """A numbered list the focus introduces ("… these were:") belongs to the focus."""
        if self.focus_open and b.kind == "numbered" and not self.learning_points:
            separator = "\n\n" if "\n" not in self.fields["focus"] else "\n"
            self.fields["focus"] += separator + f"{b.cells[0] if b.cells else ''}. {b.text}"
            return True
        self.focus_open = False
        return False

    def _learning_points_intro(self, i, b):
        if self.fields["learning_points_intro"] or not re.search(
            r"following learning points", b.text, re.I
        ):
            return False
        self.fields["learning_points_intro"] = b.text
        return True

    def _risks_intro(self, i, b):
        if not (
            b.text.endswith(":")
            and re.search(r"\brisks?\b", b.text, re.I)
            and i + 1 < self.end
            and self.blocks[i + 1].kind == "numbered"
        ):
            return False
        self.fields["risks_intro"] = b.text
        self.in_risk_list = True
        return True

    def _listed_risk(self, i, b):
        if not (self.in_risk_list and b.kind == "numbered"):
            self.in_risk_list = False
            return False
        cue = f"listed under “{_tail(self.fields['risks_intro'])}”"
        self.session["records"].append(_record("risk", b.text, i, self.topic, cue))
        self.sentence_sources.append((i, b.text, self.topic, "risk list"))
        return True

    def _finding(self, i, b):
        self.learning_points.append(i)
        record = _record("finding", b.text, i, self.topic, "a paragraph of the discussion")
        agreement = cue_of(rules.AGREEMENT_CUES, b.text)
        record["agreement"] = _first_in_text(rules.AGREEMENT_CUES, b.text) or "broad"
        record["cue"] = (
            f"{'bullet' if b.kind == 'bullet' else 'paragraph'} of the discussion; agreement "
            + (agreement or "not stated (broad proposed)")
        )
        record["sectors"] = [value for value, p in rules.SECTOR_CUES if p.search(b.text)]
        self.session["records"].append(record)
        self.sentence_sources.append((i, b.text, self.topic, "finding"))
        return True

    def finish(self):
        self.fields["conclusion"] = "\n\n".join(self.conclusion)
        records = self.session["records"]
        for index, text, topic_title, place in self.sentence_sources:
            records.extend(_candidates(index, text, topic_title, place))
        order = {"finding": 0, "risk": 1, "recommendation": 2}
        records.sort(key=lambda r: (order[r["kind"]], r["paragraph"]))


def _candidates(index, text, topic_title, place):
    """Candidate risks and recommendations: a sentence each, where a cue phrase occurs."""
    for sentence in sentences(text):
        # A lead-in ("The main concerns were as follows:") introduces risks; it is not one.
        risk_cue = "" if sentence.endswith(":") else cue_of(rules.RISK_CUES, sentence)
        if risk_cue and place != "risk list":
            yield _record("risk", sentence, index, topic_title, risk_cue)
        rec_cue = cue_of(rules.RECOMMENDATION_CUES, sentence)
        if rec_cue:
            yield _record("recommendation", sentence, index, topic_title, rec_cue)


def _tail(text: str, length: int = 60) -> str:
    """The end of a long lead-in, cut at a word: "… when designing services:"."""
    if len(text) <= length:
        return text
    return "…" + text[-length:].split(" ", 1)[-1]


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
