"""Keep the session's revision and the site's content revision in step with edits to items,
their themes and their links (sectors, the risks a recommendation answers)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from ajc import cache
from sessions.signals import touch_session

from .models import Item, Theme, ThemedItem


def _is_item(sender) -> bool:
    return isinstance(sender, type) and issubclass(sender, Item)


@receiver(post_save)
@receiver(post_delete)
def content_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if _is_item(sender):
        touch_session(instance.session_id)
    elif sender is ThemedItem:
        session = Item.objects.filter(pk=instance.content_object_id).values("session_id")[:1]
        touch_session(session[0]["session_id"] if session else None)
    elif sender is not Theme:
        return
    cache.invalidate()


@receiver(m2m_changed)
def relations_changed(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, Item):
        touch_session(instance.session_id)
        cache.invalidate()
