"""What a change to follow-up causes: ``follow_up_changed`` lists it; and follow-up's part of a
content change (``sessions.edits.content_changed`` calls ``apply``).

Called by the follow-up admin, the pilot's loader (``load_followup``) and the pages that make a
missing ledger, once the change is saved, inside its transaction.
"""

from functools import partial

from django.conf import settings
from django.db import transaction

from ajc import cache
from findings.edits import themes_of
from findings.models import Item
from reports.tasks import queue_theme_briefs
from sessions.edits import Change

from .models import FollowUp, LedgerEntry

# What a line on a recommendation's timeline records.
TRACKED = ("status", "responded_by", "responded_on", "rating")


def follow_up_changed(ledgers=(), *, narrowing: bool = False) -> None:
    """After ``ledgers`` (``FollowUp``) were saved, or evidence, tracked risks or observations
    were saved or deleted:

    1. each ledger whose response or rating changed since its last line gets a new line on its
       timeline, and the briefs of its recommendation's themes (which print them) are queued
       once the change commits;
    2. the site's content revision moves on (``ajc.cache.invalidate``): progress pages and
       PDFs are named by it. ``narrowing``: something was deleted or made less visible.
    """
    for ledger in ledgers:
        if _record_on_timeline(ledger) and getattr(settings, "REPORT_PDF_QUEUE_ON_SAVE", True):
            themes = sorted(themes_of([ledger.recommendation_id]))
            transaction.on_commit(partial(queue_theme_briefs, themes))
    cache.invalidate(narrowing=narrowing)


def _record_on_timeline(ledger) -> bool:
    last = ledger.entries.order_by("-recorded_at", "-pk").first()
    now = {field: getattr(ledger, field) for field in TRACKED}
    if last is not None and all(getattr(last, field) == value for field, value in now.items()):
        return False
    LedgerEntry.objects.create(follow_up=ledger, **now)
    return True


def apply(change: Change) -> None:
    """Every recommendation has its ledger from the moment it exists."""
    if change.restored:
        return
    recommendations = Item.objects.filter(kind=Item.Kind.RECOMMENDATION, follow_up__isnull=True)
    if change.items is None:
        recommendations = recommendations.filter(session_id__in=change.sessions)
    else:
        recommendations = recommendations.filter(pk__in=change.items)
    for recommendation_id in recommendations.values_list("pk", flat=True):
        ledger, created = FollowUp.objects.get_or_create(recommendation_id=recommendation_id)
        if created:
            _record_on_timeline(ledger)
