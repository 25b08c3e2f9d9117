"""Reports' part of a content change (``sessions.edits.content_changed`` calls ``apply``): once
the change commits, the worker is asked to prepare the reports of the sessions it touched and the
briefs of the themes whose items it touched, so the reader who asks next finds them ready
(``reports.tasks``)."""

from functools import partial

from django.conf import settings
from django.db import transaction

from findings.edits import themes_of
from findings.models import ThemedItem
from sessions.edits import Change

from .tasks import queue_session_reports, queue_theme_briefs


def apply(change: Change) -> None:
    if change.restored or not getattr(settings, "REPORT_PDF_QUEUE_ON_SAVE", True):
        return
    for session_id in sorted(change.sessions):
        transaction.on_commit(partial(queue_session_reports, session_id))
    themes = change.themes | change.themes_left
    if change.items is None:
        themed = ThemedItem.objects.filter(content_object__session_id__in=change.sessions)
        themes |= set(themed.values_list("tag_id", flat=True).distinct())
    else:
        themes |= themes_of(change.items)
    if themes:
        transaction.on_commit(partial(queue_theme_briefs, sorted(themes)))
