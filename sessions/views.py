from django.shortcuts import get_object_or_404, render

from findings.models import Item

from .models import LearningGroup, Session


def home(request):
    groups = LearningGroup.objects.prefetch_related("sessions")
    return render(request, "sessions/home.html", {"groups": groups})


def group_detail(request, group_slug):
    group = get_object_or_404(LearningGroup, slug=group_slug)
    sessions = group.sessions.visible_to(request.user)
    return render(
        request, "sessions/learninggroup_detail.html", {"group": group, "sessions": sessions}
    )


def session_detail(request, group_slug, number):
    session = get_object_or_404(
        Session.objects.visible_to(request.user).select_related("group"),
        group__slug=group_slug,
        number=number,
    )
    items = (
        Item.objects.visible_to(request.user)
        .filter(session=session)
        .select_related("topic")
        .prefetch_related("themes")
    )
    return render(request, "sessions/session_detail.html", {"session": session, "items": items})
