"""The thin layer that writes an extraction with today's models: draft sessions, their topics,
and proposals; and, when the facilitator accepts a proposal, the item it becomes.

This is the only module that knows both the extraction's shape (``imports.extract``) and the
models: when items gain a short statement and a source passage (issue 10), ``accept`` is where
they get ``proposal.statement`` and ``proposal.paragraph``.
"""

from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.text import slugify

from ajc.visibility import Visibility
from findings.models import Item, Theme
from sessions.admin_forms import reencoded_image
from sessions.edits import content_changed
from sessions.models import (
    Figure,
    LearningGroup,
    ProgrammeRow,
    Sector,
    Session,
    Speaker,
    TopicHeading,
)

from . import rules
from .document import ImportRefused, read_document
from .extract import extract
from .models import ImportedReport, Proposal, ProposedFigure

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
    unreadable = []
    group = report.group or _new_group(report, extraction)
    for row in extraction["schedule"]:
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
        if not session.date:
            session.date = found["date"] or "2000-01-01"
            session.date_precision = Session.DatePrecision.MONTH
        session.status = Session.Status.HELD
        session.visibility = Visibility.DRAFT
        session.report_note = extraction["report_note"] if len(extraction["sessions"]) > 1 else ""
        for name, value in found["fields"].items():
            setattr(session, name, value)
        session.save()
        sessions.append(session)
        session.authors = session.authors or found["authors"][:300]
        session.save(update_fields=["authors"])
        for order, topic in enumerate(found["topics"], start=1):
            TopicHeading.objects.get_or_create(
                session=session,
                title=topic["title"][:300],
                defaults={"order": order, "level": topic["level"]},
            )
        for order, found_row in enumerate(found["programme"], start=1):
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
        for found_figure in found["figures"]:
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
    report.group = group
    report.extracted = extraction
    report.status = ImportedReport.Status.READY
    report.progress = 100
    report.message = (
        f"{len(sessions)} draft session(s) and {report.proposals.count()} proposals to review"
        + (
            f", and {report.figures.count()} figure(s) that need alt text."
            if report.figures.exists()
            else "."
        )
    )
    if unreadable:
        report.message += (
            f" These pictures could not be read as images and were left out: "
            f"{'; '.join(unreadable)}. Add them in the session's Figures as PNG or JPEG."
        )
    report.save()
    report.sessions.set(sessions)
    content_changed([session.pk for session in sessions])


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


class ReviewRefused(Exception):
    """A review action that cannot be done; the message says why, for the facilitator."""


STATEMENT_MAX = Item._meta.get_field("statement").max_length


def _pending(proposal: Proposal) -> Proposal:
    """The proposal's row, locked until the transaction ends: two facilitators deciding the
    same proposal at once are served one after the other, and the second is told."""
    locked = Proposal.objects.select_for_update().filter(pk=proposal.pk).first()
    if locked is None or locked.decision != Proposal.Decision.PENDING:
        raise ReviewRefused(
            "That proposal has already been decided (perhaps by another facilitator): "
            "the page now shows its decision."
        )
    return locked


def _short(statement: str) -> str:
    statement = " ".join(statement.split())
    if len(statement) <= STATEMENT_MAX:
        return statement
    return statement[: STATEMENT_MAX - 1].rsplit(" ", 1)[0].rstrip(",;: ") + "…"


def _passage(proposal: Proposal) -> dict:
    """Where a risk or recommendation comes from: the printed item made from its paragraph (an
    accepted learning point, or a risk of the report's list of risks), or the part of the
    session's own text (focus, conclusion) that holds it."""
    printed = (
        Proposal.objects.filter(
            session=proposal.session,
            paragraph=proposal.paragraph,
            decision=Proposal.Decision.ACCEPTED,
            item__isnull=False,
        )
        .exclude(item__text="")
        .select_related("item")
        .order_by("item__kind_order")
    )
    for other in printed:
        if " ".join(proposal.text.split()) in " ".join(other.item.text.split()):
            return {"source": other.item}
    for found in proposal.report.extracted.get("sessions", []):
        if found["number"] == proposal.session.number:
            for section, paragraphs in found.get("sections", {}).items():
                if proposal.paragraph in paragraphs:
                    return {"source_section": section}
    return {}


