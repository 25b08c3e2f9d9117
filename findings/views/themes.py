"""A theme's page and its brief (page, JSON and CSV)."""

from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render

from ajc.cache import Policy, cached, cached_fragment
from ajc.pagination import IdsFirstPaginator, get_page, page_number
from ajc.visibility import audience_for, levels_for

from .. import briefs, tallies
from ..models import Item, Theme
from ..queries import with_relations
from .item import with_follow_up

THEME_PER_PAGE = 50
# A theme found may be given as it was before an edit that narrows nothing (such an edit cannot
# hide it); "no such theme" never: the edit may be what published it (``visible_theme_or_404``).
VISIBLE_THEME = Policy("visible-theme", given_if=lambda found: found is not None)
THEME = Policy("theme")
THEME_BRIEF = Policy("theme-brief")
THEME_BRIEF_JSON = Policy("theme-brief-json")


def visible_theme_or_404(request, slug) -> Theme:
    """The theme ``slug``, if an item the reader may see carries it: a theme only hidden items
    carry is as unknown as one that never existed (``tallies.visible_themes``). Looked up once
    per content revision and audience, so a warm theme page asks the database nothing. After an
    edit that narrows nothing, a theme found before it is still found while the lookup is made
    again (the edit cannot have hidden it), but "no such theme" is never given as it was before
    an edit (``given_if``): a theme that an item published moments ago made visible is found
    rather than a 404. After a narrowing edit nothing from before it is given."""
    theme = cached(
        VISIBLE_THEME,
        audience_for(request.user),
        lambda: tallies.visible_themes(request.user).filter(slug=slug).first(),
        slug,
    )
    if theme is None:
        raise Http404(f"There is no theme “{slug}”.")
    return theme


def theme_detail(request, slug):
    theme = visible_theme_or_404(request, slug)
    number = page_number(request)

    def build():
        items = (
            with_relations(Item.objects.visible_to(request.user).with_theme(theme), request.user)
            .select_related("topic")
            .order_by(
                "session__date",
                "session__group__name",
                "session__number",
                "kind_order",
                "order",
                "pk",
            )
        )
        paginator = IdsFirstPaginator(items, THEME_PER_PAGE)
        # Counted on write (``findings.tallies``), not by scanning the theme's items.
        paginator.count = tallies.total(levels_for(request.user), "theme", ref=theme.pk)
        page = get_page(paginator, number, "items")
        with_follow_up(page.object_list)
        return {"theme": theme, "page_obj": page}

    content = cached_fragment(
        request, THEME, "findings/theme_detail.html#content", build, slug, number
    )
    return render(request, "findings/theme_detail.html", {"theme": theme, "content": content})


def _brief_theme(request, slug):
    """The brief's theme: one that only hidden items carry is as unknown as no theme at all."""
    return visible_theme_or_404(request, slug)


def theme_brief(request, slug):
    theme = _brief_theme(request, slug)
    content = cached_fragment(
        request,
        THEME_BRIEF,
        "findings/theme_brief.html#content",
        lambda: briefs.theme_brief(theme, request.user),
        slug,
    )
    return render(request, "findings/theme_brief.html", {"theme": theme, "content": content})


def theme_brief_json(request, slug):
    theme = _brief_theme(request, slug)
    base_url = request.build_absolute_uri("/")[:-1]
    data = cached(
        THEME_BRIEF_JSON,
        audience_for(request.user),
        lambda: briefs.brief_data(briefs.theme_brief(theme, request.user), base_url),
        slug,
        base_url,
    )
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="ajc-theme-{slug}.json"'
    return response


def theme_brief_csv(request, slug):
    theme = _brief_theme(request, slug)
    response = StreamingHttpResponse(
        briefs.brief_csv(theme, request.user, base_url=request.build_absolute_uri("/")[:-1]),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="ajc-theme-{slug}.csv"'
    return response
