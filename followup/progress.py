"""A progress report for a learning group or a theme: its recommendations with their response,
rating and evidence, and its tracked risks with their trajectory, as one reader may see them.
The page and the PDF are rendered from the same ``Progress`` and template partial."""

import dataclasses
import types

from django.template.loader import render_to_string
from django.utils import timezone

from findings.models import Item
from reports.pdf import html_to_pdf
from reports.report import LANGUAGE

from .models import FollowUp, HeatMap, TrackedRisk


@dataclasses.dataclass
class Progress:
    kind: str  # "group" or "theme"
    subject: object
    ledgers: list
    risks: list  # (tracked risk, trajectory)
    heat_map: HeatMap
    language: str = LANGUAGE

    @property
    def title(self):
        return progress_title(self.kind, self.subject)


def progress_title(kind, subject) -> str:
    what = subject.name
    return (
        f"What happened next: {what}" if kind == "group" else f"What happened next: {what} (theme)"
    )


def build_progress(user, kind, subject) -> Progress:
    items = Item.objects.visible_to(user).of_kind(Item.Kind.RECOMMENDATION)
    items = (
        items.filter(session__group=subject) if kind == "group" else items.with_theme(subject.slug)
    )
    ledgers = list(
        FollowUp.objects.visible_to(user)
        .filter(recommendation__in=items)
        .select_related("recommendation__session__group")
        .order_by("recommendation__session__date", "recommendation__order")
    )
    for ledger in ledgers:
        ledger.shown_evidence = list(ledger.visible_evidence(user))
    risks = TrackedRisk.objects.visible_to(user)
    if kind == "group":
        risks = risks.filter(observations__session__group=subject)
    else:
        risks = risks.filter(observations__risk__themed_items__tag=subject)
    trajectories = [(risk, risk.trajectory(user)) for risk in risks.distinct()]
    return Progress(kind, subject, ledgers, trajectories, HeatMap(trajectories))


def render_progress_pdf(progress: Progress) -> bytes:
    html = render_to_string(
        "followup/progress_document.html",
        {"progress": progress, "pdf": True, "today": timezone.localdate()},
    )
    # No figures in a progress report: the fetcher serves the stylesheets' fonts only.
    return html_to_pdf(html, types.SimpleNamespace(sessions=[]))
