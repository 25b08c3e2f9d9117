"""Imports run by the background worker (Django's tasks, django-tasks-db), with progress.

A worker can die mid-import (stopped, out of memory): its report would stay "being read" for
ever. Each reading records when it started; ``sweep_stale_imports`` queues a reading that has
run far longer than reading is allowed to again, once, and then fails it with a message. The
review page and the list of imports sweep before they show anything, so a facilitator waiting
on a stuck import sees it retried or failed.
"""

import contextlib
import datetime

from django.db.models import F
from django.tasks import task
from django.utils import timezone

from .apply import run_import
from .models import ImportedReport
from .pdf import READ_SECONDS
from .refusals import ImportRefused

# Reading (at most READ_SECONDS) and writing the drafts take far less than this.
STALE_AFTER = datetime.timedelta(seconds=READ_SECONDS * 5)
MAX_ATTEMPTS = 2
STOPPED = (
    "Reading this report stopped {attempts} times without finishing (the worker was stopped or "
    "ran out of memory), so it has been given up. Upload it again; if that fails too, upload it "
    "as a Word file, or as a PDF of the report alone."
)


UNEXPECTED = (
    "Reading this report failed unexpectedly, and nothing was imported. Upload it again; if it "
    "fails again, upload it as a Word file or as text, and tell the site's administrators."
)


@task(queue_name="imports")
def import_report(report_id: int) -> None:
    claimed = ImportedReport.objects.filter(
        pk=report_id, status=ImportedReport.Status.QUEUED
    ).update(
        status=ImportedReport.Status.READING,
        progress=10,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if not claimed:  # gone, or already taken by another worker
        return
    report = ImportedReport.objects.get(pk=report_id)

    def progress(percent):
        ImportedReport.objects.filter(pk=report_id).update(progress=percent)

    # run_import records a refusal on the report; nothing else is written.
    try:
        with contextlib.suppress(ImportRefused):
            run_import(report, progress)
    except Exception:
        # Whatever went wrong, the import is not left "being read": it says it failed.
        ImportedReport.objects.filter(pk=report_id).update(
            status=ImportedReport.Status.FAILED, progress=100, message=UNEXPECTED
        )
        raise


def sweep_stale_imports(now=None) -> int:
    """Readings that started more than STALE_AFTER ago: queued again (and enqueued) while they
    have attempts left, failed with a message after that. Returns how many were swept."""
    now = now or timezone.now()
    stale = ImportedReport.objects.filter(
        status=ImportedReport.Status.READING, started_at__lt=now - STALE_AFTER
    )
    swept = 0
    for report in stale:
        if report.attempts < MAX_ATTEMPTS:
            retried = stale.filter(pk=report.pk).update(
                status=ImportedReport.Status.QUEUED, progress=0
            )
            if retried:
                import_report.enqueue(report.pk)
        else:
            retried = stale.filter(pk=report.pk).update(
                status=ImportedReport.Status.FAILED,
                progress=100,
                message=STOPPED.format(attempts=report.attempts),
            )
        swept += retried
    return swept
