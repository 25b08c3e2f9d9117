from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .models import Item, Theme


def item_list(request):
    items = (
        Item.objects.visible_to(request.user)
        .select_related("session__group")
        .prefetch_related("themes")
    )
    page = Paginator(items, 25).get_page(request.GET.get("page"))
    return render(request, "findings/item_list.html", {"page_obj": page})


def item_detail(request, pk):
    item = get_object_or_404(
        Item.objects.visible_to(request.user).select_related("session__group", "topic"), pk=pk
    )
    return render(request, "findings/item_detail.html", {"item": item})


def theme_detail(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    items = Item.objects.visible_to(request.user).with_theme(slug).select_related("session__group")
    return render(request, "findings/theme_detail.html", {"theme": theme, "items": items})
