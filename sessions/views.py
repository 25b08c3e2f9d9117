"""The home page and a learning group's page."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render

from findings.models import Item, Theme, ThemedItem
from findings.queries import cached, cached_fragment, with_relations

from .models import LearningGroup, Session

RECENT_LEARNING_POINTS = 5


def featured_theme_counts(user):
    """Featured themes with how many items each holds that ``user`` may see."""
    counts = dict(
        ThemedItem.objects.filter(
            tag__featured=True, content_object__in=Item.objects.visible_to(user).values("pk")
        )
        .values_list("tag")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        {"theme": theme, "count": counts.get(theme.pk, 0)}
        for theme in Theme.objects.filter(featured=True).order_by("name")
    ]


def _schedule(user):
    return Prefetch(
        "sessions",
        queryset=Session.objects.visible_to(user).order_by("number"),
        to_attr="visible_sessions",
    )


def home(request):
    themes = cached(request, "home-theme-counts", lambda: featured_theme_counts(request.user))

    def build():
        return {
            "themes": themes,
            "groups": LearningGroup.objects.prefetch_related(_schedule(request.user)),
            "recent": with_relations(
                Item.objects.visible_to(request.user).of_kind(Item.Kind.FINDING), request.user
            ).order_by("-created_at", "-pk")[:RECENT_LEARNING_POINTS],
        }

    content = cached_fragment(request, "home", "sessions/home.html#content", build)
    return render(request, "sessions/home.html", {"content": content})


def group_detail(request, group_slug):
    group = get_object_or_404(
        LearningGroup.objects.prefetch_related(_schedule(request.user)), slug=group_slug
    )
    return render(request, "sessions/learninggroup_detail.html", {"group": group})
