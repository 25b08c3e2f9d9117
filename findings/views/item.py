"""One learning point, risk or recommendation on its own page."""

from django.shortcuts import get_object_or_404, render

from .. import briefs, charts
from ..models import Item
from ..queries import with_relations


def with_follow_up(items):
    """Give each recommendation among ``items`` (rows from ``queries.with_relations``) its
    follow-up status (response and implementation) for the lists and pages that show it."""
    for item in items:
        if item.kind == Item.Kind.RECOMMENDATION:
            item.follow_up_status = briefs.follow_up_status_of_row(item)
    return items


def item_detail(request, pk):
    item = get_object_or_404(
        with_relations(
            Item.objects.visible_to(request.user), request.user, answers=True
        ).select_related("topic"),
        pk=pk,
    )
    with_follow_up([item])
    return render(
        request,
        "findings/item_detail.html",
        {"item": item, "sector_chart": charts.point_chart(item)},
    )
