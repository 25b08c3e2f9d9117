"""Keep each item's links to other tables in its history, so a revert or a recovery brings
them back.

django-simple-history records an item's own fields. Its themes (django-taggit's table), the
sectors that voiced it, the risks it answers and the recommendations answering it live in
other tables, so each historical record also keeps a snapshot of them (``RelationsSnapshot``),
taken when the record is made and refreshed when only a link changes.
"""

from contextvars import ContextVar

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from ajc.deferral import Deferred

from .models import Item, ThemedItem

# Items in the middle of being deleted: their links go first, and that must not rewrite history.
_deleting: ContextVar[frozenset] = ContextVar("deleting_items", default=frozenset())
# Inside ``deferred()``: the items whose latest record takes their links at its end.
_deferred = Deferred("deferred_item_links")


def _joined(values) -> str:
    return ",".join(sorted(str(value) for value in values))


def current_links(item_id) -> dict[str, str]:
    """The item's links as the snapshot's fields hold them."""
    through_answers = Item.answers.through.objects
    return {
        "theme_slugs": _joined(
            ThemedItem.objects.filter(content_object_id=item_id).values_list("tag__slug", flat=True)
        ),
        "sector_ids": _joined(
            Item.sectors.through.objects.filter(item_id=item_id).values_list("sector_id", flat=True)
        ),
        "answer_ids": _joined(
            through_answers.filter(from_item_id=item_id).values_list("to_item_id", flat=True)
        ),
        "answered_by_ids": _joined(
            through_answers.filter(to_item_id=item_id).values_list("from_item_id", flat=True)
        ),
    }


@receiver(pre_create_historical_record)
def snapshot_links(sender, instance, history_instance, **kwargs):
    if hasattr(history_instance, "theme_slugs"):
        if _deferred.take(instance.pk):
            # The record this one follows takes its links first, as it would have without
            # ``deferred()``.
            _refresh_now([instance.pk])
        stashed = getattr(instance, "_links_before_delete", None)
        for field, value in (stashed or current_links(instance.pk)).items():
            setattr(history_instance, field, value)


def _is_item(sender):
    return isinstance(sender, type) and issubclass(sender, Item)


# Why a signal: simple-history records each deleted item in its own post_delete receiver,
# cascaded deletions (a session's items) included, and no call site sees those; the item's
# links must be read before the cascade removes them.
@receiver(pre_delete)
def stash_links_before_delete(sender, instance, **kwargs):
    if _is_item(sender):
        instance._links_before_delete = current_links(instance.pk)
        _deleting.set(_deleting.get() | {instance.pk})


# Why a signal: the end of the same deletion as ``stash_links_before_delete``.
@receiver(post_delete)
def forget_deleted(sender, instance, **kwargs):
    if _is_item(sender):
        _deleting.set(_deleting.get() - {instance.pk})


def deferred():
    """Refresh each item's latest record once, at the end of the block, however often its
    links change in it (a whole group loaded: its themes, sectors and answers set one by one)."""
    return _deferred.block(_refresh_now)


def refresh_latest(item_ids) -> None:
    """Links changed without a save of the item: its latest record takes the new links."""
    if not _deferred.postpone(item_ids):
        _refresh_now(item_ids)


def _refresh_now(item_ids) -> None:
    for item_id in set(item_ids) - _deleting.get():
        latest = Item.history.filter(id=item_id).order_by("-history_id").first()
        if latest is not None:
            links = current_links(item_id)
            for field, value in links.items():
                setattr(latest, field, value)
            latest.save(update_fields=list(links))


def themes_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_latest([instance.content_object_id])


# Why a signal: simple-history snapshots an item on every save, whoever makes it, through its
# own receivers; the links it keeps with that record must follow every change to them the
# same way (a form's save_m2m, a revert, a recovery, a load), or a revert brings back links
# the item never had with that version.
@receiver(m2m_changed)
def links_changed(sender, instance, action, pk_set=None, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if sender is Item.sectors.through and isinstance(instance, Item):
        refresh_latest([instance.pk])
    elif sender is Item.answers.through and isinstance(instance, Item):
        # Both ends of an answer link keep it: the recommendation and the risk.
        refresh_latest([instance.pk, *(pk_set or ())])


def connect():
    # Why a signal: taggit's through table (``ThemedItem``) is written by taggit's manager, which
    # offers no other door; the item's latest record keeps its themes (as ``links_changed``).
    post_save.connect(themes_changed, sender=ThemedItem, dispatch_uid="themes_changed_save")
    post_delete.connect(themes_changed, sender=ThemedItem, dispatch_uid="themes_changed_delete")
