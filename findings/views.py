"""The public side of the findings: the home page, the browser, an item, a theme, the risk
register and the recommendations, and the CSV download of a filtered result.

Views stay thin: filtering is ``ItemFilter``'s, search is ``search``'s, facet counts are
``facets``'s, visibility is ``Item.objects.visible_to``'s, and the expensive parts are cached
per content revision and audience (``ajc.cache``).
"""

import datetime
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.db.models.functions import TruncMonth
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from ajc.cache import cached, cached_fragment
from ajc.errors import Problem, problem
from ajc.ids import OneOf
from ajc.pagination import IdsFirstPaginator, get_page, page_number
from ajc.visibility import audience_for, levels_for
from sessions.views import groups_with_schedules

from . import briefs, charts, export, risk_tracking, search, tallies
from .facets import (
    FACETS,
    chosen_filters,
    describe,
    facet_counts,
    facet_options,
    since_label,
    split_themes,
)
from .filters import ORDER_CHOICES, ItemFilter
from .models import Item, Theme
from .queries import normalised_query, with_relations

RECENT_LEARNING_POINTS = 5
# The home page shows a few groups and the start of each schedule, whatever the data's size.
HOME_GROUPS = 10
HOME_SESSIONS_EACH = 6
RESULTS_PER_PAGE = 25
THEME_PER_PAGE = 50
WHATS_NEW_LENGTH = 20


class InvalidFilters(Exception):
    def __init__(self, filterset):
        super().__init__("invalid filters")
        self.filterset = filterset


def featured_theme_counts(user):
    """Featured themes with how many items each holds that ``user`` may see."""
    counts = tallies.themes(levels_for(user))
    # A featured theme that no item the reader may see carries is not shown at all.
    return [
        {"theme": theme, "count": counts[theme.pk]}
        for theme in Theme.objects.filter(featured=True, pk__in=counts).order_by("name")
    ]


def most_read_paths() -> list[str]:
    """The public pages computed again right after an edit that narrows (``ajc.warming``):
    the home page, the browser and the registers as they open, what's new, the feed, and the
    featured themes' pages, a short list whatever the amount of content."""
    featured = Theme.objects.filter(
        featured=True, pk__in=tallies.visible_theme_ids(AnonymousUser())
    ).order_by("name")
    return [
        reverse("home"),
        reverse("findings:item_list"),
        reverse("findings:risk_list"),
        reverse("findings:recommendation_list"),
        reverse("findings:whats_new"),
        reverse("findings:feed"),
        *(theme.get_absolute_url() for theme in featured),
    ]


def home(request):
    def build():
        groups = list(
            groups_with_schedules(request.user, sessions_each=HOME_SESSIONS_EACH).order_by("name")[
                : HOME_GROUPS + 1
            ]
        )
        return {
            "themes": featured_theme_counts(request.user),
            "groups": groups[:HOME_GROUPS],
            "more_groups": len(groups) > HOME_GROUPS,
            "recent": with_relations(
                Item.objects.visible_to(request.user).of_kind(Item.Kind.FINDING), request.user
            ).order_by("-created_at", "-pk")[:RECENT_LEARNING_POINTS],
        }

    content = cached_fragment(request, "home", "findings/home.html#content", build)
    return render(request, "findings/home.html", {"content": content})


def _browser_results(request, filterset, query, number):
    """The results partial's context: facets, count, one page of items, the query string."""
    text = filterset.search_text
    audience = audience_for(request.user)
    if text:
        # A search ranks its matches once per query: every page uses the list, and the facets
        # counted in the same request use the same ranking (``filterset.best_matches``, never
        # set from the cache: a list kept from before an edit must not be counted again as new).
        best = cached("findings-best", audience, lambda: filterset.best_matches, query)
    # Counted once per query, whichever page is asked for first; every page reuses them.
    counts = dict(cached("findings-facets", audience, lambda: facet_counts(filterset), query))
    # Counted on the way, except when every column facet is chosen (then no pass counts them all).
    count = counts.pop("count")
    if text:
        page = _search_page(request, filterset, best, number)
    else:
        if count is None:
            count = cached("findings-count", audience, filterset.qs.count, query)
        paginator = IdsFirstPaginator(
            with_relations(filterset.ordered(filterset.qs), request.user, answers=True),
            RESULTS_PER_PAGE,
        )
        paginator.count = count
        page = get_page(paginator, number)
    for item in page.object_list:
        item.snippet = search.highlight(item, text) if text else None
    with_follow_up(page.object_list)
    return {
        "filter": filterset,
        "facets": (facets := facet_options(counts, filterset.form.cleaned_data)),
        "themes": split_themes(facets["theme"]),
        "chosen": chosen_filters(request.GET, filterset.form.cleaned_data),
        "page_obj": page,
        "search_text": text,
        "query": query,
        "query_without_page": query,
        "order": filterset.form.cleaned_data.get("order") or "",
        "order_choices": ORDER_CHOICES,
        "since": filterset.form.cleaned_data.get("since"),
        "since_choices": since_choices(filterset.form.cleaned_data.get("since")),
        "since_value": since_value(filterset.form.cleaned_data.get("since")),
        # A search that found more than it lists (``search.BEST``).
        "more_than": search.BEST if text and len(best) > search.BEST else None,
    }


