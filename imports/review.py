"""Reviewing an import: each proposal accepted (it becomes an item of its draft session),
rejected or merged into another; each proposed figure accepted with its alt text or rejected;
and the report's sessions published. Every decision locks its row, so two facilitators
deciding one proposal at once are served one after the other.
"""

from django.core.files.base import ContentFile
from django.db import transaction

from ajc.visibility import Visibility
from findings.models import Item, Theme
from sessions.edits import content_changed
from sessions.models import Figure, Sector, Session, TopicHeading

from . import record_cues
from .models import ImportedReport, Proposal, ProposedFigure

THEME_NAMES = {slug: name for slug, name, _words in record_cues.THEMES}


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
    statement = _checked_statement(statement)
    edited = bool(text) and " ".join(text.split()) != " ".join(proposal.text.split())
    merged = proposal.proposal_set.filter(decision=Proposal.Decision.MERGED).exists()
    drawable = proposal.kind in Item.DRAWN_KINDS
    passage = _passage(proposal) if drawable and not (edited or merged) else {}
    item = _new_item(proposal, text="" if passage else (text or proposal.text), passage=passage)
    if drawable:
        item.statement = statement or _short(proposal.statement or proposal.text)
    item.save()
    _tag(item, proposal)
    if item.text:
        _draw_from(item, proposal)
    proposal.proposal_set.filter(decision=Proposal.Decision.MERGED).update(item=item)
    proposal.text = text or proposal.text
    proposal.statement = item.statement or proposal.statement
    proposal.item = item
    proposal.decision = Proposal.Decision.ACCEPTED
    proposal.save()
    # The whole session: items drawn from the new one changed too.
    content_changed([proposal.session_id])
    return item


def _checked_statement(statement: str | None) -> str:
    statement = " ".join((statement or "").split())
    if len(statement) > STATEMENT_MAX:
        raise ReviewRefused(
            f"A short statement is at most {STATEMENT_MAX} characters; this one is "
            f"{len(statement)}. Shorten it and accept again."
        )
    return statement


def _new_item(proposal: Proposal, text: str, passage: dict) -> Item:
    """The item a proposal becomes (not saved): each kind carries its own fields."""
    kind = proposal.kind
    by_kind = {
        Item.Kind.FINDING: {"agreement": proposal.agreement or "broad"},
        Item.Kind.RISK: {"exposed": proposal.party},
        Item.Kind.RECOMMENDATION: {
            "audience": proposal.party,
            "strength": proposal.strength or "normal",
        },
    }
    return Item(
        session=proposal.session,
        kind=kind,
        order=proposal.order,
        text=text,
        topic=TopicHeading.objects.filter(
            session=proposal.session, title=proposal.topic_title
        ).first(),
        **by_kind.get(kind, {}),
        **passage,
    )


def _tag(item: Item, proposal: Proposal) -> None:
    """The proposal's themes (created when new) and, for a learning point, its sectors."""
    themes = [
        Theme.objects.get_or_create(slug=slug, defaults={"name": THEME_NAMES.get(slug, slug)})[0]
        for slug in proposal.themes
    ]
    item.themes.set(themes)
    if item.kind == Item.Kind.FINDING and proposal.sectors:
        item.sectors.set(Sector.objects.filter(slug__in=proposal.sectors))


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
    undated = [str(session.number) for session in sessions if session.date is None]
    if undated:
        raise ReviewRefused(
            f"The report gives no date for session {', '.join(undated)}: add it on the "
            "session's page (the import never makes one up), then publish."
        )
    for session in sessions:
        session.visibility = Visibility.PUBLIC
        session.save()
    content_changed([session.pk for session in sessions])
    return sessions
