"""What search finds an item by besides its own words (``Item.search_context``), kept in step.

An item's context is its short statement, its session's subject (as the schedule and as the
session's heading give it), place, venue, authors and programme (titles and speakers), its
topic heading and its themes' names, so "localism" finds everything tagged Localism
and everything said in the Localism session. ``CONTEXT_SOURCES`` lists where the words come
from; whatever changes one of them calls ``refresh`` for the items whose context changed.

The databases index the context themselves: PostgreSQL in the generated ``search_document``,
SQLite in its FTS5 table through triggers (``findings.search``).
"""

from collections.abc import Callable, Iterable

from ajc.deferral import Deferred

from .models import Item

# Inside ``deferred()``: the items whose context is recomputed at its end.
_deferred = Deferred("ajc_indexing_deferred")


def _session_and_topic(item) -> Iterable[str]:
    yield item.session.subject
    yield item.session.heading_subject
    if item.topic_id:
        yield item.topic.title


def _themes(item) -> Iterable[str]:
    # In the themes' own order (featured first, then by name), whatever order the database
    # returns them in: a prefetch through taggit's table keeps none, and the context must be
    # the same however often it is worked out.
    themes = sorted(item.themes.all(), key=lambda theme: (not theme.featured, theme.name))
    return (theme.name for theme in themes)


def _report_details(item) -> Iterable[str]:
    """Its short statement, and what the session's report says of where, by whom and who
    spoke: place, venue, authors, programme titles and speakers with their organisations."""
    session = item.session
    yield item.statement
    yield from (session.location, session.venue, session.authors)
    for row in session.programme.all():
        yield row.title
        for speaker in row.speakers.all():
            yield from (speaker.name, speaker.organisation)


CONTEXT_SOURCES: tuple[Callable[[Item], Iterable[str]], ...] = (
    _session_and_topic,
    _themes,
    _report_details,
)


def context_for(item) -> str:
    words = []
    for source in CONTEXT_SOURCES:
        words += [part.strip() for part in source(item) if part and part.strip()]
    return " · ".join(dict.fromkeys(words))


def deferred():
    """Recompute each context once, at the end of the block, however often the block's saves
    ask for it (a whole group loaded or imported: 401 refreshes of 4 queries each become one
    pass)."""
    return _deferred.block(lambda pending: refresh(Item.objects.filter(pk__in=pending)))


def refresh(items) -> int:
    """Recompute the context of ``items`` (a queryset); return how many changed (inside
    ``deferred()``, none yet: they are recomputed at its end)."""
    if _deferred.postpone(items.values_list("pk", flat=True)):
        return 0
    changed = 0
    rows = (
        items.select_related("session", "topic")
        .prefetch_related("themes", "session__programme__speakers")
        .order_by()
    )
    for item in rows.iterator(chunk_size=500):
        context = context_for(item)
        if context != item.search_context:
            # An update, not a save: no history record, no signals, just the index.
            Item.objects.filter(pk=item.pk).update(search_context=context)
            changed += 1
    return changed


def refresh_all() -> int:
    return refresh(Item.objects.all())
