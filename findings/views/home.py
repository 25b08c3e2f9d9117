"""The home page and What's new, and the pages computed again after a narrowing edit."""

import dataclasses

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.urls import reverse

from ajc.cache import Hidden, Policy, cached
from ajc.visibility import audience_for, levels_for
from sessions.models import Session
from sessions.views import groups_with_schedules

from .. import listed, tallies
from ..models import Item, Theme
from ..queries import with_relations

RECENT_LEARNING_POINTS = 5
# The home page shows a few groups and the start of each schedule, whatever the data's size.
HOME_GROUPS = 10
HOME_SESSIONS_EACH = 6
WHATS_NEW_LENGTH = 20
# Named anew when what it keeps changed shape: a value kept by the code before is never read.
HOME = Policy("home-page")
# Named anew when what it keeps changed shape: a value kept by the code before is never read.
WHATS_NEW = Policy("whats-new-page")


def featured_theme_counts(user):
    """Featured themes with how many items each holds that ``user`` may see."""
    counts = tallies.themes(levels_for(user))
    # A featured theme that no item the reader may see carries is not shown at all.
    return [
        {"theme": theme, "count": counts[theme.pk]}
        for theme in Theme.objects.filter(featured=True, pk__in=counts).order_by("name")
    ]


def most_read_paths() -> list[str]:
    """The public pages computed again right after an edit that narrows (``ajc.warming``):
    the home page, the browser and the registers as they open, what's new, the feed, and the
    featured themes' pages, a short list whatever the amount of content."""
    featured = Theme.objects.filter(
        featured=True, pk__in=tallies.visible_theme_ids(AnonymousUser())
    ).order_by("name")
    return [
        reverse("home"),
        reverse("findings:item_list"),
        reverse("findings:risk_list"),
        reverse("findings:recommendation_list"),
        reverse("findings:whats_new"),
        reverse("findings:feed"),
        *(theme.get_absolute_url() for theme in featured),
    ]


def home(request):
    """The learning groups with the start of their schedules, the featured themes with their
    counts, and the latest learning points. Kept as HTML with its parts beside it, so that after
    a narrowing edit the previous version is given made safe (``_home_made_safe``)."""

    def build():
        groups = list(_home_groups(request.user)[: HOME_GROUPS + 1])
        recent = with_relations(
            Item.objects.visible_to(request.user).of_kind(Item.Kind.FINDING), request.user
        ).order_by("-created_at", "-pk")[:RECENT_LEARNING_POINTS]
        return _home_content(
            request,
            {
                "groups": _group_blocks(groups[:HOME_GROUPS]),
                "more_groups": len(groups) > HOME_GROUPS,
                "themes": featured_theme_counts(request.user),
                "recent": listed.rows_of(recent),
            },
        )

    policy = dataclasses.replace(
        HOME, made_safe=lambda previous, hidden: _home_made_safe(request, previous, hidden)
    )
    content = cached(policy, audience_for(request.user), build)["html"]
    return render(request, "findings/home.html", {"content": content})


def _home_groups(user):
    return groups_with_schedules(user, sessions_each=HOME_SESSIONS_EACH).order_by("name")


def _group_blocks(groups) -> list[tuple[int, str]]:
    """Each group's part of the home page, rendered on its own: (its id, its HTML)."""
    template = get_template("findings/home_group.html")
    return [(group.pk, template.render({"group": group})) for group in groups]


def _home_content(request, kept: dict) -> dict:
    """The home page's content as HTML, kept with the parts it was made from."""
    context = kept | {"group_blocks": [html for _, html in kept["groups"]]}
    html = render_to_string("findings/home.html#content", context, request=request)
    return {"html": html, "kept": kept}


def _home_made_safe(request, previous: dict, hidden: Hidden) -> dict | None:
    """The home page as it was, with what a narrowing edit hid taken out: the groups whose
    schedules held a hidden session computed again (a group with nothing left to show goes),
    the featured themes counted again (the kept counts: ``findings.tallies``), and the latest
    learning points without those that show or link to anything hidden."""
    kept = previous.get("kept")
    if kept is None:
        return None
    touched = set(Session.objects.filter(pk__in=hidden.sessions).values_list("group_id", flat=True))
    groups = kept["groups"]
    if touched & {pk for pk, _ in groups}:
        again = dict(_group_blocks(_home_groups(request.user).filter(pk__in=touched)))
        groups = [
            (pk, again[pk] if pk in touched else html)
            for pk, html in groups
            if pk in again or pk not in touched
        ]
    made_safe = kept | {
        "groups": groups,
        "themes": featured_theme_counts(request.user),
        "recent": [row for row in kept["recent"] if not row.shows(hidden)],
    }
    return _home_content(request, made_safe) | {"kept": None}


def whats_new(request):
    """What has been published lately, newest first, and "new since" each month. Kept with its
    rows and monthly counts, so that after a narrowing edit its previous version is given with
    what was hidden taken out (``_whats_new_made_safe``)."""
    levels = levels_for(request.user)

    def build():
        published = Item.objects.visible_to(request.user).filter(published_at__isnull=False)
        per_month = dict(_per_month(published))
        latest = with_relations(published, request.user).order_by("-published_at", "-pk")
        return _whats_new_content(
            request,
            {
                "per_month": per_month,
                "latest": listed.rows_of(latest[:WHATS_NEW_LENGTH], short=True),
            },
        )

    def made_safe(previous, hidden: Hidden):
        kept = previous.get("kept")
        if kept is None:
            return None
        taken = dict(
            _per_month(listed.hidden_items(hidden, levels).filter(published_at__isnull=False))
        )
        made = {
            "per_month": {
                month: n - taken.get(month, 0)
                for month, n in kept["per_month"].items()
                if n > taken.get(month, 0)
            },
            "latest": [row for row in kept["latest"] if not row.shows(hidden)],
        }
        return _whats_new_content(request, made) | {"kept": None}

    policy = dataclasses.replace(WHATS_NEW, made_safe=made_safe)
    content = cached(policy, audience_for(request.user), build)["html"]
    return render(request, "findings/whats_new.html", {"content": content})


def _per_month(items):
    """(month, how many of ``items`` were published in it), newest first."""
    return (
        items.annotate(month=TruncMonth("published_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by("-month")
    )


def _whats_new_content(request, kept: dict) -> dict:
    """What's new as HTML (each month with how many were published since it began), kept with
    the parts it was made from."""
    months, since = [], 0
    for month, count in sorted(kept["per_month"].items(), reverse=True):
        since += count
        months.append({"month": month, "count": count, "since": since})
    context = {"months": months, "latest": kept["latest"]}
    html = render_to_string("findings/whats_new.html#content", context, request=request)
    return {"html": html, "kept": kept}