SINCE_MONTHS = 24


def since_choices(chosen) -> list[tuple[str, str]]:
    """The "Published since" menu: the last two years' months, newest first, and whatever the
    address chose (an older month, or a day), so a choice is always shown as made."""
    month = timezone.localdate().replace(day=1)
    choices = []
    for _ in range(SINCE_MONTHS):
        choices.append((month.strftime("%Y-%m"), since_label(month)))
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    value = since_value(chosen)
    if value and value not in dict(choices):
        choices.append((value, since_label(chosen)))
    return choices


def since_value(chosen) -> str:
    """How the address gives a "Published since" choice: a month, or a day within one."""
    if not chosen:
        return ""
    return chosen.strftime("%Y-%m") if chosen.day == 1 else chosen.isoformat()


def with_follow_up(items):
    """Give each recommendation among ``items`` (rows from ``queries.with_relations``) its
    follow-up status (response and implementation) for the lists and pages that show it."""
    for item in items:
        if item.kind == Item.Kind.RECOMMENDATION:
            item.follow_up_status = briefs.follow_up_status_of_row(item)
    return items


def _search_page(request, filterset, best, number):
    """A page of a search's most relevant matches (``best``, ranked already: ``search.BEST``
    of them listed, one more if there are more), in the order asked for, each with its
    highlighted snippet."""
    more, best = len(best) > search.BEST, best[: search.BEST]
    if filterset.form.cleaned_data.get("order"):
        best = list(
            filterset.ordered(filterset.queryset.filter(OneOf(F("pk"), best))).values_list(
                "pk", flat=True
            )
        )
    paginator = Paginator(best, RESULTS_PER_PAGE)
    if more and number > paginator.num_pages:
        raise Problem(
            404,
            heading="No more results",
            message=f"Only the {search.BEST:,} most relevant results of a search are listed, on "
            f"{paginator.num_pages} pages. Add words or filters to narrow the search.",
        )
    page = get_page(paginator, number)
    # The rows as the reader may see them now (a kept list may name an item since withdrawn).
    shown = filterset.queryset.filter(pk__in=page.object_list)
    rows = with_relations(search.ranked(shown, filterset.search_text), request.user, answers=True)
    by_pk = {row.pk: row for row in rows.order_by()}
    page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    return page


def _invalid(request, filterset, partial, template, extra_error=None):
    """The browser with its form and what was wrong, as a 400."""
    if extra_error:
        filterset.form.add_error(None, extra_error)
    context = {"filter": filterset, "errors": True, "search_text": request.GET.get("q", "")}
    response = render(request, f"{template}#results" if partial else template, context, status=400)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _filters(request, data=None):
    return ItemFilter(
        request.GET if data is None else data,
        queryset=Item.objects.visible_to(request.user),
        request=request,
    )


def _values(params):
    return (value for _, values in params.lists() for value in values)


def _tidy_address(request):
    """The form submitted without JavaScript sends every field, the empty ones too: the same
    page at its tidy address (as htmx pushes it), so what is bookmarked or shared is short."""
    kept = [
        (name, value) for name, values in request.GET.lists() for value in values if value.strip()
    ]
    query = urlencode(kept)
    return HttpResponseRedirect(f"{request.path}?{query}" if query else request.path)


def _browse(request, template, fixed_kind=None, around=None):
    """The findings browser, or a register of one kind with the same filters (``fixed_kind``).

    A register reads the address as the browser would with ``kind`` set to its own, so it
    counts, caches and describes exactly what the browser would for that kind. ``around``
    gives the full page more to show beside the form (an htmx update replaces only the form).
    """
    partial = request.htmx and not request.htmx.history_restore_request
    if not partial and any(not value.strip() for value in _values(request.GET)):
        return _tidy_address(request)
    data = request.GET.copy()
    if fixed_kind:
        data.setlist("kind", [fixed_kind])
    try:
        number = page_number(request)
    except Problem as bad_page:
        filterset = _filters(request, data)
        filterset.is_valid()
        return _invalid(request, filterset, partial, template, bad_page.message)
    # The cache is keyed on the query string in canonical form, before the form is checked: a
    # query that was valid for this content revision and audience is valid again, so a cache
    # hit costs no form, no filter and no query at all.
    query = normalised_query(data, ItemFilter.base_filters)
    # What the address shows: a register's own kind goes without saying.
    dropped = ("page", "kind") if fixed_kind else ("page",)
    shown_query = normalised_query(request.GET, ItemFilter.base_filters, drop=dropped)

    def build():
        filterset = _filters(request, data)
        if not filterset.is_valid():
            raise InvalidFilters(filterset)
        context = _browser_results(request, filterset, query, number)
        if fixed_kind:
            context["chosen"] = [c for c in context["chosen"] if c.facet != FACETS["kind"]]
            context["query_without_page"] = shown_query
        context["fixed_kind"] = fixed_kind
        if fixed_kind == Item.Kind.RISK:
            # The register gives each risk its state and trend where it is tracked.
            risk_tracking.with_tracking(context["page_obj"].object_list, request.user)
        return {
            "html": render(request, f"{template}#results", context).content.decode(),
            "search_text": filterset.search_text,
            "title": describe(filterset.form.cleaned_data),
        }

    try:
        results = cached(f"results:{template}", audience_for(request.user), build, query, number)
    except InvalidFilters as invalid:
        return _invalid(request, invalid.filterset, partial, template)
    title = results["title"] + (f" (page {number})" if number > 1 else "")
    if partial:
        # htmx takes the document's new title from the response's <title>.
        html = render_to_string("findings/browser_title.html", {"title": title}) + results["html"]
        response = HttpResponse(html)
        # Push the tidy address (no empty fields) so it can be bookmarked and shared.
        state = "&".join(
            part for part in (shown_query, f"page={number}" if number > 1 else "") if part
        )
        response["HX-Push-Url"] = f"{request.path}?{state}" if state else request.path
    else:
        response = render(
            request,
            template,
            {
                "results_html": results["html"],
                "search_text": results["search_text"],
                "title": title,
                **(around() if around else {}),
            },
        )
    patch_vary_headers(response, ["HX-Request"])
    return response


