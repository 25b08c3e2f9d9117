"""``manage.py worker``: django-tasks-db's ``db_worker`` (same options: ``--queue-name`` picks
the lane), which first frees the tasks a dead worker left RUNNING and then keeps doing so
(``ajc.worker``)."""

import threading

from django_tasks_db.management.commands import db_worker

from ajc import worker


class Command(db_worker.Command):
    help = "Run a background worker for some queues, sweeping tasks left running by dead workers"

    def handle(self, *args, **options):
        put_back, failed = worker.sweep()
        if put_back or failed:
            self.stderr.write(
                f"Tasks left running by a stopped worker: {put_back} put back, {failed} failed."
            )
        worker.sweep_periodically(threading.Event())
        super().handle(*args, **options)
