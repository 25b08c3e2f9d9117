"""Keep the session's revision and the site's content revision in step with edits to items,
their themes and their links (sectors, the risks a recommendation answers); keep what search
finds an item by (``findings.indexing``) in step with its session, topic heading and themes;
and rebuild SQLite's search index after every migrate."""

from django.db import connections
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_save
from django.dispatch import receiver

from ajc import cache
from sessions.models import Attendance, ProgrammeRow, Session, Speaker, TopicHeading
from sessions.signals import narrowed, remember_visibility, touch_session, touch_sessions

from . import indexing, search, tallies
from .models import Item, Theme, ThemedItem


def _is_item(sender) -> bool:
    return isinstance(sender, type) and issubclass(sender, Item)


@receiver(pre_save)
def item_about_to_change(sender, instance, raw=False, **kwargs):
    if not raw and _is_item(sender):
        remember_visibility(Item, instance)


@receiver(post_save)
@receiver(post_delete)
def content_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    deleted = "created" not in kwargs
    narrowing = False
    if _is_item(sender):
        touch_session(instance.session_id)
        narrowing = narrowed(instance, deleted)
        if kwargs.get("signal") is post_save:
            indexing.refresh(Item.objects.filter(pk=instance.pk))
    elif sender is ThemedItem:
        indexing.refresh(Item.objects.filter(pk=instance.content_object_id))
        session = Item.objects.filter(pk=instance.content_object_id).values("session_id")[:1]
        touch_session(session[0]["session_id"] if session else None)
    elif sender is Theme:
        # A theme's name shows in the reports of every session that uses it.
        touch_sessions(Item.objects.filter(themed_items__tag_id=instance.pk).values("session_id"))
    else:
        return
    tallies.catch_up_after_commit()
    cache.invalidate(narrowing=narrowing)


@receiver(m2m_changed)
def relations_changed(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, Item):
        touch_session(instance.session_id)
        if sender is ThemedItem:
            indexing.refresh(Item.objects.filter(pk=instance.pk))
        tallies.catch_up_after_commit()
        cache.invalidate()


@receiver(post_save, sender=Session)
@receiver(post_delete, sender=Session)
@receiver(post_save, sender=Attendance)
@receiver(post_delete, sender=Attendance)
def count_again(sender, instance, raw=False, **kwargs):
    """A session published, moved or deleted, or a headcount changed (which sectors may be
    named): the facet counts follow once it commits (``findings.tallies``)."""
    if not raw:
        tallies.catch_up_after_commit()


@receiver(post_save, sender=Theme)
def theme_renamed(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.refresh(Item.objects.with_theme(instance))


@receiver(post_save, sender=Session)
def session_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.refresh(Item.objects.filter(session=instance))
        if instance.published_at is not None:
            # Publishing a session publishes its items: they are new from now.
            Item.objects.filter(session=instance, published_at__isnull=True).update(
                published_at=instance.published_at
            )


@receiver(post_save, sender=TopicHeading)
def topic_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.refresh(Item.objects.filter(topic=instance))


@receiver(post_save, sender=ProgrammeRow)
@receiver(post_delete, sender=ProgrammeRow)
def programme_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.refresh(Item.objects.filter(session_id=instance.session_id))


@receiver(post_save, sender=Speaker)
@receiver(post_delete, sender=Speaker)
def speaker_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        session = ProgrammeRow.objects.filter(pk=instance.row_id).values("session_id")[:1]
        indexing.refresh(Item.objects.filter(session_id__in=session))


@receiver(post_migrate)
def rebuild_sqlite_index(sender, using="default", **kwargs):
    if sender.name == "findings":
        search.ensure_sqlite_index(connections[using])
