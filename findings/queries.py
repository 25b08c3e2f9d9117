"""Read-side helpers shared by the public pages: the query string in one canonical form, and
what a list of items shows beside each item."""

from urllib.parse import urlencode

import django_filters
from django.db.models import Prefetch

from sessions.models import Attendance

from . import joined
from .models import Item


def normalised_query(params, filters, *, drop=("page",)) -> str:
    """The query string in one order with empty and repeated values dropped: the cache key and
    the base of every link that keeps the current state (pagination, CSV, feed). ``filters``
    are a FilterSet's, by name: a facet's several values are kept, sorted."""
    pairs = []
    for name, filter_ in filters.items():
        if name in drop:
            continue
        values = params.getlist(name)
        if not isinstance(filter_, django_filters.MultipleChoiceFilter):
            # A repeated single-valued parameter means its last value, as the form reads it.
            values = values[-1:]
        for value in sorted(set(values)):
            if value.strip():
                pairs.append((name, value.strip()))
    return urlencode(pairs)


def with_relations(items, user, *, answers=False):
    """What a list of items shows beside each item, fetched in a fixed number of queries.

    Each item carries the visible risks and recommendations drawn from it
    (``visible_drawn``). With ``answers``, each item also carries the visible risks it answers
    (``visible_answers``) and the visible recommendations answering it
    (``visible_answered_by``): a link never leads to something the reader may not see.
    """
    items = items.select_related("session__group", *joined.relations()).prefetch_related(
        "themes",
        "sectors",
        # Which sectors had too few people present to be named (``Item.named_sectors``).
        Prefetch("session__attendance", queryset=Attendance.objects.select_related("sector")),
        # The risks and recommendations drawn from each passage, marked beside it.
        Prefetch(
            "drawn",
            queryset=Item.objects.visible_to(user).select_related("session__group"),
            to_attr="visible_drawn",
        ),
    )
    if answers:
        visible = Item.objects.visible_to(user).select_related("session__group")
        items = items.prefetch_related(
            Prefetch("answers", queryset=visible, to_attr="visible_answers"),
            Prefetch("answered_by", queryset=visible, to_attr="visible_answered_by"),
        )
    return items
