"""The thin layer that writes an extraction with today's models: draft sessions, their topics,
and proposals; and, when the facilitator accepts a proposal, the item it becomes.

This is the only module that knows both the extraction's shape (``imports.extract``) and the
models: when items gain a short statement and a source passage (issue 10), ``accept`` is where
they get ``proposal.statement`` and ``proposal.paragraph``.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from ajc.visibility import Visibility
from findings.models import Item, Theme
from sessions.models import LearningGroup, Sector, Session, TopicHeading

from . import rules
from .document import ImportRefused, read_document
from .extract import extract
from .models import ImportedReport, Proposal

THEME_NAMES = {slug: name for slug, name, _words in rules.THEMES}


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
        if not extraction["sessions"]:
            raise ImportRefused(
                "No session was found: a report names each session in a heading such as "
                "“Round Table Action Learning Session 2: Localism”."
            )
        with transaction.atomic():
            write_drafts(report, extraction)
    except ImportRefused as refusal:
        ImportedReport.objects.filter(pk=report.pk).update(
            status=ImportedReport.Status.FAILED, message=str(refusal), progress=100
        )
        raise
    progress(100)


def write_drafts(report: ImportedReport, extraction: dict) -> None:
    group = report.group or _new_group(report, extraction)
    for row in extraction["schedule"]:
        if not group.sessions.filter(number=row["number"]).exists():
            Session.objects.create(
                group=group,
                number=row["number"],
                subject=row["subject"],
                location=row["location"],
                date=row["date"],
                visibility=Visibility.DRAFT,
            )
    sessions = []
    for found in extraction["sessions"]:
        session = group.sessions.filter(number=found["number"]).first()
        if session is not None and (
            session.visibility != Visibility.DRAFT or session.items.exists()
        ):
            raise ImportRefused(
                f"Session {found['number']} of {group} already has content; the import only "
                "fills a new or empty session. Delete or renumber it first."
            )
        session = session or Session(group=group, number=found["number"])
        session.subject = session.subject or found["subject"]
        session.heading_subject = (
            found["heading_subject"] if found["heading_subject"] != session.subject else ""
        )
        session.location = session.location or found["location"]
        session.date = session.date or found["date"] or "2000-01-01"
        session.status = Session.Status.HELD
        session.visibility = Visibility.DRAFT
        session.report_note = extraction["report_note"] if len(extraction["sessions"]) > 1 else ""
        for name, value in found["fields"].items():
            setattr(session, name, value)
        session.save()
        sessions.append(session)
        for order, topic in enumerate(found["topics"], start=1):
            TopicHeading.objects.get_or_create(
                session=session, title=topic["title"][:300], defaults={"order": order}
            )
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
            for order, record in enumerate(found["records"], start=1)
        )
    report.group = group
    report.extracted = extraction
    report.status = ImportedReport.Status.READY
    report.progress = 100
    report.message = (
        f"{len(sessions)} draft session(s) and {report.proposals.count()} proposals to review."
    )
    report.save()
    report.sessions.set(sessions)


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
        },
    )
    return group


@transaction.atomic
def accept(proposal: Proposal, text: str | None = None) -> Item:
    """The proposal becomes an item of its draft session (seen by no member until published)."""
    kind = proposal.kind
    item = Item(
        session=proposal.session,
        kind=kind,
        order=proposal.order,
        text=text or proposal.text,
        topic=TopicHeading.objects.filter(
            session=proposal.session, title=proposal.topic_title
        ).first(),
        agreement=(proposal.agreement or "broad") if kind == Item.Kind.FINDING else "",
        exposed=proposal.party if kind == Item.Kind.RISK else "",
        audience=proposal.party if kind == Item.Kind.RECOMMENDATION else "",
        strength=(proposal.strength or "normal") if kind == Item.Kind.RECOMMENDATION else "",
    )
    item.save()
    themes = [
        Theme.objects.get_or_create(slug=slug, defaults={"name": THEME_NAMES.get(slug, slug)})[0]
        for slug in proposal.themes
    ]
    item.themes.set(themes)
    if kind == Item.Kind.FINDING and proposal.sectors:
        item.sectors.set(Sector.objects.filter(slug__in=proposal.sectors))
    for merged in proposal.proposal_set.all():
        if merged.decision == Proposal.Decision.MERGED:
            merged.item = item
            merged.save(update_fields=["item"])
    proposal.text = item.text
    proposal.item = item
    proposal.decision = Proposal.Decision.ACCEPTED
    proposal.save()
    proposal.session.touch()
    return item


def reject(proposal: Proposal) -> None:
    proposal.decision = Proposal.Decision.REJECTED
    proposal.save(update_fields=["decision"])


@transaction.atomic
def merge(proposal: Proposal, into: Proposal) -> None:
    """Its text joins the other proposal's (the facilitator then accepts that one)."""
    if into.pk == proposal.pk or into.session_id != proposal.session_id:
        raise ValueError("A proposal merges into another of the same session.")
    into.text = f"{into.text} {proposal.text}" if proposal.text not in into.text else into.text
    into.themes = sorted(set(into.themes) | set(proposal.themes))
    into.save()
    proposal.decision = Proposal.Decision.MERGED
    proposal.merged_into = into
    proposal.save(update_fields=["decision", "merged_into"])


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
    with transaction.atomic():
        report.document.save(filename, ContentFile(data), save=False)
        report.save()
        run_import(report)
    return report