def item_list(request):
    return _browse(request, "findings/item_list.html")


def whats_new(request):
    """What has been published lately, newest first, and "new since" each month."""

    def build():
        published = Item.objects.visible_to(request.user).filter(published_at__isnull=False)
        per_month = (
            published.annotate(month=TruncMonth("published_at"))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by("-month")
        )
        months, since = [], 0
        for row in per_month:
            since += row["n"]
            months.append({"month": row["month"], "count": row["n"], "since": since})
        latest = with_relations(published, request.user).order_by("-published_at", "-pk")
        return {"months": months, "latest": latest[:WHATS_NEW_LENGTH]}

    content = cached_fragment(request, "whats-new", "findings/whats_new.html#content", build)
    return render(request, "findings/whats_new.html", {"content": content})


def item_csv(request):
    filterset = _filters(request)
    if not filterset.is_valid():
        return problem(
            request,
            400,
            message="The download could not be made: "
            + " ".join(str(error) for errors in filterset.errors.values() for error in errors),
        )
    text = filterset.search_text
    items = filterset.ordered(search.ranked(filterset.qs, text) if text else filterset.qs)
    response = StreamingHttpResponse(
        export.csv_rows(
            with_relations(items, request.user), base_url=request.build_absolute_uri("/")[:-1]
        ),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="ajc-findings.csv"'
    return response


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


def visible_theme_or_404(request, slug) -> Theme:
    """The theme ``slug``, if an item the reader may see carries it: a theme only hidden items
    carry is as unknown as one that never existed (``tallies.visible_themes``). Looked up once
    per content revision and audience, so a warm theme page asks the database nothing. After an
    edit that narrows nothing, a theme found before it is still found while the lookup is made
    again (the edit cannot have hidden it), but "no such theme" is never given as it was before
    an edit (``given_if``): a theme that an item published moments ago made visible is found
    rather than a 404. After a narrowing edit nothing from before it is given."""
    theme = cached(
        "visible-theme",
        audience_for(request.user),
        lambda: tallies.visible_themes(request.user).filter(slug=slug).first(),
        slug,
        given_if=lambda found: found is not None,
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
        request, "theme", "findings/theme_detail.html#content", build, slug, number
    )
    return render(request, "findings/theme_detail.html", {"theme": theme, "content": content})


def _brief_theme(request, slug):
    """The brief's theme: one that only hidden items carry is as unknown as no theme at all."""
    return visible_theme_or_404(request, slug)


def theme_brief(request, slug):
    theme = _brief_theme(request, slug)
    content = cached_fragment(
        request,
        "theme-brief",
        "findings/theme_brief.html#content",
        lambda: briefs.theme_brief(theme, request.user),
        slug,
    )
    return render(request, "findings/theme_brief.html", {"theme": theme, "content": content})


def theme_brief_json(request, slug):
    theme = _brief_theme(request, slug)
    base_url = request.build_absolute_uri("/")[:-1]
    data = cached(
        "theme-brief-json",
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


def risk_list(request):
    """The risk register: every risk with the recommendations that answer it, its state and
    trend where it is tracked across sessions, filtered like the browser; and the tracked
    risks by state with their heat map (``risk_tracking``)."""
    return _browse(
        request,
        "findings/risk_list.html",
        Item.Kind.RISK,
        around=lambda: {"tracked": risk_tracking.tracked_section(request)},
    )


def recommendation_list(request):
    """Every recommendation with the risks it answers, filtered like the browser."""
    return _browse(request, "findings/recommendation_list.html", Item.Kind.RECOMMENDATION)
