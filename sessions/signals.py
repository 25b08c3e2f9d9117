"""Keep each session's revision and the site's content revision in step with edits to a group,
a sector, a session or one of its parts (topics, attendance, figures)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ajc import cache

from .models import SESSION_PARTS, LearningGroup, ProgrammeRow, Sector, Session, Speaker

CONTENT = (LearningGroup, Sector, Session, Speaker, *SESSION_PARTS)


def touch_session(session_id) -> None:
    if session_id is not None:
        Session(pk=session_id).touch()


@receiver(post_save)
@receiver(post_delete)
def content_changed(sender, instance, raw=False, **kwargs):
    if raw or sender not in CONTENT:
        return
    if sender in SESSION_PARTS:
        touch_session(instance.session_id)
    elif sender is Speaker:
        touch_session(ProgrammeRow.objects.filter(pk=instance.row_id).values("session_id")[:1])
    cache.invalidate()
