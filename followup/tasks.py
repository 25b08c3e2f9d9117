"""Digests are sent by the task worker (``manage.py db_worker``), never in a request.

Each run sends the period that just ended and queues the next run for the start of the next
period, so one ``manage.py queue_digests`` (which ``make run`` does) keeps them going.
"""

import datetime

from django.tasks import task
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import digests
from .models import Frequency

# Run a little after midnight, when the period is complete.
GRACE = datetime.timedelta(minutes=5)


@task(queue_name="digests")
def send_digests(frequency: str, moment: str | None = None, repeat: bool = False) -> int:
    """Send every due member's digest for the period before ``moment`` (ISO; default now)."""
    when = parse_datetime(moment) if moment else timezone.now()
    sent = digests.send_digests(Frequency(frequency), when)
    if repeat:
        queue_next(frequency)
    return sent


def queue_next(frequency):
    _, end = digests.period_ending(frequency, timezone.now() + digests.LENGTH[frequency])
    send_digests.using(run_after=end + GRACE).enqueue(frequency, None, True)
