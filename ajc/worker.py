"""The background worker's own housekeeping: tasks left RUNNING by a worker that died.

django-tasks-db marks a task RUNNING when a worker takes it and FINISHED when it returns; a
worker killed in between (out of memory, a deploy, SIGKILL) leaves it RUNNING for ever, and
nothing runs it again (issue 25 finding 12). Each queue has a lease (``AJC_TASK_LEASES``): a
task RUNNING longer than that is taken for dead and put back to run again, or failed once it
has been started ``AJC_TASK_ATTEMPTS`` times, so that a task that kills its worker cannot
kill every worker in turn. ``manage.py worker`` sweeps when it starts and then periodically.

A lease is a time, not a heartbeat: a task that really runs longer than its lease is run a
second time beside the first. Leases are sized well above the longest run of their queue
(docs/operations.md), and every task here is safe to run twice (renders store the same PDF,
digests claim each member's period once, an import runs only from its queued state).
"""

import datetime
import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

DEFAULT_LEASE = 600.0


class LeaseExpired(Exception):
    """The task's worker stopped without finishing it, too many times: it is not tried again."""


def lease_for(queue_name: str) -> float:
    return settings.AJC_TASK_LEASES.get(queue_name, DEFAULT_LEASE)


def sweep(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Put back, or fail, every task RUNNING past its queue's lease. (put back, failed)."""
    now = now or timezone.now()
    put_back = failed = 0
    running = DBTaskResult.objects.running().only("pk", "queue_name", "started_at", "worker_ids")
    for task in running:
        if task.started_at is None or now - task.started_at < datetime.timedelta(
            seconds=lease_for(task.queue_name)
        ):
            continue
        # Only if it is still the same run (it may have finished since it was read).
        same_run = DBTaskResult.objects.filter(
            pk=task.pk, status="RUNNING", started_at=task.started_at
        )
        if len(task.worker_ids) >= settings.AJC_TASK_ATTEMPTS:
            message = (
                f"Started {len(task.worker_ids)} times, and its worker stopped each time before "
                f"it finished (no answer within {lease_for(task.queue_name):.0f} s)."
            )
            failed += same_run.update(
                status="FAILED",
                finished_at=now,
                exception_class_path=f"{__name__}.{LeaseExpired.__name__}",
                traceback=f"{__name__}.{LeaseExpired.__name__}: {message}\n",
            )
            logger.error("Task %s (%s) failed: %s", task.pk, task.queue_name, message)
        elif same_run.update(status="READY"):
            put_back += 1
            logger.warning(
                "Task %s (%s) was still running after its lease: put back to run again",
                task.pk,
                task.queue_name,
            )
    return put_back, failed


def sweep_periodically(stop: threading.Event) -> threading.Thread:
    """Sweep every ``AJC_TASK_SWEEP_SECONDS`` in a thread of this process until ``stop`` is
    set: a worker busy with a long task, or idle, still frees what another worker left."""

    def run():
        while not stop.wait(settings.AJC_TASK_SWEEP_SECONDS):
            try:
                close_old_connections()
                sweep()
            except Exception:
                logger.exception("Sweeping tasks left running failed")
            finally:
                connection.close()

    thread = threading.Thread(target=run, name="ajc-task-sweep", daemon=True)
    thread.start()
    return thread
