"""What changed about a followed thing, as one reader may see it.

The digest, the Atom feeds and the pages ask the same question the same way: every list here
starts from a QuerySet's ``visible_to(user)``, so a digest never tells a member what they may
not read on the site.
"""

import dataclasses
import datetime

from django.urls import reverse

from ajc.ids import as_id
from findings.models import Item
from findings.tallies import visible_themes
from sessions.models import LearningGroup

from .models import Evidence, Follow, LedgerEntry, Observation, TrackedRisk

KINDS = {
    "recommendation": "a recommendation",
    "tracked_risk": "a tracked risk",
    "theme": "a theme",
    "group": "a learning group",
}


@dataclasses.dataclass(frozen=True)
class Change:
    when: datetime.datetime
    title: str
    text: str
    url: str

    def as_dict(self):
        return {"when": self.when.isoformat(), "title": self.title, "url": self.url}


def target_of(kind: str, key: str, user):
    """The followed thing by kind and key (pk or slug), if the reader may see it; else None."""
    if kind == "recommendation":
        items = Item.objects.visible_to(user).of_kind(Item.Kind.RECOMMENDATION)
        return items.filter(pk=as_id(key)).first() if as_id(key) is not None else None
    if kind == "tracked_risk":
        return TrackedRisk.objects.visible_to(user).filter(slug=key).first()
    if kind == "theme":
        return visible_themes(user).filter(slug=key).first()
    if kind == "group":
        return LearningGroup.objects.visible_to(user).filter(slug=key).first()
    return None


def key_of(kind, target):
    return str(target.pk) if kind == "recommendation" else target.slug


def follow_url(kind, target):
    if kind == "recommendation":
        return reverse("followup:recommendation", kwargs={"pk": target.pk})
    return target.get_absolute_url()


def _window(queryset, field, since, until):
    if since is not None:
        queryset = queryset.filter(**{f"{field}__gte": since})
    if until is not None:
        queryset = queryset.filter(**{f"{field}__lt": until})
    return queryset


def changes_about(kind, target, user, since=None, until=None, limit=100) -> list[Change]:
    """Changes about one followed thing in [since, until), newest first."""
    items = Item.objects.visible_to(user)
    if kind == "recommendation":
        in_scope = items.filter(pk=target.pk)
        observations = Observation.objects.none()
        new_items = Item.objects.none()
    elif kind == "tracked_risk":
        in_scope = Item.objects.none()
        observations = Observation.objects.filter(tracked_risk=target)
        new_items = Item.objects.none()
    elif kind == "theme":
        in_scope = items.with_theme(target.slug).of_kind(Item.Kind.RECOMMENDATION)
        observations = Observation.objects.filter(risk__in=items.with_theme(target.slug))
        new_items = items.with_theme(target.slug)
    else:
        in_scope = items.filter(session__group=target, kind=Item.Kind.RECOMMENDATION)
        observations = Observation.objects.filter(session__group=target)
        new_items = items.filter(session__group=target)

    changes = []
    entries = LedgerEntry.objects.visible_to(user).filter(follow_up__recommendation__in=in_scope)
    for entry in _window(entries, "recorded_at", since, until).select_related(
        "follow_up__recommendation"
    )[:limit]:
        recommendation = entry.follow_up.recommendation
        who = f" by {entry.responded_by}" if entry.responded_by else ""
        changes.append(
            Change(
                entry.recorded_at,
                f"Response: {entry.get_status_display()}{who}; implementation: "
                f"{entry.get_rating_display().lower()}",
                recommendation.summary,
                reverse("followup:recommendation", kwargs={"pk": recommendation.pk}),
            )
        )
    evidence = Evidence.objects.visible_to(user).filter(follow_up__recommendation__in=in_scope)
    for entry in _window(evidence, "recorded_at", since, until).select_related(
        "follow_up__recommendation"
    )[:limit]:
        recommendation = entry.follow_up.recommendation
        changes.append(
            Change(
                entry.recorded_at,
                f"Evidence of {entry.date:%d %B %Y}: {entry.what[:120]}",
                recommendation.summary,
                reverse("followup:recommendation", kwargs={"pk": recommendation.pk}),
            )
        )
    observations = Observation.objects.visible_to(user).filter(pk__in=observations.values("pk"))
    for observation in _window(observations, "recorded_at", since, until).select_related(
        "tracked_risk", "session__group"
    )[:limit]:
        changes.append(
            Change(
                observation.recorded_at,
                f"Risk {observation.get_stage_display().lower()} in {observation.session.title}:"
                f" {observation.tracked_risk.title}",
                f"Level: {observation.level}. Exposed: {observation.get_exposed_display()}.",
                observation.tracked_risk.get_absolute_url(),
            )
        )
    for item in _window(new_items, "created_at", since, until).select_related("session")[:limit]:
        changes.append(
            Change(
                item.created_at,
                f"New {item.get_kind_display().lower()} in {item.session.title}",
                item.summary,
                item.get_absolute_url(),
            )
        )
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes[:limit]


def changes_for_member(user, since, until):
    """Every change about what the member follows, once each, with what it is about."""
    sections = []
    for follow in Follow.objects.filter(user=user).select_related(
        "recommendation", "tracked_risk", "theme", "group"
    ):
        kind = follow.target_kind
        target = target_of(kind, key_of(kind, follow.target), user)
        if target is None:
            continue  # hidden from the member now: say nothing about it
        changes = changes_about(kind, target, user, since, until)
        if changes:
            sections.append((kind, target, changes))
    return sections
