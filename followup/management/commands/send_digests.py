from django.core.management.base import BaseCommand
from django.utils.dateparse import parse_datetime

from followup.models import Frequency
from followup.tasks import send_digests


class Command(BaseCommand):
    help = "Queue one run of the digests for the period before --until (default: now)."

    def add_arguments(self, parser):
        parser.add_argument("frequency", choices=[f.value for f in Frequency])
        parser.add_argument("--until", help="ISO date-time: send the period ending before it.")

    def handle(self, *args, frequency, until=None, **options):
        if until and parse_datetime(until) is None:
            self.stderr.write("--until must be an ISO date-time, e.g. 2026-05-04T00:00:00+00:00")
            return
        result = send_digests.enqueue(frequency, until)
        self.stdout.write(f"Queued ({result.id}).")
