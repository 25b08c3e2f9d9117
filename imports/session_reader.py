"""Reading one event's blocks: its topics, programme, figures, focus and conclusion, and the
records it proposes (learning points, risks, recommendations, questions), with a table of steps
tried in order for each block."""

import re

from . import frame, item_kinds, record_cues, rules, titleblock
from .records import cell_read_as_line, cue_of, first_in_text, new_record, sentences


class SessionReader:
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
        self.section = ""  # the kind a heading gives its items ("Risks"), or "skip" (attendees)
        self.section_heading = ""
        self.heading_at: int | None = None  # the block index of the heading read last
        self.heading_of: dict[int, int] = {}  # a learning point's block → its heading's
        self.columns: list = []  # a table's columns that hold a kind: (column, kind, header)
        self.steps = (
            self._authors,
            self._heading,
            self._programme,
            self._caption,
            self._figure,
            self._table_column,
            self._listed_under_heading,
            self._conclusion,
            self._held,
            self._topic_line,
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
        if self.in_programme and rules.PROGRAMME_DAY.match(b.text):
            return True  # "Monday 11 March", "Day two": the programme goes on
        if self.in_programme and self._speakers_of_last_row(i, b):
            return True  # a short line of names, read as a heading
        self.in_risk_list = self.focus_open = False
        name = rules.heading_name(b.text)  # "2. Programme" is a programme's heading
        self.section = next((kind for kind, p in rules.SECTION_HEADINGS if p.match(name)), "")
        self.section = "" if self.section == "mitigation" else self.section
        self.section_heading = b.text
        self.heading_at = i
        self.in_programme = bool(rules.PROGRAMME_HEADING.match(name))
        if self.in_programme:
            return True
        if re.match(r"^conclusions?$", name, re.I):
            self.in_conclusion, self.topic = True, None
        else:
            self.topic = b.text
            level = min(max(b.level - self.base_level, 1), 2)
            self.session["topics"].append({"title": b.text, "level": level, "paragraph": i})
        return True

    def _programme(self, i, b):
        rows = frame.programme_rows(b, i) if b.kind == "table_row" or self.in_programme else []
        if not self.in_programme and not rows:
            return False
        # A table whose rows start with a time is a programme, under any heading or none.
        if rows:
            self.session["programme"] += rows
            return True
        if b.kind == "table_row":
            return True  # the programme's own header row ("Time", "Session", "Speakers")
        if self._programme_goes_on(i, b):
            return True
        self.in_programme = False
        return False

    def _programme_goes_on(self, i, b) -> bool:
        """A day's line ("Monday 11 March") or, in a PDF, a row's speakers wrapped onto a line
        of their own after the dash ("– Gareth Lowe, Lead, …", read as a bullet)."""
        if b.kind == "paragraph" and rules.PROGRAMME_DAY.match(b.text):
            self.session["left_out"].append(i)
            return True
        return self._speakers_of_last_row(i, b)

    def _speakers_of_last_row(self, i, b) -> bool:
        """The line under a row that has no speakers names them: after the dash in a PDF ("–
        Gareth Lowe, Lead, …", read as a bullet), or on a line of its own ("Dr Rhodri Price,
        Dyfnant Centre …", the title on the row's line, the speaker on the next)."""
        rows = self.session["programme"]
        last = rows[-1] if rows else None
        if not last or last["paragraph"] != i - 1 or last["speakers"]:
            return False
        if b.kind != "bullet" and not frame.is_speakers_line(b.text):
            return False
        last["speakers"] = [frame.speaker(part) for part in b.text.split(";") if part.strip()]
        last["text"] += " – " + b.text
        last["paragraph"] = i  # a PDF's speakers may wrap onto a second line of their own
        return True

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

    def _table_column(self, i, b):
        """A table whose header row names a kind in a cell ("Risk | Mitigation", "Action |
        Owner | Due") holds one of that kind a row in that column, under any heading: a risk
        and the recommendation that answers it."""
        if b.kind != "table_row":
            self.columns = []
            return False
        if _header_row(b.cells):
            self.columns = _kind_columns(b.cells)
            return bool(self.columns)
        found = [(n, k, h) for n, k, h in self.columns if n < len(b.cells) and b.cells[n].strip()]
        for n, kind, header in found:
            record = _column_record(kind, header, " ".join(b.cells[n].split()), i, self.topic)
            if record:
                self.session["records"].append(record)
        return bool(found)

    def _listed_under_heading(self, i, b):
        """Under "Risks", "Recommendations", "Actions" or "Questions raised" each item is one
        of that kind; under "Present" or "Apologies" nothing is a record (never who came)."""
        if not self.section:
            return False
        if self.section == "skip":
            self.session["left_out"].append(i)
            return True
        if b.kind == "table_row":
            if _header_row(b.cells):
                return True
            text = " ".join(b.cells[0].split())  # a cell's line breaks are not the record's
            cue = f"a row of the table under “{self.section_heading}”"
        elif (
            rules.ANNOUNCEMENT.search(b.text)
            or rules.PROCEDURE.search(b.text)
            or rules.LEAD_IN.search(b.text)
            or rules.QUOTATION.match(b.text)
            or rules.QUOTED_QUESTION.match(b.text)
            or len(b.text.split()) < 3
        ):
            # "The next meeting will be held in July": news; "The Board is asked to note the
            # findings": procedure; "To the partnership:": a lead-in; a remark quoted with its
            # speaker; "High", "By April": a table's cell read as a line (text out of a PDF).
            # None is a record of the kind.
            return False
        else:
            text, cue = b.text, f"listed under “{self.section_heading}”"
        self.session["records"].append(new_record(self.section, text, i, self.topic, cue))
        return True

    def _held(self, i, b):
        """ "Held on 3 February 2015 at the Friends Meeting House, Manchester.": the event's
        own date and venue, before its focus."""
        if self.fields["focus"] or not rules.HELD.match(b.text) or len(b.text.split()) > 30:
            return False
        found = titleblock.find_date(b.text)
        if not found:
            return False
        self.session.update({k: found[k] for k in ("date", "date_precision")})
        place = rules.HELD_PLACE.search(b.text)
        self.session["venue"] = (
            place[1].strip() if place else titleblock.venue_in(b.text, found["date_text"])
        )
        self.session["held_text"] = b.text
        return True

    def _topic_line(self, i, b):
        """ "Topic: work after custody.": the event's subject, where its heading gave only
        when and where (or nothing)."""
        topic = rules.TOPIC_LINE.match(b.text) if not self.fields["focus"] else None
        subject = self.session["subject"]
        if not topic or (subject and not titleblock.find_date(subject)):
            return False
        text = topic[1].strip()
        self.session["subject"] = self.session["heading_subject"] = text[:1].upper() + text[1:]
        self.session["held_text"] = f"{self.session.get('held_text', '')} {b.text}".strip()
        return True

    def _conclusion(self, i, b):
        if not self.in_conclusion:
            return False
        self.conclusion.append(b.text)
        self.session["sections"]["conclusion"].append(i)
        self.sentence_sources.append((i, b.text, None, "conclusion"))
        return True

    def _focus(self, i, b):
        """The first paragraph, before any topic or under an introduction's heading."""
        if self.fields["focus"] or (
            self.topic and not rules.FOCUS_HEADING.match(rules.heading_name(self.topic))
        ):
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
        self.session["records"].append(new_record("risk", b.text, i, self.topic, cue))
        self.sentence_sources.append((i, b.text, self.topic, "risk list"))
        return True

    def _finding(self, i, b):
        if cell_read_as_line(b):
            self.session["left_out"].append(i)
            return True
        self.learning_points.append(i)
        record = new_record("finding", b.text, i, self.topic, "a paragraph of the discussion")
        agreement = cue_of(record_cues.AGREEMENT_CUES, b.text)
        record["agreement"] = first_in_text(record_cues.AGREEMENT_CUES, b.text) or "broad"
        record["cue"] = (
            f"{'bullet' if b.kind == 'bullet' else 'paragraph'} of the discussion; agreement "
            + (agreement or "not stated (broad proposed)")
        )
        record["sectors"] = [value for value, p in record_cues.SECTOR_CUES if p.search(b.text)]
        self.session["records"].append(record)
        self.sentence_sources.append((i, b.text, self.topic, "finding"))
        if self.heading_at is not None:
            self.heading_of[i] = self.heading_at
        return True

    def finish(self):
        self.fields["conclusion"] = "\n\n".join(self.conclusion)
        records = self.session["records"]
        indexes = [i for i, *_rest in self.sentence_sources]
        requests = item_kinds.request_lines(self.blocks, indexes, self.heading_of)
        listed = item_kinds.risk_lists(self.blocks, self.heading_of)
        for index, text, topic_title, place in self.sentence_sources:
            found = list(_candidates(index, text, topic_title, place, index in requests))
            if index in listed and not any(r["kind"] == "risk" for r in found):
                heading = self.blocks[listed[index]].text
                cue = f"listed under “{heading}”, whose lines mostly say what may happen"
                found.append(new_record("risk", text, index, topic_title, cue))
            records.extend(found)
        order = {"finding": 0, "risk": 1, "recommendation": 2, "question": 3}
        records.sort(key=lambda r: (order[r["kind"]], r["paragraph"]))


def _candidates(index, text, topic_title, place, request=False):
    """Candidate risks and recommendations: a sentence each, where a cue phrase occurs; a
    ``request`` (one of a run of requests by their shape) is a recommendation without one."""
    asked = bool(topic_title and rules.QUESTIONS_TOPIC.search(rules.heading_name(topic_title)))
    quoted = bool(rules.QUOTATION.match(text))  # a remark quoted with its speaker: a voice
    if rules.QUOTED_QUESTION.match(text.strip()):
        yield new_record("question", text.strip(), index, topic_title, "a question quoted")
        return
    for sentence in sentences(text):
        if asked and sentence.endswith("?"):
            cue = f"a question put under “{topic_title}”"
            yield new_record("question", sentence, index, topic_title, cue)
        for kind, cue in _cues(sentence, quoted, place, request):
            yield new_record(kind, sentence, index, topic_title, cue)


def _cues(sentence, quoted, place, request):
    """(kind, cue) for each kind of record the sentence says it is."""
    # A lead-in ("The main concerns were as follows:") introduces risks; it is not one. "The
    # Board is asked to note … the risks in section 4": procedure, neither.
    if quoted or rules.LEAD_IN.search(sentence) or rules.PROCEDURE.search(sentence):
        return
    risk_cue = cue_of(rules.RISK_CUES, sentence)
    if risk_cue and place != "risk list":
        yield "risk", risk_cue
    # "Its question was whether X should …": a question put, not a request.
    rec_cue = (
        ""
        if rules.PUT_AS_QUESTION.search(sentence)
        else cue_of(rules.RECOMMENDATION_CUES, rules.CONDITIONAL_SHOULD.sub("", sentence))
    )
    if not rec_cue and request:
        rec_cue = cue_of(rules.REQUEST_SHAPES, sentence)
    if rec_cue:
        yield "recommendation", rec_cue


def _kind_columns(cells) -> list[tuple[int, str, str]]:
    """The columns of a table's header row that name a kind: (column, kind, header)."""
    columns = []
    for n, cell in enumerate(cells):
        kind = next((k for k, p in rules.SECTION_HEADINGS if p.match(cell)), "")
        if kind not in ("", "skip"):
            columns.append((n, kind, cell.strip()))
    return columns


def _column_record(kind, header, text, index, topic) -> dict | None:
    """A cell of a column that names a kind; a mitigation is a recommendation when it asks
    for something ("Extend the contract …"), nothing when it reports a state."""
    cue = f"a row of a table whose column is “{header}”"
    if kind == "mitigation":
        if not item_kinds.asks_for_something(text):
            return None
        kind, cue = "recommendation", cue + ", asking for something"
    return new_record(kind, text, index, topic, cue)


def _header_row(cells) -> bool:
    """A table's header row: short labels ("Action", "Owner", "Due"), no sentence, no date."""
    return all(len(c.split()) <= 3 and not re.search(r"[.\d]", c) for c in cells)


def _tail(text: str, length: int = 60) -> str:
    """The end of a long lead-in, cut at a word: "… when designing services:"."""
    if len(text) <= length:
        return text
    return "…" + text[-length:].split(" ", 1)[-1]
