"""The public side of the findings: the browser, an item, a theme, the risk register and the
recommendations, and the CSV download of a filtered result.

Views stay thin: filtering is ``ItemFilter``'s, search is ``search``'s, facet counts are
``facets``'s, visibility is ``Item.objects.visible_to``'s, and the expensive parts are cached
per content revision and audience (``queries``).
"""

from django.core.cache import cache
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers

from ajc.visibility import audience_for
from sessions.revision import cache_key

from . import export, search
from .facets import facet_counts, facet_options
from .filters import ItemFilter
from .models import Item, Theme
from .queries import cached, cached_fragment, normalised_query, with_relations

RESULTS_PER_PAGE = 25
REGISTER_PER_PAGE = 50
THEME_PER_PAGE = 50
FILTER_NAMES = [*ItemFilter.base_filters, "page"]


def bad_request(request, message, *, status=400):
    """A page that says what was wrong with the address, rather than a bare error."""
    return render(request, "400.html", {"message": message}, status=status)


def _page(paginator, number, what="results"):
    try:
        return paginator.page(number)
    except EmptyPage:
        raise Http404(f"There is no page {number} of these {what}.") from None


def _page_number(request):
    """The ``page`` parameter as a number, or None when it is malformed."""
    raw = request.GET.getlist("page")[-1:] or ["1"]
    try:
        number = int(raw[0])
    except ValueError:
        return None
    return number if 1 <= number <= 10**9 else None


def _browser_results(request, filterset, query):
    """The results partial's context: facets, count, one page of items, the query string."""
    text = filterset.search_text
    counts = cached(request, "findings-facets", lambda: facet_counts(filterset.qs), query)
    count = cached(request, "findings-count", filterset.qs.count, query)
    items = search.ranked(filterset.qs, text) if text else filterset.qs
    paginator = Paginator(with_relations(items, request.user), RESULTS_PER_PAGE)
    paginator.count = count  # already counted (and cached) above
    page = _page(paginator, filterset.page_number)
    for item in page.object_list:
        item.snippet = search.highlight(item, text) if text else None
    context = {
        "filter": filterset,
        "facets": facet_options(counts, filterset.form.cleaned_data),
        "page_obj": page,
        "search_text": text,
        "query": query,
        "query_without_page": query,
    }
    return context


def item_list(request):
    partial = request.htmx and not request.htmx.history_restore_request
    # The cache is keyed on the query string in canonical form, before the form is checked: a
    # query that was valid for this content revision and audience is valid again, so a cache
    # hit costs no form, no filter and no query at all.
    query = normalised_query(request.GET, FILTER_NAMES)
    raw_page = (request.GET.getlist("page")[-1:] or ["1"])[0]
    key = cache_key("findings-results", audience_for(request.user), query, raw_page)
    results = cache.get(key)
    if results is None:
        filterset = ItemFilter(
            request.GET, queryset=Item.objects.visible_to(request.user), request=request
        )
        if not filterset.is_valid():
            context = {"filter": filterset, "errors": True, "search_text": request.GET.get("q", "")}
            template = "findings/item_list.html#results" if partial else "findings/item_list.html"
            response = render(request, template, context, status=400)
            patch_vary_headers(response, ["HX-Request"])
            return response
        context = _browser_results(request, filterset, query)
        results = {
            "html": render(request, "findings/item_list.html#results", context).content.decode(),
            "page": filterset.page_number,
            "search_text": filterset.search_text,
        }
        cache.set(key, results)
    if partial:
        response = HttpResponse(results["html"])
        # Push the tidy address (no empty fields) so it can be bookmarked and shared.
        page = results["page"]
        state = "&".join(part for part in (query, f"page={page}" if page > 1 else "") if part)
        response["HX-Push-Url"] = f"{request.path}?{state}" if state else request.path
    else:
        response = render(
            request,
            "findings/item_list.html",
            {"results_html": results["html"], "search_text": results["search_text"]},
        )
    patch_vary_headers(response, ["HX-Request"])
    return response


def item_csv(request):
    filterset = ItemFilter(
        request.GET, queryset=Item.objects.visible_to(request.user), request=request
    )
    if not filterset.is_valid():
        return bad_request(
            request,
            "The download could not be made: "
            + " ".join(str(error) for errors in filterset.errors.values() for error in errors),
        )
    text = filterset.search_text
    items = search.ranked(filterset.qs, text) if text else filterset.qs
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
    return render(request, "findings/item_detail.html", {"item": item})


def theme_detail(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    number = _page_number(request)
    if number is None:
        return bad_request(request, "The page number must be a whole number, such as 2.")

    def build():
        items = (
            with_relations(Item.objects.visible_to(request.user).with_theme(slug), request.user)
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
        page = _page(Paginator(items, THEME_PER_PAGE), number, "items")
        return {"theme": theme, "page_obj": page}

    content = cached_fragment(
        request, "theme", "findings/theme_detail.html#content", build, slug, number
    )
    return render(request, "findings/theme_detail.html", {"theme": theme, "content": content})


def _register(request, kind, template_name, name):
    number = _page_number(request)
    if number is None:
        return bad_request(request, "The page number must be a whole number, such as 2.")

    def build():
        items = with_relations(
            Item.objects.visible_to(request.user).of_kind(kind), request.user, answers=True
        ).order_by("-session__date", "session__group__name", "session__number", "order", "pk")
        return {"page_obj": _page(Paginator(items, REGISTER_PER_PAGE), number, name)}

    content = cached_fragment(request, name, f"{template_name}#content", build, number)
    return render(request, template_name, {"content": content})


def risk_list(request):
    return _register(request, Item.Kind.RISK, "findings/risk_list.html", "risks")


def recommendation_list(request):
    return _register(
        request, Item.Kind.RECOMMENDATION, "findings/recommendation_list.html", "recommendations"
    )