@transaction.atomic
def accept(proposal: Proposal, text: str | None = None, statement: str | None = None) -> Item:
    """The proposal becomes an item of its draft session (seen by no member until published).

    A risk or recommendation gets its short statement (as proposed, or as the facilitator
    edited it); when it comes from a passage the session already holds (an accepted learning
    point, the focus, the conclusion) it is drawn from that passage rather than copying it, so
    each sentence is kept once (issue 10)."""
    proposal = _pending(proposal)
    kind = proposal.kind
    drawable = kind in Item.DRAWN_KINDS
    statement = " ".join((statement or "").split())
    if statement and len(statement) > STATEMENT_MAX:
        raise ReviewRefused(
            f"A short statement is at most {STATEMENT_MAX} characters; this one is "
            f"{len(statement)}. Shorten it and accept again."
        )
    edited = bool(text) and " ".join(text.split()) != " ".join(proposal.text.split())
    merged = proposal.proposal_set.filter(decision=Proposal.Decision.MERGED).exists()
    passage = _passage(proposal) if drawable and not (edited or merged) else {}
    item = Item(
        session=proposal.session,
        kind=kind,
        order=proposal.order,
        text="" if passage else (text or proposal.text),
        statement=(statement or _short(proposal.statement or proposal.text)) if drawable else "",
        topic=TopicHeading.objects.filter(
            session=proposal.session, title=proposal.topic_title
        ).first(),
        agreement=(proposal.agreement or "broad") if kind == Item.Kind.FINDING else "",
        exposed=proposal.party if kind == Item.Kind.RISK else "",
        audience=proposal.party if kind == Item.Kind.RECOMMENDATION else "",
        strength=(proposal.strength or "normal") if kind == Item.Kind.RECOMMENDATION else "",
        **passage,
    )
    item.save()
    themes = [
        Theme.objects.get_or_create(slug=slug, defaults={"name": THEME_NAMES.get(slug, slug)})[0]
        for slug in proposal.themes
    ]
    item.themes.set(themes)
    if kind == Item.Kind.FINDING and proposal.sectors:
        item.sectors.set(Sector.objects.filter(slug__in=proposal.sectors))
    if item.text:
        _draw_from(item, proposal)
    for merged in proposal.proposal_set.all():
        if merged.decision == Proposal.Decision.MERGED:
            merged.item = item
            merged.save(update_fields=["item"])
    proposal.text = text or proposal.text
    proposal.statement = item.statement or proposal.statement
    proposal.item = item
    proposal.decision = Proposal.Decision.ACCEPTED
    proposal.save()
    # The whole session: items drawn from the new one changed too.
    content_changed([proposal.session_id])
    return item


def _draw_from(printed: Item, proposal: Proposal) -> None:
    """Risks and recommendations of this paragraph accepted before the item that prints it
    stop copying their sentence: they are drawn from that item now."""
    earlier = (
        Proposal.objects.filter(
            session=proposal.session,
            paragraph=proposal.paragraph,
            kind__in=Item.DRAWN_KINDS,
            decision=Proposal.Decision.ACCEPTED,
            item__source__isnull=True,
            item__source_section="",
        )
        .exclude(item=printed)
        .select_related("item")
    )
    for other in earlier:
        words = " ".join(other.item.text.split())
        if words and words in " ".join(printed.text.split()):
            other.item.text = ""
            other.item.source = printed
            other.item.save(update_fields=["text", "source"])


@transaction.atomic
def reject(proposal: Proposal) -> None:
    proposal = _pending(proposal)
    proposal.decision = Proposal.Decision.REJECTED
    proposal.save(update_fields=["decision"])


