"""Keep each session's revision and the site's content revision in step with every edit."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from findings.models import Item, Theme, ThemedItem

from .models import Attendance, Figure, LearningGroup, Sector, Session, TopicHeading
from .revision import bump_content_revision

SESSION_PARTS = (Attendance, Figure, TopicHeading, Item)
CONTENT = (LearningGroup, Sector, Session, Theme, ThemedItem, *SESSION_PARTS)


def _touch_session(instance):
    session_id = getattr(instance, "session_id", None)
    if session_id is None and isinstance(instance, ThemedItem):
        session_id = Item.objects.filter(pk=instance.content_object_id).values("session_id")[:1]
        session_id = session_id[0]["session_id"] if session_id else None
    if session_id is not None:
        Session(pk=session_id).touch()


@receiver(post_save)
@receiver(post_delete)
def content_changed(sender, instance, raw=False, **kwargs):
    if raw or sender not in CONTENT and not issubclass(sender, Item):
        return
    if sender in SESSION_PARTS or issubclass(sender, Item) or sender is ThemedItem:
        _touch_session(instance)
    bump_content_revision()


@receiver(m2m_changed)
def relations_changed(sender, instance, action, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Item):
        _touch_session(instance)
        bump_content_revision()
