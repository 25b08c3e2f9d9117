"""Keep each item's themes in its history, so a revert or a recovery brings them back.

django-simple-history records an item's own fields; its themes live in another table
(django-taggit), so each historical record also keeps a snapshot of the theme slugs.
"""

from contextvars import ContextVar

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from .models import Item, ThemedItem

# Items in the middle of being deleted: their themes go first, and that must not rewrite history.
_deleting: ContextVar[frozenset] = ContextVar("deleting_items", default=frozenset())


def current_slugs(item_id) -> str:
    slugs = ThemedItem.objects.filter(content_object_id=item_id).values_list("tag__slug", flat=True)
    return ",".join(sorted(slugs))


@receiver(pre_create_historical_record)
def snapshot_themes(sender, instance, history_instance, **kwargs):
    if hasattr(history_instance, "theme_slugs"):
        stashed = getattr(instance, "_theme_slugs_before_delete", None)
        history_instance.theme_slugs = (
            stashed if stashed is not None else current_slugs(instance.pk)
        )


def _is_item(sender):
    return isinstance(sender, type) and issubclass(sender, Item)


@receiver(pre_delete)
def stash_themes_before_delete(sender, instance, **kwargs):
    if _is_item(sender):
        instance._theme_slugs_before_delete = current_slugs(instance.pk)
        _deleting.set(_deleting.get() | {instance.pk})


@receiver(post_delete)
def forget_deleted(sender, instance, **kwargs):
    if _is_item(sender):
        _deleting.set(_deleting.get() - {instance.pk})


def themes_changed(sender, instance, raw=False, **kwargs):
    """A theme was added to or taken from an item: its latest record takes the new set."""
    if raw or instance.content_object_id in _deleting.get():
        return
    latest = Item.history.filter(id=instance.content_object_id).order_by("-history_id").first()
    if latest is not None:
        latest.theme_slugs = current_slugs(instance.content_object_id)
        latest.save(update_fields=["theme_slugs"])


def connect():
    post_save.connect(themes_changed, sender=ThemedItem, dispatch_uid="themes_changed_save")
    post_delete.connect(themes_changed, sender=ThemedItem, dispatch_uid="themes_changed_delete")
