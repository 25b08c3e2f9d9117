"""Keep each session's revision and the site's content revision in step with edits to a group,
a sector, a session or one of its parts (topics, attendance, figures)."""

from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from ajc import cache
from ajc.visibility import narrows

from .models import (
    SESSION_PARTS,
    Attendance,
    LearningGroup,
    ProgrammeRow,
    Sector,
    Session,
    Speaker,
)

CONTENT = (LearningGroup, Sector, Session, Speaker, *SESSION_PARTS)


def touch_session(session_id) -> None:
    if session_id is not None:
        Session(pk=session_id).touch()


def touch_sessions(session_ids) -> None:
    """Mark several sessions' content changed in one query (``session_ids``: ids or a query)."""
    Session.objects.filter(pk__in=session_ids).update(
        revision=F("revision") + 1, updated_at=timezone.now()
    )


def remember_visibility(sender, instance) -> None:
    """Before a save of something with a visibility: what it was, to tell a narrowing edit."""
    if instance.pk is not None:
        instance._visibility_before = (
            sender._base_manager.filter(pk=instance.pk).values_list("visibility", flat=True).first()
        )


def narrowed(instance, deleted: bool) -> bool:
    before = getattr(instance, "_visibility_before", getattr(instance, "visibility", None))
    return narrows(before, None if deleted else instance.visibility)


@receiver(pre_save, sender=Session)
def session_about_to_change(sender, instance, raw=False, **kwargs):
    if not raw:
        remember_visibility(sender, instance)


@receiver(post_save)
@receiver(post_delete)
def content_changed(sender, instance, raw=False, **kwargs):
    if raw or sender not in CONTENT:
        return
    if sender in SESSION_PARTS:
        touch_session(instance.session_id)
    elif sender is Speaker:
        touch_session(ProgrammeRow.objects.filter(pk=instance.row_id).values("session_id")[:1])
    deleted = "created" not in kwargs
    cache.invalidate(
        narrowing=deleted
        or (sender is Session and narrowed(instance, deleted))
        # A headcount too small to name its sector hides that sector's attributions at once.
        or (sender is Attendance and instance.too_small_to_name)
    )
