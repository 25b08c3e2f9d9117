"""Digests are sent by the task worker (``manage.py db_worker``), never in a request.

Each run sends the period that just ended and queues the next run for the start of the next
period, so one ``manage.py queue_digests`` (which ``make run`` does) keeps them going.
"""

import dataclasses
import datetime
import functools
import logging

from django.contrib.auth import get_user_model
from django.tasks import task
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ajc import cache
from ajc.visibility import Reader, audience_for
from findings.models import Theme
from reports import tasks as report_tasks
from sessions.models import LearningGroup

from . import digests
from .models import Frequency
from .progress import Progress, build_progress, render_progress_pdf

logger = logging.getLogger(__name__)

# Run a little after midnight, when the period is complete.
GRACE = datetime.timedelta(minutes=5)
# A member's digest that failed is tried again after each of these waits, then given up (the
# failure is logged each time; the next period's digest is tried as usual).
RETRY_AFTER = [datetime.timedelta(minutes=m) for m in (10, 60, 6 * 60)]


@task(queue_name="digests")
def send_digests(frequency: str, moment: str | None = None, repeat: bool = False) -> int:
    """Send every due member's digest for the period before ``moment`` (ISO; default now).

    With ``repeat``, the next run is queued whatever happens to this one: one failure must
    not stop every later digest (issue 25 finding 8)."""
    try:
        when = parse_datetime(moment) if moment else timezone.now()
        return digests.send_digests(
            Frequency(frequency),
            when,
            on_failure=lambda user_id, start: queue_retry(user_id, frequency, start, attempt=1),
        )
    finally:
        if repeat:
            queue_next(frequency)


@task(queue_name="digests")
def retry_digest(user_id: int, frequency: str, start: str, attempt: int) -> bool:
    """Try one member's digest for the period from ``start`` again."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    period_start = parse_datetime(start)
    try:
        return digests.send_digest(
            user, frequency, period_start, period_start + digests.LENGTH[frequency]
        )
    except Exception:
        logger.exception(
            "Could not send the %s digest to member %s (try %s)", frequency, user_id, attempt + 1
        )
        queue_retry(user_id, frequency, period_start, attempt=attempt + 1)
        return False


def queue_retry(user_id, frequency, start, *, attempt):
    if attempt > len(RETRY_AFTER):
        logger.error("Gave up the %s digest to member %s from %s", frequency, user_id, start)
        return
    if not retry_digest.get_backend().supports_defer:
        return  # no worker to wait for (tests' immediate backend): the next period will do
    retry_digest.using(run_after=timezone.now() + RETRY_AFTER[attempt - 1]).enqueue(
        user_id, frequency, start.isoformat(), attempt
    )


@dataclasses.dataclass
class ProgressSelection:
    """One progress report's PDF for one reader, prepared by the worker as a session report's
    is (``reports.tasks``: the reports lane, the 429 bound, the previous PDF while a newer one
    is made). Its version is the site's content revision, which every edit moves on (a ledger,
    evidence, an observation): what it prints is spread over too many tables to name cheaply,
    so the previous PDF is given only if nothing at all was hidden since it was rendered."""

    user: object
    kind: str  # "group" or "theme"
    subject: object
    audience: str
    pdf_name = "progress-pdf"

    @functools.cached_property
    def versions(self) -> list[str]:
        return [f"{self.kind}{self.subject.pk}", f"r{cache.content_revision()}"]

    @property
    def identity(self) -> tuple:
        return (self.kind, self.subject.pk)

    @property
    def render_task(self):
        return render_progress

    @property
    def task_args(self) -> list:
        return [self.kind, self.subject.pk]

    def build(self) -> Progress:
        return build_progress(self.user, self.kind, self.subject)


def select_progress(user, kind, subject) -> ProgressSelection:
    return ProgressSelection(user, kind, subject, str(audience_for(user)))


# ``audience`` and ``versions``: as ``reports.tasks.render_report``'s.
@task(queue_name="reports")
def render_progress(kind: str, subject_id: int, audience: str | None = None, versions=None) -> int:
    """Render one progress report's PDF for every audience whose copy was asked for, as it is
    when this starts, and store them (``reports.tasks.render_waiting``: one render per report
    at a time)."""
    model = LearningGroup if kind == "group" else Theme
    subject = model.objects.filter(pk=subject_id).first()
    if subject is None:
        return 0  # deleted since it was queued
    waiting = report_tasks.Waiting(
        render_progress, [kind, subject_id], ProgressSelection.pdf_name, (kind, subject_id)
    )
    return report_tasks.render_waiting(
        waiting,
        lambda audience: select_progress(Reader(audience), kind, subject),
        render_progress_pdf,
        audience,
    )


def queue_next(frequency):
    _, end = digests.period_ending(frequency, timezone.now() + digests.LENGTH[frequency])
    send_digests.using(run_after=end + GRACE).enqueue(frequency, None, True)
