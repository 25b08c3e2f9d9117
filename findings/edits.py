"""Findings' part of a content change (``sessions.edits.content_changed`` calls ``apply``).

- Publishing a session publishes its items: they are new from now (``Item.published_at``).
- What search finds an item by repeats its session, topic, programme and themes
  (``findings.indexing``): it is worked out again for the items concerned.
- A theme's name shows in the reports of every session that uses it: those sessions take a new
  revision too.
- The facet counts follow once the change commits (``findings.tallies``); after a narrowing
  change of a few sessions, within its transaction: its readers' pages are made safe with the
  counts (``ajc.cache.Policy.made_safe``), and must not wait on a recount, nor on the worker's.
"""

from django.db.models import F

from sessions.edits import RESTORE_STEP, Change, touch_sessions
from sessions.models import Session

from . import indexing, tallies
from .models import Item, TalliedSession, ThemedItem


def apply(change: Change) -> None:
    if change.restored:
        # The counts came with the dump, counted at the revisions it holds: they follow them.
        TalliedSession.objects.filter(revision__gte=0).update(revision=F("revision") + RESTORE_STEP)
        return
    if change.sessions:
        _publish_with_session(change.sessions)
    _refresh_search(change)
    if change.themes:
        touch_sessions(
            Item.objects.filter(themed_items__tag_id__in=change.themes).values("session_id")
        )
    if change.narrowing and len(change.sessions) <= NARROWING_COUNTED_AT_ONCE:
        tallies.recount(change.sessions)
    tallies.catch_up_after_commit()


# The most sessions a narrowing change counts again within its own transaction (one session's
# items take 15–40 ms at 100,000 items); more (a theme deleted) are counted after the commit.
NARROWING_COUNTED_AT_ONCE = 20


def _publish_with_session(session_ids) -> None:
    for session_id, published_at in Session.objects.filter(
        pk__in=session_ids, published_at__isnull=False
    ).values_list("pk", "published_at"):
        Item.objects.filter(session_id=session_id, published_at__isnull=True).update(
            published_at=published_at
        )


def _refresh_search(change: Change) -> None:
    if change.items is None:
        concerned = Item.objects.filter(session_id__in=change.sessions)
    else:
        concerned = Item.objects.filter(pk__in=change.items)
    if change.themes:
        concerned = concerned | Item.objects.filter(
            pk__in=ThemedItem.objects.filter(tag_id__in=change.themes).values("content_object_id")
        )
    indexing.refresh(concerned)


def themes_of(item_ids) -> set[int]:
    """The themes these items carry now (read them before deleting the items: their briefs
    print what goes)."""
    rows = ThemedItem.objects.filter(content_object_id__in=item_ids)
    return set(rows.values_list("tag_id", flat=True))
