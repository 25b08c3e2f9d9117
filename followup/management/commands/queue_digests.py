from django.core.management.base import BaseCommand
from django_tasks_db.models import DBTaskResult

from followup.models import Frequency
from followup.tasks import queue_next, send_digests


class Command(BaseCommand):
    help = "Queue the daily and weekly digest runs for the worker, unless already queued."

    def handle(self, *args, **options):
        queued = DBTaskResult.objects.filter(
            task_path=send_digests.module_path, status="READY"
        ).values_list("args_kwargs", flat=True)
        waiting = {args["args"][0] for args in queued if args.get("args")}
        for frequency in Frequency:
            if frequency.value not in waiting:
                queue_next(frequency.value)
                self.stdout.write(f"Queued the next {frequency.label.lower()} digests.")
