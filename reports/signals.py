"""Queue a session's report as soon as the session or anything in it changes, so the reader
who asks next finds it ready (``reports.tasks``)."""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from findings.models import Item, ThemedItem
from sessions.models import SESSION_PARTS, Session

from .tasks import queue_session_reports


def _session_of(sender, instance):
    if sender is Session:
        return instance.pk
    if sender in SESSION_PARTS or (isinstance(sender, type) and issubclass(sender, Item)):
        return instance.session_id
    if sender is ThemedItem:
        return (
            Item.objects.filter(pk=instance.content_object_id)
            .values_list("session_id", flat=True)
            .first()
        )
    return None


@receiver(post_save)
@receiver(post_delete)
def session_changed(sender, instance, raw=False, **kwargs):
    if raw or not getattr(settings, "REPORT_PDF_QUEUE_ON_SAVE", True):
        return
    session_id = _session_of(sender, instance)
    if session_id is not None:
        transaction.on_commit(partial(queue_session_reports, session_id))
