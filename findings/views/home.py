"""The home page and What's new, and the pages computed again after a narrowing edit."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.shortcuts import render
from django.urls import reverse

from ajc.cache import Policy, cached_fragment
from ajc.visibility import levels_for
from sessions.views import groups_with_schedules

from .. import tallies
from ..models import Item, Theme
from ..queries import with_relations

RECENT_LEARNING_POINTS = 5
# The home page shows a few groups and the start of each schedule, whatever the data's size.
HOME_GROUPS = 10
HOME_SESSIONS_EACH = 6
WHATS_NEW_LENGTH = 20
HOME = Policy("home")
WHATS_NEW = Policy("whats-new")


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
    def build():
        groups = list(
            groups_with_schedules(request.user, sessions_each=HOME_SESSIONS_EACH).order_by("name")[
                : HOME_GROUPS + 1
            ]
        )
        return {
            "themes": featured_theme_counts(request.user),
            "groups": groups[:HOME_GROUPS],
            "more_groups": len(groups) > HOME_GROUPS,
            "recent": with_relations(
                Item.objects.visible_to(request.user).of_kind(Item.Kind.FINDING), request.user
            ).order_by("-created_at", "-pk")[:RECENT_LEARNING_POINTS],
        }

    content = cached_fragment(request, HOME, "findings/home.html#content", build)
    return render(request, "findings/home.html", {"content": content})


def whats_new(request):
    """What has been published lately, newest first, and "new since" each month."""

    def build():
        published = Item.objects.visible_to(request.user).filter(published_at__isnull=False)
        per_month = (
            published.annotate(month=TruncMonth("published_at"))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by("-month")
        )
        months, since = [], 0
        for row in per_month:
            since += row["n"]
            months.append({"month": row["month"], "count": row["n"], "since": since})
        latest = with_relations(published, request.user).order_by("-published_at", "-pk")
        return {"months": months, "latest": latest[:WHATS_NEW_LENGTH]}

    content = cached_fragment(request, WHATS_NEW, "findings/whats_new.html#content", build)
    return render(request, "findings/whats_new.html", {"content": content})
