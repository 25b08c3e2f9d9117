"""Read-side helpers shared by the public pages: caching per content revision and audience, the
query string in one canonical form, and the querysets the pages list.

The knowledge base is read-mostly, so the expensive per-request work (counts, facets, rendered
lists) is done once per content revision and audience and then served from the cache. A key
always holds the audience (``audience_for``), never the user, so members share one copy and
the public never sees a members' copy.
"""

from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Prefetch

from ajc.visibility import audience_for
from sessions.revision import cache_key

from .models import Item

MISSING = object()


def cached(request, name, compute, *parts):
    """The value cached under ``name`` for this request's audience, computing it if missing."""
    key = cache_key(name, audience_for(request.user), *parts)
    value = cache.get(key, MISSING)
    if value is MISSING:
        value = compute()
        cache.set(key, value)
    return value


def normalised_query(params, names, *, drop=("page",)) -> str:
    """The query string in one order with empty and repeated values dropped: the cache key and
    the base of every link that keeps the current state (pagination, CSV, feed)."""
    pairs = []
    for name in names:
        if name in drop:
            continue
        values = params.getlist(name)
        if name != "theme":
            # A repeated single-valued parameter means its last value, as the form reads it.
            values = values[-1:]
        for value in sorted(set(values)):
            if value.strip():
                pairs.append((name, value.strip()))
    return urlencode(pairs)


def with_relations(items, user, *, answers=False):
    """What a list of items shows beside each item, fetched in a fixed number of queries.

    With ``answers``, each item also carries the visible risks it answers
    (``visible_answers``) and the visible recommendations answering it
    (``visible_answered_by``): a link never leads to something the reader may not see.
    """
    items = items.select_related("session__group").prefetch_related("themes", "sectors")
    if answers:
        visible = Item.objects.visible_to(user).select_related("session__group")
        items = items.prefetch_related(
            Prefetch("answers", queryset=visible, to_attr="visible_answers"),
            Prefetch("answered_by", queryset=visible, to_attr="visible_answered_by"),
        )
    return items


def cached_fragment(request, name, template_name, build_context, *parts) -> str:
    """A rendered piece of a page, cached per content revision, audience and ``parts``.

    ``build_context`` runs only on a cache miss, so its querysets cost nothing on a hit. The
    fragment must not depend on anything but the audience and ``parts``: no user name, no
    CSRF token (those live in the page around it).
    """
    from django.template.loader import render_to_string

    return cached(
        request,
        name,
        lambda: render_to_string(template_name, build_context(), request=request),
        *parts,
    )
