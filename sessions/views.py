"""The learning groups: a list of them, and each group's page with its introduction and schedule."""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render

from ajc.pagination import get_page, page_number
from ajc.visibility import levels_for

from .models import LearningGroup, Session

GROUPS_PER_PAGE = 20


def groups_with_schedules(user, *, sessions_each: int | None = None):
    """Groups with their sessions ``user`` may see (``visible_sessions``, in number order, at
    most ``sessions_each``) and how many there are in all (``visible_count``): a page's size
    stays the same however long the schedules grow."""
    sessions = Session.objects.visible_to(user).order_by("group_id", "number")
    if sessions_each is not None:
        sessions = sessions[:sessions_each]
    return (
        LearningGroup.objects.visible_to(user)
        .annotate(
            visible_count=Count("sessions", filter=Q(sessions__visibility__in=levels_for(user)))
        )
        .prefetch_related(Prefetch("sessions", queryset=sessions, to_attr="visible_sessions"))
    )


def group_list(request):
    number = page_number(request)
    groups = groups_with_schedules(request.user, sessions_each=0).order_by("name")
    page = get_page(Paginator(groups, GROUPS_PER_PAGE), number, "learning groups")
    return render(request, "sessions/learninggroup_list.html", {"page_obj": page})


def group_detail(request, group_slug):
    group = get_object_or_404(groups_with_schedules(request.user), slug=group_slug)
    return render(request, "sessions/learninggroup_detail.html", {"group": group})
