"""Bring back what a facilitator deleted, from django-simple-history's records.

Deleting a session deletes its topic headings, attendance, figures and items with it; recovering
the session brings all of those back too, with the same ids, and each item with its themes.
"""

import datetime
import time

from django.db import transaction

from sessions.models import SESSION_PARTS, ProgrammeRow, Session, Speaker

from .models import Item, Theme

# Children deleted with their session, in the order they must come back (items point at topics).
PARTS_AND_ITEMS = [*SESSION_PARTS, Item]
SAME_DELETION = datetime.timedelta(minutes=2)


def deleted_records(model):
    """The latest deletion record of each object of ``model`` that is still gone."""
    history = model.history.model
    return (
        history.objects.filter(history_type="-")
        .exclude(id__in=model._base_manager.values("id"))
        .order_by("-history_date")
    )


def _restore(record):
    instance = record.instance
    instance._state.adding = True
    if isinstance(instance, Session):
        # A fresh revision, so no cache entry from before the deletion can be served for it.
        instance.revision = int(time.time())
    instance.save()
    slugs = getattr(record, "theme_slug_list", None)
    if slugs:
        instance.themes.set(list(Theme.objects.filter(slug__in=slugs)))
    return instance


@transaction.atomic
def recover(model, history_id):
    record = model.history.model.objects.get(history_id=history_id, history_type="-")
    if model._base_manager.filter(pk=record.id).exists():
        raise ValueError("This has already been recovered.")
    instance = _restore(record)
    restored = [instance]
    if isinstance(instance, Session):
        since = record.history_date - SAME_DELETION
        for part in PARTS_AND_ITEMS:
            for child in deleted_records(part).filter(
                session_id=instance.pk, history_date__gte=since
            ):
                restored.append(part_instance := _restore(child))
                if isinstance(part_instance, ProgrammeRow):
                    for speaker in deleted_records(Speaker).filter(row_id=part_instance.pk):
                        restored.append(_restore(speaker))
    return restored
