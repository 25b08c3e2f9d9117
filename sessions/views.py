from django.shortcuts import get_object_or_404, render

from .models import LearningGroup


def home(request):
    groups = LearningGroup.objects.prefetch_related("sessions")
    return render(request, "sessions/home.html", {"groups": groups})


def group_detail(request, group_slug):
    group = get_object_or_404(LearningGroup, slug=group_slug)
    sessions = group.sessions.visible_to(request.user)
    return render(
        request, "sessions/learninggroup_detail.html", {"group": group, "sessions": sessions}
    )
