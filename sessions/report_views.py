"""A session's report: as a web page (the primary version) and, later, as PDF."""

from django.shortcuts import get_object_or_404, render

from findings.models import Item

from .models import Session


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
