"""Every recommendation has a ledger from the moment it exists, and every change to a ledger's
response or rating leaves a line on its timeline (and queues the briefs that print it)."""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ajc.cache import invalidate
from findings.models import Item, Recommendation, ThemedItem
from findings.recovery import is_recovering
from reports.tasks import queue_theme_briefs

from .models import Evidence, FollowUp, LedgerEntry, Observation, TrackedRisk

TRACKED = ("status", "responded_by", "responded_on", "rating")


def ensure_ledger(item):
    if item.kind == Item.Kind.RECOMMENDATION:
        FollowUp.objects.get_or_create(recommendation_id=item.pk)


@receiver(post_save, sender=Item)
@receiver(post_save, sender=Recommendation)
def recommendation_saved(sender, instance, created, raw=False, **kwargs):
    # A recovered recommendation gets its own ledger back (followup.recovery), not a new one.
    if created and not raw and not is_recovering(instance):
        ensure_ledger(instance)


@receiver(post_save, sender=FollowUp)
def ledger_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    last = instance.entries.order_by("-recorded_at", "-pk").first()
    now = {field: getattr(instance, field) for field in TRACKED}
    if last is None or any(getattr(last, field) != value for field, value in now.items()):
        LedgerEntry.objects.create(follow_up=instance, **now)
        if getattr(settings, "REPORT_PDF_QUEUE_ON_SAVE", True):
            # The briefs of the recommendation's themes print its response and rating.
            themes = ThemedItem.objects.filter(content_object_id=instance.recommendation_id)
            transaction.on_commit(
                partial(queue_theme_briefs, list(themes.values_list("tag_id", flat=True)))
            )
    invalidate()


@receiver(post_save, sender=Evidence)
@receiver(post_delete, sender=Evidence)
@receiver(post_save, sender=Observation)
@receiver(post_delete, sender=Observation)
@receiver(post_save, sender=TrackedRisk)
@receiver(post_delete, sender=TrackedRisk)
@receiver(post_delete, sender=FollowUp)
def followup_changed(sender, **kwargs):
    """Cached progress PDFs are keyed on the content revision: move it on."""
    invalidate()
