"""What a report holds, for one session or several sessions of one group.

``select_report`` checks which sessions a reader may see (enough to name the report's cache
key); its ``build()`` reads their content. The session page and the PDF are both rendered from
that ``Report`` with the same template partials, so the web page and the document a member
circulates never disagree. Every query goes through ``visible_to``: a report shows exactly what
its reader may see.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects

from ajc.visibility import audience_for
from findings.models import Item
from sessions.models import Figure, LearningGroup, Session

LANGUAGE = "en-GB"
# A combined report covers at most this many sessions: enough for any real report (the pilot
# group combined two), and a bound on the combinations anyone can ask to be prepared.
MAX_SESSIONS_PER_REPORT = 6


class ReportRequestError(ValueError):
    """The sessions asked for cannot make one report (e.g. they belong to different groups)."""


@dataclass
class Block:
    """A run of the report's flow: a list of printed items of one kind, or a figure."""

    kind: str  # an Item.Kind for a list, "figure" for a figure
    items: list[Item] = field(default_factory=list)
    figure: Figure | None = None
    intro: str = ""

    @property
    def is_figure(self) -> bool:
        return self.kind == "figure"


@dataclass
class TopicSection:
    topic: object
    blocks: list[Block]

    @property
    def level(self) -> int:
        return self.topic.level


@dataclass
class SessionSection:
    session: Session
    blocks: list[Block]  # the flow under no topic heading
    topics: list[TopicSection]
    risks: list[Item]  # every risk, numbered in report order (printed or drawn)
    recommendations: list[Item]
    questions: list[Item]
    figures: list[Figure]
    attendance: list = field(default_factory=list)
    programme: list = field(default_factory=list)
    # Risks and recommendations drawn from the session's own text, by part ("focus", …).
    section_marks: dict[str, list[Item]] = field(default_factory=dict)

    @property
    def attendance_total(self):
        counts = [row.headcount for row in self.attendance]
        return None if None in counts else sum(counts)

    @property
    def register(self) -> list[Item]:
        return self.risks + self.recommendations

    @property
    def has_marks(self) -> bool:
        """Whether the report marks any risk or recommendation under a passage (the PDF gives
        only their numbers there)."""
        return any(item.is_drawn for item in self.register)

    @property
    def has_content(self) -> bool:
        return bool(self.blocks or self.topics or self.register or self.questions)


@dataclass
class Report:
    group: LearningGroup
    sessions: list[SessionSection]
    schedule: list[Session]
    audience: str

    @property
    def numbers(self) -> list[int]:
        return [section.session.number for section in self.sessions]

    @property
    def covers(self) -> str:
        """'Session 2', 'Sessions 4 and 5' or 'Seminar Four': what the report covers."""
        names = [self.group.event_name(number) for number in self.numbers]
        if len(names) == 1:
            return names[0]
        word = self.group.event_word
        shown = [name.removeprefix(f"{word} ") for name in names]
        return f"{word}s {', '.join(shown[:-1])} and {shown[-1]}"

    @property
    def series(self) -> str:
        return self.group.series_title

    @property
    def title(self) -> str:
        """The document title: metadata, running header and the browser tab."""
        words = [self.group.name, self.series]
        lead = ": ".join(word for word in words if word)
        if len(self.sessions) == 1:
            return f"{lead} {self.sessions[0].session.title}"
        return f"{lead} {self.covers}"

    @property
    def running_title(self) -> str:
        return " · ".join(part for part in (self.group.name, self.series, self.covers) if part)

    @property
    def title_lines(self) -> list[str]:
        """The sessions covered, one line each, joined by '&' as the group's reports do."""
        lines = [
            f"{section.session.event_name}: "
            f"{(section.session.heading_subject or section.session.subject).rstrip('.')}"
            for section in self.sessions
        ]
        return [f"{line} &" for line in lines[:-1]] + lines[-1:]

    @property
    def notes(self) -> list[str]:
        return [
            section.session.report_note for section in self.sessions if section.session.report_note
        ]

    @property
    def language(self) -> str:
        return LANGUAGE

    @property
    def printed(self) -> dict:
        """The sessions and items its PDF shows, whose visibility decides whether that PDF may
        be given after a later edit (``reports.tasks.previous_pdf``)."""
        items = [
            item.pk
            for section in self.sessions
            for item in (
                *section.register,
                *section.questions,
                *(i for block in section.blocks for i in block.items),
                *(i for topic in section.topics for block in topic.blocks for i in block.items),
                *(i for marks in section.section_marks.values() for i in marks),
            )
        ]
        return {"sessions": [session.pk for session in self.schedule], "items": items}


