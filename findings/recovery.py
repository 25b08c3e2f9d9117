"""Bring back what a facilitator deleted, from django-simple-history's records.

Deleting a session deletes its topic headings, attendance, figures and items with it; recovering
the session brings all of those back too, with the same ids and the same timestamps, and each
item with its themes, the sectors that voiced it and its links to risks and recommendations (in
both directions, wherever the other end still exists).
"""

import datetime
import time
from collections.abc import Callable

from django.db import transaction

from sessions.edits import content_changed
from sessions.models import SESSION_PARTS, ProgrammeRow, Sector, Session, Speaker

from .models import Item, RelationsSnapshot, Theme

# Children deleted with their session, in the order they must come back (items point at topics).
PARTS_AND_ITEMS = [*SESSION_PARTS, Item]
SAME_DELETION = datetime.timedelta(minutes=2)
TIMESTAMPS = ("created_at", "updated_at")


# Apps above this one keep things about sessions and items (follow-up ledgers, evidence, risk
# observations) and bring them back themselves: each function is given what a recovery has
# just restored and the moment from which deletions count as part of the same one.
RESTORERS: list[Callable[[list, datetime.datetime], list]] = []


def add_restorer(restorer: Callable[[list, datetime.datetime], list]) -> None:
    if restorer not in RESTORERS:
        RESTORERS.append(restorer)


def is_recovering(instance) -> bool:
    """Whether this save is a recovery's: a new row that is not a new thing (a recovered
    recommendation already has its ledger, which its app brings back)."""
    return getattr(instance, "_ajc_recovering", False)


class CannotRecover(Exception):
    """Recovering this would clash with what exists now; the message says what to do first."""


def deleted_records(model):
    """The latest deletion record of each object of ``model`` that is still gone."""
    history = model.history.model
    return (
        history.objects.filter(history_type="-")
        .exclude(id__in=model._base_manager.values("id"))
        .order_by("-history_date")
    )


def _check_can_return(record) -> None:
    instance = record.instance
    if isinstance(instance, Session):
        if Session.objects.filter(group_id=instance.group_id, number=instance.number).exists():
            raise CannotRecover(
                f"{instance.group} already has a session {instance.number}. Give that session "
                "another number first, then recover this one."
            )
    elif (
        getattr(instance, "session_id", None) is not None
        and not Session.objects.filter(pk=instance.session_id).exists()
    ):
        raise CannotRecover(
            "The session this belonged to is deleted too. Recover the session first (under "
            "Sessions → Recover deleted): that brings this back with it."
        )


def restore_record(record):
    """Put one deleted object back from its deletion record, with its id and timestamps."""
    instance = record.instance
    instance._state.adding = True
    instance._ajc_recovering = True
    for field in type(instance)._meta.concrete_fields:
        # An optional link to something deleted since (a topic heading, say) is dropped.
        value = instance.__dict__.get(field.attname)
        if (
            field.many_to_one
            and field.null
            and value is not None
            and not field.related_model._base_manager.filter(pk=value).exists()
        ):
            setattr(instance, field.attname, None)
    if isinstance(instance, Session):
        # A fresh revision, so no cache entry from before the deletion can be served for it.
        instance.revision = int(time.time())
    instance.save()
    instance._ajc_recovering = False
    # auto_now_add and auto_now stamped the time of recovery: put back the record's own, so a
    # recovered item does not reappear as new.
    kept = {name: getattr(record, name) for name in TIMESTAMPS if hasattr(record, name)}
    if kept:
        type(instance)._base_manager.filter(pk=instance.pk).update(**kept)
    if isinstance(record, RelationsSnapshot):
        _restore_links(instance, record)
    return instance


def _restore_links(item, record) -> None:
    if record.theme_slug_list:
        item.themes.set(list(Theme.objects.filter(slug__in=record.theme_slug_list)))
    existing = Item._base_manager.values_list("pk", flat=True)
    item.sectors.set(Sector.objects.filter(pk__in=record.ids(record.sector_ids)))
    item.answers.set(existing.filter(pk__in=record.ids(record.answer_ids)))
    item.answered_by.add(*existing.filter(pk__in=record.ids(record.answered_by_ids)))


@transaction.atomic
def recover(model, history_id):
    record = model.history.model.objects.get(history_id=history_id, history_type="-")
    if model._base_manager.filter(pk=record.id).exists():
        raise ValueError("This has already been recovered.")
    _check_can_return(record)
    instance = restore_record(record)
    restored = [instance]
    since = record.history_date - SAME_DELETION
    if isinstance(instance, Session):
        for part in PARTS_AND_ITEMS:
            for child in deleted_records(part).filter(
                session_id=instance.pk, history_date__gte=since
            ):
                restored.append(part_instance := restore_record(child))
                if isinstance(part_instance, ProgrammeRow):
                    for speaker in deleted_records(Speaker).filter(row_id=part_instance.pk):
                        restored.append(restore_record(speaker))
    # The upper layers bring back what they keep of it (followup: ledgers, evidence,
    # observations), registered by their AppConfig.ready.
    for restorer in RESTORERS:
        restored += restorer(list(restored), since)
    if isinstance(instance, Session):
        content_changed([instance.pk])
    elif isinstance(instance, Item):
        content_changed([instance.session_id], items=[instance.pk])
    else:
        content_changed([getattr(instance, "session_id", None)])
    return restored
