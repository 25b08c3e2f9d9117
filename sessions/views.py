"""A learning group's page: its introduction and schedule."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from .models import LearningGroup, Session


def visible_schedule(user):
    """Each group's sessions that ``user`` may see, in number order, as ``visible_sessions``."""
    return Prefetch(
        "sessions",
        queryset=Session.objects.visible_to(user).order_by("number"),
        to_attr="visible_sessions",
    )


def group_detail(request, group_slug):
    group = get_object_or_404(
        LearningGroup.objects.prefetch_related(visible_schedule(request.user)), slug=group_slug
    )
    return render(request, "sessions/learninggroup_detail.html", {"group": group})
