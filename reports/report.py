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
from sessions.models import SERIES, Figure, LearningGroup, Session

LANGUAGE = "en-GB"
# A combined report covers at most this many sessions: enough for any real report (the pilot
# group combined two), and a bound on the combinations anyone can ask to be prepared.
MAX_SESSIONS_PER_REPORT = 6


class ReportRequestError(ValueError):
    """The sessions asked for cannot make one report (e.g. they belong to different groups)."""


@dataclass
class TopicSection:
    topic: object
    learning_points: list[Item]


@dataclass
class SessionSection:
    session: Session
    learning_points: list[Item]  # those under no topic heading
    topics: list[TopicSection]
    risks: list[Item]
    recommendations: list[Item]
    figures: list[Figure]
    attendance: list = field(default_factory=list)

    @property
    def attendance_total(self):
        return sum(row.headcount for row in self.attendance)


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
        """'Session 2' or 'Sessions 4 and 5': what the report covers, in a few words."""
        numbers = [str(number) for number in self.numbers]
        if len(numbers) == 1:
            return f"Session {numbers[0]}"
        return f"Sessions {', '.join(numbers[:-1])} and {numbers[-1]}"

    @property
    def title(self) -> str:
        """The document title: metadata, running header and the browser tab."""
        if len(self.sessions) == 1:
            return f"{self.group.name}: {SERIES} {self.sessions[0].session.title}"
        return f"{self.group.name}: {SERIES} {self.covers}"

    @property
    def running_title(self) -> str:
        return f"{self.group.name} · {SERIES} · {self.covers}"

    @property
    def title_lines(self) -> list[str]:
        """The sessions covered, one line each, joined by '&' as the group's reports do."""
        lines = [
            f"Session {section.session.number}: "
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
    def series(self) -> str:
        return SERIES


def _section(session: Session, items: Iterable[Item]) -> SessionSection:
    items = list(items)
    topics = list(session.topics.all())
    findings = [item for item in items if item.kind == Item.Kind.FINDING]
    by_topic = {topic.pk: [] for topic in topics}
    untopiced = []
    for item in findings:
        if item.topic_id in by_topic:
            by_topic[item.topic_id].append(item)
        else:
            untopiced.append(item)
    return SessionSection(
        session=session,
        learning_points=untopiced,
        # A heading with nothing visible under it (and no introduction) is left out.
        topics=[
            TopicSection(topic, by_topic[topic.pk])
            for topic in topics
            if by_topic[topic.pk] or topic.introduction
        ],
        risks=[item for item in items if item.kind == Item.Kind.RISK],
        recommendations=[item for item in items if item.kind == Item.Kind.RECOMMENDATION],
        figures=list(session.figures.all()),
        attendance=list(session.attendance.all()),
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
                [(f.attname, getattr(self.group, f.attname)) for f in self.group._meta.fields],
                [(s.pk, s.revision, s.visibility) for s in self.schedule],
            )
        )
        digest = hashlib.sha256(frame.encode("utf-8")).hexdigest()[:16]
        return [f"g{self.group.pk}.{digest}"] + [f"{s.pk}.{s.revision}" for s in self.chosen]

    def build(self) -> Report:
        chosen_ids = [session.pk for session in self.chosen]
        prefetch_related_objects(self.chosen, "topics", "figures", "attendance__sector")
        items = (
            Item.objects.visible_to(self.user)
            .filter(session_id__in=chosen_ids)
            .select_related("topic")
            .prefetch_related("themes")
            .order_by("session__number", "kind_order", "order", "pk")
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


def select_report(user, group: LearningGroup, numbers: Iterable[int]) -> ReportSelection:
    """Which of ``group``'s sessions a report of ``numbers`` covers, for ``user``.

    Raises ``Session.DoesNotExist`` when a session is unknown or not visible to the user (a
    draft is as missing as a session that never existed), so views answer 404 either way.
    """
    wanted = sorted(set(numbers))
    if not wanted:
        raise ReportRequestError("Choose at least one session for the report.")
    if len(wanted) > MAX_SESSIONS_PER_REPORT:
        raise ReportRequestError(
            f"A report can cover at most {MAX_SESSIONS_PER_REPORT} sessions: choose fewer."
        )
    schedule = list(Session.objects.visible_to(user).filter(group=group).order_by("number"))
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


def build_report(user, group: LearningGroup, numbers: Iterable[int]) -> Report:
    """The report of the given sessions of ``group`` as ``user`` may see it, in one call."""
    return select_report(user, group, numbers).build()
