"""The worker's lanes and its sweep, with real worker processes (issue 25 findings 7 and 12,
issue 28): a long import or render holds up neither a digest, another report's render nor an
edit's preparation, and a worker killed mid-task does not leave the task RUNNING for ever."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as site_settings
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ajc import worker
from followup.tasks import send_digests
from reports.tasks import prepare_session_report, render_report

from .factories import FindingFactory, SessionFactory
from .worker_tasks import stall

ROOT = Path(__file__).resolve().parent.parent
DATABASE_BACKEND = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": list(site_settings.TASK_QUEUES),
    }
}
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the worker processes share the test database"
)


def worker_env(**extra):
    database = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ajc.settings",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        **extra,
    }


def status(result) -> str:
    return DBTaskResult.objects.get(pk=result.id).status


def wait_until(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"Not within {seconds} s: {what}")


def stop(process):
    """Stop a process and everything it started (it leads its own process group)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        return process.communicate(timeout=30)[0]
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        return process.communicate()[0]


@needs_postgresql
@pytest.mark.processes
@pytest.mark.django_db(transaction=True)
def test_a_long_import_and_a_long_render_hold_up_neither_a_digest_nor_another_render(
    settings, tmp_path
):
    settings.TASKS = DATABASE_BACKEND
    session = SessionFactory()
    FindingFactory(session=session, text="A small report, rendered while others wait.")
    # The lanes' heavy work: a long import and a long render, each taking its lane's worker.
    long_import = stall.using(queue_name="imports").enqueue(str(tmp_path / "import"), 300)
    long_render = stall.using(queue_name="reports").enqueue(str(tmp_path / "render"), 300)
    workers = subprocess.Popen(  # noqa: S603 - the project's own script, as `make run` starts it
        [str(ROOT / "scripts" / "workers.sh")],
        cwd=ROOT,
        env=worker_env(PY=sys.executable),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_until(
            lambda: status(long_import) == status(long_render) == "RUNNING",
            90,
            "the long import and render started",
        )
        digest = send_digests.enqueue("daily")
        small_render = render_report.enqueue(session.group.pk, [session.number], "public")
        wait_until(
            lambda: status(digest) == status(small_render) == "SUCCESSFUL",
            150,
            "the digest and the small render done",
        )
        # ... while the long ones still hold their workers.
        assert status(long_import) == status(long_render) == "RUNNING"
        # With both report workers rendering, an edit's preparation is not held up: it is on
        # the refresh lane (issue 28), and queues its render behind them.
        other_render = stall.using(queue_name="reports").enqueue(str(tmp_path / "other"), 300)
        wait_until(lambda: status(other_render) == "RUNNING", 60, "the second long render")
        prepared = prepare_session_report.enqueue(session.pk)
        wait_until(lambda: status(prepared) == "SUCCESSFUL", 30, "the preparation done")
        assert status(long_render) == status(other_render) == "RUNNING"
    finally:
        output = stop(workers).decode()
    assert "Background workers started" in output, output[-2000:]


@needs_postgresql
@pytest.mark.processes
@pytest.mark.django_db(transaction=True)
def test_a_task_whose_worker_was_killed_runs_again_after_its_lease(settings, tmp_path):
    settings.TASKS = DATABASE_BACKEND
    marker = tmp_path / "render"
    stuck = stall.using(queue_name="reports").enqueue(str(marker), 120)
    env = worker_env(AJC_TASK_LEASE_SECONDS="3", AJC_TASK_SWEEP_SECONDS="0.5")
    command = [sys.executable, "manage.py", "worker", "--queue-name", "reports"]
    command += ["--interval", "0.2", "--no-startup-delay", "--no-reload"]
    first = subprocess.Popen(  # noqa: S603 - our own manage.py
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        wait_until(lambda: marker.exists(), 90, "the first worker started the task")
        first.send_signal(signal.SIGKILL)  # mid-task, as the out-of-memory killer does
        first.wait(10)
    finally:
        first.kill()
        first.communicate()
    assert status(stuck) == "RUNNING"  # what django-tasks-db alone leaves for ever

    # A worker that is already running (for another lane too) frees it once its lease is past.
    second = subprocess.Popen(  # noqa: S603 - our own manage.py
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        wait_until(lambda: status(stuck) == "SUCCESSFUL", 90, "the task put back and run")
    finally:
        second.terminate()
        output = second.communicate(timeout=30)[0].decode()
    result = DBTaskResult.objects.get(pk=stuck.id)
    assert result.return_value == "finished", output[-2000:]
    assert len(result.worker_ids) == 2
    assert "put back to run again" in output


@pytest.mark.django_db
def test_a_task_that_keeps_killing_its_worker_is_failed_not_run_for_ever(settings):
    settings.TASKS = DATABASE_BACKEND
    settings.AJC_TASK_LEASES = {**settings.AJC_TASK_LEASES, "reports": 60.0}
    queued = stall.using(queue_name="reports").enqueue("/nonexistent/marker", 1)
    started = timezone.now() - datetime.timedelta(seconds=61)
    rows = DBTaskResult.objects.filter(pk=queued.id)
    rows.update(status="RUNNING", started_at=started, worker_ids=["a", "b"])
    assert worker.sweep() == (1, 0)  # the second start's worker died: put back
    assert rows.get().status == "READY"

    rows.update(status="RUNNING", started_at=started, worker_ids=["a", "b", "c"])
    assert worker.sweep() == (0, 1)
    failed = rows.get()
    assert failed.status == "FAILED"
    assert failed.exception_class_path == "ajc.worker.LeaseExpired"
    assert "Started 3 times" in failed.traceback

    # A task within its lease is left alone.
    rows.update(status="RUNNING", started_at=timezone.now(), worker_ids=["d"])
    assert worker.sweep() == (0, 0)
    assert rows.get().status == "RUNNING"