def _flow(entries, risks_intro: str) -> list[Block]:
    """Printed items and figures in report order, consecutive items of a kind in one list."""
    blocks: list[Block] = []
    intro_given = False
    for entry in entries:
        if isinstance(entry, Figure):
            blocks.append(Block("figure", figure=entry))
            continue
        if not blocks or blocks[-1].kind != entry.kind:
            intro = ""
            if entry.kind == Item.Kind.RISK and not intro_given:
                intro, intro_given = risks_intro, True
            blocks.append(Block(entry.kind, intro=intro))
        blocks[-1].items.append(entry)
    return blocks


def _numbered(items: list[Item]) -> dict[str, list[Item]]:
    """Each kind's items numbered from 1 in report order (Risk 1, Recommendation 2, …)."""
    numbered = {kind: [item for item in items if item.kind == kind] for kind in Item.Kind}
    for kind_items in numbered.values():
        for number, item in enumerate(kind_items, 1):
            item.number = number
            item.marks = []
    return numbered


def _printed_and_marked(items: list[Item]) -> tuple[list[Item], dict[str, list[Item]]]:
    """The items printed as passages, and the marks of those drawn from a passage: beside
    their passage when it is printed (``item.marks``), else under the part of the report
    they come from."""
    by_pk = {item.pk: item for item in items}
    section_marks: dict[str, list[Item]] = {}
    printed = []
    for item in items:
        if not item.is_drawn:
            printed.append(item)
        elif item.source_id in by_pk:
            by_pk[item.source_id].marks.append(item)
        else:
            section_marks.setdefault(item.source_section or "conclusion", []).append(item)
    return printed, section_marks


def _entries_by_topic(topics, printed: list[Item], figures) -> tuple[dict, list]:
    """Printed items and figures under their topic heading, in report order: each figure
    joins the flow after the printed item whose place it names."""
    entries_of = {topic.pk: [] for topic in topics}
    untopiced: list = []
    placed = sorted(
        [(item.order, 0, item) for item in printed]
        + [(figure.order, 1, figure) for figure in figures],
        key=lambda entry: entry[:2],
    )
    current_topic = None
    for _order, _rank, entry in placed:
        if isinstance(entry, Item):
            current_topic = entry.topic_id if entry.topic_id in entries_of else None
        (entries_of[current_topic] if current_topic else untopiced).append(entry)
    return entries_of, untopiced


def _section(session: Session, items: Iterable[Item]) -> SessionSection:
    items = sorted(items, key=lambda item: (item.order, item.kind_order, item.pk))
    topics = list(session.topics.all())
    figures = list(session.figures.all())
    numbered = _numbered(items)
    printed, section_marks = _printed_and_marked(items)
    entries_of, untopiced = _entries_by_topic(topics, printed, figures)
    risks_intro = session.risks_intro
    return SessionSection(
        session=session,
        blocks=_flow(untopiced, risks_intro),
        # A heading with nothing visible under it (and no introduction) is left out.
        topics=[
            TopicSection(topic, _flow(entries_of[topic.pk], risks_intro))
            for topic in topics
            if entries_of[topic.pk] or topic.introduction
        ],
        risks=numbered[Item.Kind.RISK],
        recommendations=numbered[Item.Kind.RECOMMENDATION],
        questions=numbered[Item.Kind.QUESTION],
        figures=figures,
        attendance=list(session.attendance.all()),
        programme=list(session.programme.all()),
        section_marks=section_marks,
    )


