"""The thin layer that writes an extraction with today's models: draft sessions, their topics,
programme, proposals and proposed figures (``write_drafts``), in small steps, one per part.

With ``imports.review`` (where an accepted proposal becomes an item), the only module that
knows both the extraction's shape (``imports.extract``) and the models.
"""

from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.text import slugify

from ajc.visibility import Visibility
from sessions.admin_forms import reencoded_image
from sessions.edits import content_changed
from sessions.models import (
    LearningGroup,
    ProgrammeRow,
    Session,
    Speaker,
    TopicHeading,
)

from .document import ImportRefused, read_document
from .extract import extract
from .models import ImportedReport, Proposal, ProposedFigure


def run_import(report: ImportedReport, progress=lambda percent: None) -> None:
    """Read the report's document and write its draft sessions and proposals, in one
    transaction; a refusal leaves nothing but the report's status and message."""
    report.document.open("rb")
    try:
        data = report.document.read()
    finally:
        report.document.close()
    try:
        document = read_document(data, report.original_name)
        progress(40)
        extraction = extract(document)
        progress(70)
        images = {i: block.image for i, block in enumerate(document.blocks) if block.image}
        stored: list[str] = []
        try:
            with transaction.atomic():
                write_drafts(report, extraction, images, stored)
        except BaseException:
            # The figures' files are not part of the transaction: nothing half-created stays.
            for name in stored:
                ProposedFigure._meta.get_field("image").storage.delete(name)
            raise
    except ImportRefused as refusal:
        ImportedReport.objects.filter(pk=report.pk).update(
            status=ImportedReport.Status.FAILED, message=str(refusal), progress=100
        )
        raise
    progress(100)


def write_drafts(
    report: ImportedReport,
    extraction: dict,
    images: dict[int, bytes] | None = None,
    stored: list[str] | None = None,
) -> None:
    """Write the extraction's draft sessions, topics, proposals and proposed figures.
    ``images``: the document's pictures by block index; ``stored`` collects the names of the
    files written, for the caller to delete if the transaction is rolled back."""
    images = images or {}
    stored = stored if stored is not None else []
    unreadable: list[str] = []
    group = report.group or _new_group(report, extraction)
    _planned_sessions(group, extraction["schedule"])
    _number_unnumbered(group, extraction["sessions"])
    sessions = []
    for found in extraction["sessions"]:
        session = _draft_session(group, found, extraction)
        sessions.append(session)
        _write_topics(session, found["topics"])
        _write_programme(session, found["programme"])
        _write_proposals(report, session, found["records"])
        unreadable += _write_figures(report, session, found["figures"], images, stored)
    _mark_ready(report, group, extraction, unreadable)
    report.sessions.set(sessions)
    content_changed([session.pk for session in sessions])


def _number_unnumbered(group, found_sessions: list[dict]) -> None:
    """An event the report gives no number takes the group's next free one."""
    taken = set(group.sessions.values_list("number", flat=True))
    taken |= {found["number"] for found in found_sessions}
    for found in found_sessions:
        if not found["number"]:
            found["number"] = max(taken | {0}) + 1
            taken.add(found["number"])


def _planned_sessions(group, schedule: list[dict]) -> None:
    """The schedule's other rows become planned sessions, dated by month."""
    for row in schedule:
        if not group.sessions.filter(number=row["number"]).exists():
            Session.objects.create(
                group=group,
                number=row["number"],
                subject=row["subject"],
                location=row["location"],
                date=row["date"],
                date_precision=Session.DatePrecision.MONTH,  # a schedule gives the month
                visibility=Visibility.DRAFT,
            )


def _draft_session(group, found: dict, extraction: dict) -> Session:
    """A new draft session, or the planned (empty, draft) one of the same number, filled in."""
    session = group.sessions.filter(number=found["number"]).first()
    if session is not None and (session.visibility != Visibility.DRAFT or session.items.exists()):
        raise ImportRefused(
            f"Session {found['number']} of {group} already has content; the import only "
            "fills a new or empty session. Delete or renumber it first."
        )
    session = session or Session(group=group, number=found["number"])
    _frame(session, found)
    session.status = Session.Status.HELD
    session.visibility = Visibility.DRAFT
    session.report_note = extraction["report_note"] if len(extraction["sessions"]) > 1 else ""
    for name, value in found["fields"].items():
        setattr(session, name, value)
    session.authors = session.authors or found["authors"][:300]
    session.save()
    return session


def _frame(session: Session, found: dict) -> None:
    """Subject, place and date as the report gives them; a planned session keeps its own."""
    session.subject = session.subject or found["subject"][:300] or "Subject not given"
    session.heading_subject = (
        found["heading_subject"] if found["heading_subject"] != session.subject else ""
    )[:300]
    session.location = session.location or found["location"]
    session.venue = session.venue or found.get("venue", "")[:200]
    if not session.date:
        # A date the report does not state stays empty: the review page says so.
        session.date = found["date"] or None
        session.date_precision = found.get("date_precision") or Session.DatePrecision.MONTH


