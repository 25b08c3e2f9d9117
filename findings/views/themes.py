"""A theme's page and its brief (page, JSON and CSV)."""

import dataclasses

from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from ajc.cache import Hidden, Policy, cached, cached_fragment
from ajc.pagination import IdsFirstPaginator, get_page, page_number
from ajc.visibility import audience_for, levels_for

from .. import briefs, listed, tallies
from ..models import Item, Theme
from ..queries import with_relations
from .item import with_follow_up

THEME_PER_PAGE = 50
# A theme found may be given as it was before an edit that narrows nothing (such an edit cannot
# hide it); "no such theme" never: the edit may be what published it (``visible_theme_or_404``).
VISIBLE_THEME = Policy("visible-theme", given_if=lambda found: found is not None)
# Named anew when what it keeps changed shape: a value kept by the code before is never read.
THEME = Policy("theme-page")
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
    levels = levels_for(request.user)

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
        paginator.count = tallies.total(levels, "theme", ref=theme.pk)
        page = get_page(paginator, number, "items")
        with_follow_up(page.object_list)
        # Each item's row kept with its place (its session, its kind) and what it shows, so a
        # narrowing edit can take out what it hid (``_theme_made_safe``).
        kept = {
            "theme": theme,
            "rows": listed.rows_of(page.object_list, place=_place_on_theme_page(), level=4),
            "page_obj": listed.PageInfo(number, paginator.count, THEME_PER_PAGE),
        }
        return _theme_content(request, kept | {"page_obj": page}) | {"kept": kept}

    def made_safe(previous, hidden: Hidden):
        return _theme_made_safe(request, theme, levels, previous, hidden)

    content = cached(
        dataclasses.replace(THEME, made_safe=made_safe),
        audience_for(request.user),
        build,
        slug,
        number,
    )["html"]
    return render(request, "findings/theme_detail.html", {"theme": theme, "content": content})


def _theme_content(request, context) -> dict:
    """The page's content as HTML, kept with what it was made from (its rows, its count)."""
    html = render_to_string("findings/theme_detail.html#content", context, request=request)
    return {"html": html, "kept": context}


def _place_on_theme_page():
    """Where each item sits on a theme's page, in its order: under its session, then its kind,
    numbered within them."""
    counted = {}

    def place(item):
        session, kind = item.session, item.get_kind_display()
        number = counted[(session.pk, kind)] = counted.get((session.pk, kind), 0) + 1
        heading = render_to_string("findings/theme_session_heading.html", {"session": session})
        kind_heading = "Learning points" if kind == "Learning point" else f"{kind}s"
        return (session.pk, heading, kind_heading), {"in_session": True, "number": number}

    return place


def _theme_made_safe(request, theme, levels, previous: dict, hidden: Hidden) -> dict | None:
    """A theme's page as it was, without the rows that show or link to what a narrowing edit
    hid, and counted again (the kept counts: ``findings.tallies``). The numbers within a
    session and kind keep their gaps until the worker has computed the page again."""
    kept = previous.get("kept")
    if kept is None:
        return None
    page = dataclasses.replace(kept["page_obj"], count=tallies.total(levels, "theme", ref=theme.pk))
    if page.number > page.num_pages:
        return None
    context = kept | {
        "rows": [row for row in kept["rows"] if not row.shows(hidden)],
        "page_obj": page,
    }
    return _theme_content(request, context) | {"kept": None}


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
