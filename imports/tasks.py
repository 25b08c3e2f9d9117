"""Imports run by the background worker (Django's tasks, django-tasks-db), with progress."""

import contextlib

from django.tasks import task

from .apply import run_import
from .document import ImportRefused
from .models import ImportedReport


@task(queue_name="imports")
def import_report(report_id: int) -> None:
    report = ImportedReport.objects.filter(pk=report_id).first()
    if report is None or report.status != ImportedReport.Status.QUEUED:
        return
    ImportedReport.objects.filter(pk=report_id).update(
        status=ImportedReport.Status.READING, progress=10
    )

    def progress(percent):
        ImportedReport.objects.filter(pk=report_id).update(progress=percent)

    # run_import records a refusal on the report; nothing else is written.
    with contextlib.suppress(ImportRefused):
        run_import(report, progress)