def _write_topics(session, topics: list[dict]) -> None:
    for order, topic in enumerate(topics, start=1):
        TopicHeading.objects.get_or_create(
            session=session,
            title=topic["title"][:300],
            defaults={"order": order, "level": topic["level"]},
        )


def _write_programme(session, programme: list[dict]) -> None:
    for order, found_row in enumerate(programme, start=1):
        row = ProgrammeRow.objects.create(
            session=session,
            order=order,
            time=found_row["time"][:40],
            title=found_row["title"][:300],
        )
        Speaker.objects.bulk_create(
            Speaker(
                row=row,
                order=n,
                name=speaker["name"][:200],
                role=speaker["role"][:200],
                organisation=speaker["organisation"][:200],
            )
            for n, speaker in enumerate(found_row["speakers"], start=1)
        )


def _write_proposals(report, session, records: list[dict]) -> None:
    Proposal.objects.bulk_create(
        Proposal(
            report=report,
            session=session,
            kind=record["kind"],
            order=order,
            text=record["text"],
            statement=record["statement"],
            cue=record["cue"][:300],
            paragraph=record["paragraph"],
            topic_title=record["topic"] or "",
            agreement=record["agreement"],
            party=record["party"],
            strength=record["strength"],
            themes=record["themes"],
            sectors=record["sectors"],
        )
        for order, record in enumerate(records, start=1)
    )


def _write_figures(report, session, figures, images, stored) -> list[str]:
    """One proposed figure per picture, re-encoded as PNG; returns the pictures that could not
    be read as images."""
    unreadable = []
    for found_figure in figures:
        try:
            png = reencoded_image(
                SimpleUploadedFile("figure", images.get(found_figure["block"]) or b"")
            )
        except forms.ValidationError:
            unreadable.append(f"Session {session.number}, figure {found_figure['number']}")
            continue
        proposed = ProposedFigure(
            report=report,
            session=session,
            number=found_figure["number"],
            caption=found_figure["caption"][:300],
            paragraph=found_figure["paragraph"],
            order=found_figure["order"],
        )
        proposed.image.save("figure.png", png, save=False)
        stored.append(proposed.image.name)
        proposed.save()
    return unreadable


def _mark_ready(report, group, extraction, unreadable: list[str]) -> None:
    report.group = group
    report.extracted = extraction
    report.status = ImportedReport.Status.READY
    report.progress = 100
    figures = report.figures.count()
    report.message = (
        f"{len(extraction['sessions'])} draft session(s) and {report.proposals.count()} "
        "proposals to review"
        + (f", and {figures} figure(s) that need alt text." if figures else ".")
    )
    for note in extraction.get("notes", []):
        report.message += " " + note
    if unreadable:
        report.message += (
            f" These pictures could not be read as images and were left out: "
            f"{'; '.join(unreadable)}. Add them in the session's Figures as PNG or JPEG."
        )
    report.save()


def _new_group(report, extraction) -> LearningGroup:
    name = report.new_group_name or extraction["group"]["name"]
    if not name:
        raise ImportRefused("Choose the learning group, or give the name of a new one.")
    group, _created = LearningGroup.objects.get_or_create(
        name=name,
        defaults={
            "slug": slugify(name)[:200],
            "focus": extraction["group"].get("focus", "")[:300],
            "introduction": extraction["group"]["introduction"],
            "findings_sharing": extraction["group"]["findings_sharing"],
            "inaugural_meeting": extraction["group"].get("inaugural_meeting"),
            "inaugural_location": extraction["group"].get("inaugural_location", ""),
            **_series_frame(extraction),
        },
    )
    return group


def _series_frame(extraction) -> dict:
    """A new group or series takes the report's own frame: its series title, the word and
    numbering of its events, its organisation; the pilot's defaults only where the report is in
    the pilot's form."""
    found = extraction.get("frame", {})
    sessions = extraction["sessions"]
    event = next((s["event"] for s in sessions if s.get("event")), {}) or found.get("event", {})
    if not event or event.get("prefix", "").lower() == "round table action learning":
        return {}  # the pilot's form: the model's defaults are its frame
    word = event.get("word", "Session")
    frame = {
        "series_title": found.get("series", "")[:200],
        "report_kind": found.get("report_kind", "")[:100],
        "event_word": word[:60],
        "heading_prefix": "",
        "number_style": event.get("number_style", "digits"),
        "schedule_caption": f"The {word.lower()}s"[:200],
    }
    if found.get("organisation"):
        frame["organisation"] = found["organisation"][:200]
    return frame


def import_bytes(data: bytes, filename: str, *, group=None, new_group_name="", user=None):
    """Check the file first (a refusal creates nothing), then store and import it."""
    document = read_document(data, filename)
    report = ImportedReport(
        group=group,
        new_group_name=new_group_name,
        original_name=filename[:255],
        format=document.format,
        uploaded_by=user,
    )
    try:
        with transaction.atomic():
            report.document.save(filename, ContentFile(data), save=False)
            report.save()
            run_import(report)
    except BaseException:
        # The rows are rolled back; the stored file goes with them.
        if report.document.name:
            report.document.storage.delete(report.document.name)
        raise
    return report
