"""Queue a session's report as soon as the session or anything in it changes, and the briefs of
the themes its items carry, so the reader who asks next finds them ready (``reports.tasks``)."""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from findings.models import Item, ThemedItem
from sessions.models import SESSION_PARTS, Session

from .tasks import queue_session_reports, queue_theme_briefs


def _is_item(sender) -> bool:
    return isinstance(sender, type) and issubclass(sender, Item)


def _session_of(sender, instance):
    if sender is Session:
        return instance.pk
    if sender in SESSION_PARTS or _is_item(sender):
        return instance.session_id
    if sender is ThemedItem:
        return (
            Item.objects.filter(pk=instance.content_object_id)
            .values_list("session_id", flat=True)
            .first()
        )
    return None


def _themes_of(sender, instance) -> list[int]:
    """The themes whose briefs print what changed."""
    if sender is ThemedItem:
        return [instance.tag_id]
    if _is_item(sender):
        # A deleted item's themes went first, each with its own signal.
        themed = ThemedItem.objects.filter(content_object_id=instance.pk)
    elif sender is Session:
        themed = ThemedItem.objects.filter(content_object__session_id=instance.pk)
    else:
        return []
    return list(themed.values_list("tag_id", flat=True).distinct())


@receiver(post_save)
@receiver(post_delete)
def session_changed(sender, instance, raw=False, **kwargs):
    if raw or not getattr(settings, "REPORT_PDF_QUEUE_ON_SAVE", True):
        return
    session_id = _session_of(sender, instance)
    if session_id is not None:
        transaction.on_commit(partial(queue_session_reports, session_id))
    themes = _themes_of(sender, instance)
    if themes:
        transaction.on_commit(partial(queue_theme_briefs, themes))
