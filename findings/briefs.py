"""A theme brief: for one theme, across every learning group, how much each group said, the
learning points by how far the group agreed, the risks (with the recommendations that answer
them) and the recommendations — for the page, the CSV and the JSON.

The brief holds only what the reader may see (``Item.objects.visible_to``). Recommendations
will carry their follow-up status once "What happened next" lands; ``recommendation_data`` is
where it goes.
"""

from dataclasses import dataclass, field

from . import charts
from .models import Item
from .queries import with_relations

NOT_STATED = "Agreement not stated"


@dataclass
class GroupShare:
    name: str
    url: str
    counts: dict = field(default_factory=lambda: dict.fromkeys(Item.Kind.values, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())


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
        else:
            recommendations.append(item)
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
        "session_date": item.session.date.isoformat(),
        "published_at": item.published_at.isoformat() if item.published_at else None,
        "url": base_url + item.get_absolute_url(),
    }


def recommendation_data(item, base_url) -> dict:
    return {
        **_item_data(item, base_url),
        "addressed_to": item.get_audience_display(),
        "strength": item.get_strength_display(),
        "answers": [risk.pk for risk in item.visible_answers],
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