@dataclass
class ReportSelection:
    """The sessions a report covers, checked against what the reader may see, before any of
    their content is read: enough to name the report's cache key in a single query."""

    user: object
    group: LearningGroup
    schedule: list[Session]
    chosen: list[Session]
    audience: str

    @property
    def numbers(self) -> list[int]:
        return [session.number for session in self.chosen]

    @property
    def versions(self) -> list[str]:
        """Everything the report's content depends on, as short version strings: its group's
        own fields and visible schedule (the introduction and the schedule table), and each
        chosen session's revision (which moves on every edit to the session, its parts, its
        items, their themes and sectors). A change anywhere else leaves the report valid."""
        frame = repr(
            (
                [(f.attname, f.value_to_string(self.group)) for f in self.group._meta.fields],
                [(s.pk, s.revision, s.visibility) for s in self.schedule],
            )
        )
        digest = hashlib.sha256(frame.encode("utf-8")).hexdigest()[:16]
        return [f"g{self.group.pk}.{digest}"] + [f"{s.pk}.{s.revision}" for s in self.chosen]

    def build(self) -> Report:
        chosen_ids = [session.pk for session in self.chosen]
        prefetch_related_objects(
            self.chosen, "topics", "figures", "attendance__sector", "programme__speakers"
        )
        items = (
            Item.objects.visible_to(self.user)
            .filter(session_id__in=chosen_ids)
            .select_related("topic")
            .prefetch_related("themes")
            .order_by("session__number", "order", "kind_order", "pk")
        )
        items_by_session: dict[int, list[Item]] = {pk: [] for pk in chosen_ids}
        for item in items:
            items_by_session[item.session_id].append(item)
        return Report(
            group=self.group,
            sessions=[_section(session, items_by_session[session.pk]) for session in self.chosen],
            schedule=self.schedule,
            audience=self.audience,
        )


def select_report(
    user, group: LearningGroup, numbers: Iterable[int], *, schedule: list[Session] | None = None
) -> ReportSelection:
    """Which of ``group``'s sessions a report of ``numbers`` covers, for ``user``.

    Raises ``Session.DoesNotExist`` when a session is unknown or not visible to the user (a
    draft is as missing as a session that never existed), so views answer 404 either way.

    ``schedule``: the group's sessions that ``user`` may see, in order, if already at hand
    (``visible_schedule``); else they are read here.
    """
    wanted = sorted(set(numbers))
    if not wanted:
        raise ReportRequestError("Choose at least one session for the report.")
    if len(wanted) > MAX_SESSIONS_PER_REPORT:
        raise ReportRequestError(
            f"A report can cover at most {MAX_SESSIONS_PER_REPORT} sessions: choose fewer."
        )
    if schedule is None:
        schedule = visible_schedule(user, group)
    by_number = {session.number: session for session in schedule}
    missing = [number for number in wanted if number not in by_number]
    if missing:
        raise Session.DoesNotExist(f"No session {missing[0]} in {group}.")
    for session in schedule:
        session.group = group  # already at hand: spares a query per session in templates
    return ReportSelection(
        user=user,
        group=group,
        schedule=schedule,
        chosen=[by_number[number] for number in wanted],
        audience=str(audience_for(user)),
    )


def visible_schedule(user, group: LearningGroup) -> list[Session]:
    """``group``'s sessions that ``user`` may see, in order."""
    return list(Session.objects.visible_to(user).filter(group=group).order_by("number"))


def build_report(user, group: LearningGroup, numbers: Iterable[int]) -> Report:
    """The report of the given sessions of ``group`` as ``user`` may see it, in one call."""
    return select_report(user, group, numbers).build()