@transaction.atomic
def merge(proposal: Proposal, into: Proposal) -> None:
    """Its text joins the other proposal's (the facilitator then accepts that one)."""
    if into.pk == proposal.pk or into.session_id != proposal.session_id:
        raise ReviewRefused("Choose another proposal of the same session to merge into.")
    # Locked in a fixed order, so two merges the other way round cannot deadlock.
    first, second = sorted([proposal, into], key=lambda p: p.pk)
    locked = {p.pk: _pending(p) for p in (first, second)}
    proposal, into = locked[proposal.pk], locked[into.pk]
    into.text = f"{into.text} {proposal.text}" if proposal.text not in into.text else into.text
    into.themes = sorted(set(into.themes) | set(proposal.themes))
    into.save()
    proposal.decision = Proposal.Decision.MERGED
    proposal.merged_into = into
    proposal.save(update_fields=["decision", "merged_into"])


def _pending_figure(proposed: ProposedFigure) -> ProposedFigure:
    locked = ProposedFigure.objects.select_for_update().filter(pk=proposed.pk).first()
    if locked is None or locked.decision != ProposedFigure.Decision.PENDING:
        raise ReviewRefused(
            "That figure has already been decided (perhaps by another facilitator): "
            "the page now shows its decision."
        )
    return locked


@transaction.atomic
def accept_figure(proposed: ProposedFigure, caption: str, alt_text: str) -> Figure:
    """The picture becomes a figure of its draft session, with the alt text the facilitator
    wrote (a figure without alt text cannot exist: sessions.Figure refuses it)."""
    proposed = _pending_figure(proposed)
    caption, alt_text = " ".join(caption.split()), alt_text.strip()
    if not alt_text:
        raise ReviewRefused(
            f"Figure {proposed.number} needs its alt text: describe what it shows for people "
            "who cannot see it, then accept it."
        )
    if not caption:
        raise ReviewRefused(f"Figure {proposed.number} needs a caption.")
    if len(caption) > 300:
        raise ReviewRefused("A caption is at most 300 characters.")
    session = proposed.session
    taken = set(session.figures.values_list("number", flat=True))
    number = proposed.number if proposed.number not in taken else max(taken) + 1
    figure = Figure(
        session=session, number=number, caption=caption, alt_text=alt_text, order=proposed.order
    )
    try:
        with proposed.image.open("rb") as image:
            figure.image.save("figure.png", ContentFile(image.read()), save=False)
    except OSError:
        raise ReviewRefused(
            f"Figure {proposed.number}'s picture is no longer stored: reject it and add the "
            "figure in the session's Figures."
        ) from None
    try:
        figure.save()
    except BaseException:
        figure.image.delete(save=False)
        raise
    proposed.caption = caption
    proposed.figure = figure
    proposed.decision = ProposedFigure.Decision.ACCEPTED
    proposed.save()
    content_changed([session.pk])
    return figure


@transaction.atomic
def reject_figure(proposed: ProposedFigure) -> None:
    proposed = _pending_figure(proposed)
    proposed.decision = ProposedFigure.Decision.REJECTED
    proposed.save(update_fields=["decision"])


@transaction.atomic
def publish(report: ImportedReport) -> list[Session]:
    """Publish the report's draft sessions, once every figure has its alt text (or is
    rejected): a figure left waiting would silently be missing from the published report."""
    if report.status != ImportedReport.Status.READY or not report.sessions.exists():
        raise ReviewRefused("This import has no draft session to publish.")
    waiting = list(report.figures.filter(decision=ProposedFigure.Decision.PENDING))
    if waiting:
        names = ", ".join(f"Session {f.session.number} figure {f.number}" for f in waiting)
        raise ReviewRefused(
            f"Alt text is needed before publishing: write it for {names} and accept, or "
            "reject the figure."
        )
    sessions = list(report.sessions.all())
    for session in sessions:
        session.visibility = Visibility.PUBLIC
        session.save()
    content_changed([session.pk for session in sessions])
    return sessions


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
