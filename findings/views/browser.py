"""The findings browser and the two registers that filter like it (risks, recommendations),
and the CSV download of a filtered result.

One cached value per page of results (``BROWSER_PAGE``): its facets, count and search ranking
are computed with it, not cached on their own inside it. It keeps its rows and counts beside
its HTML, so that after an edit that hid sessions or items its previous version is given with
them taken out (``_made_safe``) while the worker computes the new one.
"""

import dataclasses
import datetime
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from ajc.cache import Hidden, Policy, cached
from ajc.errors import Problem, problem
from ajc.ids import OneOf
from ajc.pagination import IdsFirstPaginator, get_page, page_number
from ajc.visibility import audience_for, levels_for
from sessions.models import LearningGroup, Session

from .. import export, listed, risk_tracking, search
from ..facets import (
    FACETS,
    chosen_filters,
    describe,
    facet_counts,
    facet_options,
    hidden_counts,
    since_label,
    split_themes,
)
from ..filters import ORDER_CHOICES, ItemFilter
from ..models import Item
from ..queries import normalised_query, with_relations
from .item import with_follow_up

RESULTS_PER_PAGE = 25
# One page of results of the browser or a register, keyed on the query and the page number.
BROWSER_PAGES = {
    template: Policy(f"results:{template}")
    for template in (
        "findings/item_list.html",
        "findings/risk_list.html",
        "findings/recommendation_list.html",
    )
}


class InvalidFilters(Exception):
    def __init__(self, filterset):
        super().__init__("invalid filters")
        self.filterset = filterset


def _browser_results(request, filterset, query, number):
    """The results partial's context: facets, count, one page of items, the query string."""
    text = filterset.search_text
    # A search ranks its matches once per page computed: the page's list and the facets counted
    # with it use the same ranking (``filterset.best_matches``).
    best = filterset.best_matches if text else None
    # The facets' counts come from the counts kept on write (``findings.tallies``) for most
    # choices; counted on the way, except when every column facet is chosen.
    counts = dict(facet_counts(filterset))
    count = counts.pop("count")
    refs = counts.pop("refs")
    if text:
        page = _search_page(request, filterset, best, number)
    else:
        if count is None:
            count = filterset.qs.count()
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
        # The object facets' values by id: what a narrowing edit hid is taken out by id.
        "refs": refs,
        "themes": split_themes(facets["theme"]),
        "chosen": chosen_filters(request.GET, filterset.form.cleaned_data),
        "page_obj": page,
        "items": page.object_list,
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
        page = context.pop("page_obj")
        # Each row rendered on its own and kept with what it shows, and the page's counts, so a
        # narrowing edit can take out what it hid (``_made_safe``).
        kept = {name: value for name, value in context.items() if name not in ("filter", "items")}
        kept["rows"] = listed.rows_of(context.pop("items"), short=True)
        kept["page_obj"] = listed.PageInfo(page.number, page.paginator.count, RESULTS_PER_PAGE)
        return {
            "html": render(
                request, f"{template}#results", {**context, **kept, "page_obj": page}
            ).content.decode(),
            "search_text": filterset.search_text,
            "title": describe(filterset.form.cleaned_data),
            "kept": kept,
        }

    policy = dataclasses.replace(
        BROWSER_PAGES[template],
        made_safe=lambda previous, hidden: _made_safe(request, template, data, previous, hidden),
    )
    try:
        results = cached(policy, audience_for(request.user), build, query, number)
    except InvalidFilters as invalid:
        return _invalid(request, invalid.filterset, partial, template)
    title = results["title"] + (f" (page {number})" if number > 1 else "")
    if partial:
        response = _partial(request, results, title, shown_query, number)
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


def _made_safe(request, template, data, previous: dict, hidden: Hidden) -> dict | None:
    """The previous version of a page of results with what a narrowing edit hid taken out: the
    rows that show or link to any of it, and its count among the page's counts (the hidden
    items counted as the page counts, whatever their visibility now). Rows are not moved up
    from the next page: the page is short by the rows taken out until the worker has computed
    it again. None where it cannot be made safe (the filters no longer valid, the page gone)."""
    kept = previous.get("kept")
    if kept is None or "refs" not in kept:
        return None
    items = listed.hidden_items(hidden, levels_for(request.user))
    filterset = ItemFilter(data, queryset=items, request=request, every_choice=True)
    if not filterset.is_valid() or not _chosen_still_shown(request.user, filterset):
        return None
    taken = hidden_counts(filterset, kept["refs"])
    page = kept["page_obj"]
    page = dataclasses.replace(page, count=max(0, page.count - taken.pop("count")))
    if page.number > page.num_pages:
        return None
    facets = listed.less(kept["facets"], taken)
    context = kept | {
        "rows": [row for row in kept["rows"] if not row.shows(hidden)],
        "page_obj": page,
        "facets": facets,
        "themes": split_themes(facets["theme"]),
    }
    html = render(request, f"{template}#results", context).content.decode()
    return previous | {"html": html, "kept": None}


def _chosen_still_shown(user, filterset) -> bool:
    """Whether every theme, group and session the address chooses is one ``user`` may still
    see, as a new page would check it: one the edit hid would be named among the filters
    applied. A query each for what is chosen, none otherwise."""
    cleaned = filterset.form.cleaned_data
    visible = Item.objects.visible_to(user)
    themes = cleaned.get("theme") or []
    if any(not visible.with_theme(theme).exists() for theme in themes):
        return False
    checks = (
        (cleaned.get("group") or [], LearningGroup.objects.visible_to(user)),
        (cleaned.get("session") or [], Session.objects.visible_to(user)),
    )
    return all(
        not chosen or shown.filter(pk__in=[each.pk for each in chosen]).count() == len(chosen)
        for chosen, shown in checks
    )


def _partial(request, results, title, shown_query, number):
    """The results alone, for htmx, with the page's title and its tidy address."""
    # htmx takes the document's new title from the response's <title>.
    html = render_to_string("findings/browser_title.html", {"title": title}) + results["html"]
    response = HttpResponse(html)
    # Push the tidy address (no empty fields) so it can be bookmarked and shared.
    state = "&".join(part for part in (shown_query, f"page={number}" if number > 1 else "") if part)
    response["HX-Push-Url"] = f"{request.path}?{state}" if state else request.path
    return response


def item_list(request):
    return _browse(request, "findings/item_list.html")


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
