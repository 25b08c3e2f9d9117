"""The background worker's lanes and leases. Part of every environment's settings (imported by
``base``); the test suite runs tasks where they are queued (``test``)."""

from .env import env_float

# Background work: Django's tasks framework, stored in the database by django-tasks-db and run
# by `manage.py worker` (db_worker, with stuck tasks swept: ajc/worker.py). Each task declares
# its queue, and each lane is a group of queues with workers of its own, so a long import or
# render never holds up a digest (issue 25 finding 7, issue 28): scripts/workers.sh starts them
# for `make run`, compose.yaml runs them as services, docs/operations.md sizes them.
TASK_QUEUES = {
    "reports": "session reports', theme briefs' and progress reports' PDFs (renders only)",
    "imports": "reading an uploaded report into draft sessions",
    "digests": "members' email digests",
    "refresh": "recomputing and warming cached pages after an edit, and deciding which "
    "reports' PDFs it makes worth rendering again (a few milliseconds each)",
    "default": "anything else",
}
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": list(TASK_QUEUES)}}
# How long a task may stay RUNNING before a worker's sweep takes it for dead (its worker was
# killed mid-task): put back to run again, or failed after AJC_TASK_ATTEMPTS starts. Well above
# the longest legitimate run of each queue; AJC_TASK_LEASE_SECONDS shortens every lease (tests).
_lease = env_float("AJC_TASK_LEASE_SECONDS", 0.0)
AJC_TASK_LEASES = {
    queue: _lease or seconds
    for queue, seconds in {
        "reports": 600.0,
        "imports": 1800.0,
        "digests": 3600.0,
        "refresh": 600.0,
        "default": 600.0,
    }.items()
}
AJC_TASK_ATTEMPTS = 3
# How often an idle or busy worker sweeps, in seconds.
AJC_TASK_SWEEP_SECONDS = env_float("AJC_TASK_SWEEP_SECONDS", 60.0)
