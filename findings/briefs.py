"""A theme brief: for one theme, across every learning group, how much each group said, the
learning points by how far the group agreed, the risks (with the recommendations that answer
them) and the recommendations — for the page, the CSV, the JSON and the PDF (which the report
machinery prepares: ``reports.theme_brief``).

The brief holds only what the reader may see (``Item.objects.visible_to``). Each
recommendation carries its follow-up status ("What happened next": the response and how far it
was acted on) where one is recorded. The follow-up app sits above findings, so findings never
imports it: it registers ``follow_up_statuses``'s source when it starts
(``followup.apps``), and a site without it simply shows no status.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.dateformat import format as date_format

from . import charts, export
from .models import Item
from .queries import with_relations

NOT_STATED = "Agreement not stated"
# The CSV's columns for a recommendation's follow-up, after the findings browser's own.
FOLLOW_UP_COLUMNS = ["response", "who responded", "when", "implementation"]


@dataclass
class GroupShare:
    name: str
    url: str
    counts: dict = field(default_factory=lambda: dict.fromkeys(Item.Kind.values, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class FollowUpStatus:
    """A recommendation's follow-up as its reader may see it: what the follow-up app tells."""

    response: str  # "Accepted in principle"
    responded_by: str  # an organisation or a role, never a person
    responded_on: datetime.date | None
    implementation: str  # "Substantial"
    url: str  # its timeline
    recorded: bool = True  # False while the ledger still holds nothing (no response, not rated)

    @property
    def response_words(self) -> str:
        """'Accepted, from the Ministry of Justice, 3 May 2013', as the progress report says it."""
        said = [self.response]
        if self.responded_by:
            said.append(f"from {self.responded_by}")
        if self.responded_on:
            said.append(date_format(self.responded_on, "j F Y"))
        return ", ".join(said)

    def __str__(self):
        return f"{self.response_words}; implementation: {self.implementation.lower()}"

    def as_data(self, base_url) -> dict:
        return {
            "response": self.response,
            "responded_by": self.responded_by,
            "responded_on": self.responded_on.isoformat() if self.responded_on else None,
            "implementation": self.implementation,
            "url": base_url + self.url,
        }


# (recommendations' ids, reader) -> {id: status} for those with a status the reader may see.
StatusSource = Callable[[Iterable[int], object], dict[int, FollowUpStatus]]
# A recommendation fetched by ``queries.with_relations`` -> its status, from the row itself.
RowSource = Callable[[Item], FollowUpStatus | None]
_status_source: StatusSource | None = None
_row_source: RowSource | None = None


def tell_follow_up_statuses_with(source: StatusSource, from_row: RowSource | None = None) -> None:
    """Called once by the follow-up app when it starts (``followup.apps``)."""
    global _status_source, _row_source
    _status_source, _row_source = source, from_row


def follow_up_status_of_row(item) -> FollowUpStatus | None:
    """The status of a recommendation listed by ``queries.with_relations``, at no query cost
    (the follow-up app joins its ledger to the rows: ``joined``)."""
    return _row_source(item) if _row_source else None


def follow_up_statuses(recommendation_ids: Iterable[int], user) -> dict[int, FollowUpStatus]:
    """The follow-up status of each of these recommendations that has one the reader may see."""
    if _status_source is None:
        return {}
    return _status_source(recommendation_ids, user)


def brief_items(theme, user):
    """The theme's items the reader may see, in report order across groups."""
    return (
        with_relations(Item.objects.visible_to(user).with_theme(theme.slug), user, answers=True)
        .select_related("topic")
        .order_by("session__group__name", "session__number", "kind_order", "order", "pk")
    )


def theme_brief(theme, user) -> dict:
    items = list(brief_items(theme, user))
    groups: dict[int, GroupShare] = {}
    by_agreement = {label: [] for label in [*Item.Agreement.labels, NOT_STATED]}
    risks, recommendations = [], []
    for item in items:
        group = item.session.group
        share = groups.setdefault(group.pk, GroupShare(group.name, group.get_absolute_url()))
        share.counts[item.kind] += 1
        if item.kind == Item.Kind.FINDING:
            label = item.get_agreement_display() if item.agreement else NOT_STATED
            by_agreement[label].append(item)
        elif item.kind == Item.Kind.RISK:
            risks.append(item)
        elif item.kind == Item.Kind.RECOMMENDATION:
            recommendations.append(item)
        # A question raised counts towards its group's share; the brief lists no questions.
    statuses = follow_up_statuses([item.pk for item in recommendations], user)
    for item in recommendations:
        item.follow_up_status = statuses.get(item.pk)
    return {
        "theme": theme,
        "count": len(items),
        "groups": list(groups.values()),
        "learning_points": [(label, found) for label, found in by_agreement.items() if found],
        "sector_chart": charts.theme_chart(
            item for item in items if item.kind == Item.Kind.FINDING
        ),
        "risks": risks,
        "recommendations": recommendations,
    }


def _item_data(item, base_url) -> dict:
    return {
        "id": item.pk,
        "text": item.text,
        "group": item.session.group.name,
        "session": item.session.number,
        "session_subject": item.session.subject,
        "session_date": item.session.date.isoformat() if item.session.date else None,
        "published_at": item.published_at.isoformat() if item.published_at else None,
        "url": base_url + item.get_absolute_url(),
    }


def recommendation_data(item, base_url) -> dict:
    return {
        **_item_data(item, base_url),
        "addressed_to": item.get_audience_display(),
        "strength": item.get_strength_display(),
        "answers": [risk.pk for risk in item.visible_answers],
        "follow_up": item.follow_up_status.as_data(base_url) if item.follow_up_status else None,
    }


def brief_data(brief: dict, base_url: str) -> dict:
    """The brief as JSON-ready data."""
    theme = brief["theme"]
    return {
        "theme": {"slug": theme.slug, "name": theme.name, "description": theme.description},
        "count": brief["count"],
        "groups": [
            {"name": share.name, "total": share.total, **share.counts} for share in brief["groups"]
        ],
        "learning_points": [
            {"agreement": label, "items": [_item_data(item, base_url) for item in found]}
            for label, found in brief["learning_points"]
        ],
        "agreement_by_sector": [
            {"sector": row.name, "total": row.total, **row.counts}
            for row in (brief["sector_chart"].rows if brief["sector_chart"] else [])
        ],
        "risks": [
            {
                **_item_data(item, base_url),
                "who_is_exposed": item.get_exposed_display(),
                "answered_by": [rec.pk for rec in item.visible_answered_by],
            }
            for item in brief["risks"]
        ],
        "recommendations": [
            recommendation_data(item, base_url) for item in brief["recommendations"]
        ],
    }


def brief_csv(theme, user, base_url: str):
    """The brief as CSV rows: the findings browser's columns, then each recommendation's
    follow-up status (empty for other items, and where none is recorded)."""
    statuses = follow_up_statuses(
        Item.objects.visible_to(user)
        .with_theme(theme)
        .of_kind(Item.Kind.RECOMMENDATION)
        .values("pk"),
        user,
    )

    def follow_up(item) -> list:
        status = statuses.get(item.pk)
        if status is None:
            return [""] * len(FOLLOW_UP_COLUMNS)
        return [status.response, status.responded_by, status.responded_on, status.implementation]

    return export.csv_rows(brief_items(theme, user), base_url, more=(FOLLOW_UP_COLUMNS, follow_up))
