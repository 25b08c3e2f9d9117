"""The test run's own checks: a server or worker a test starts and leaves running is found
(``conftest._no_process_left_running``), and CI's second pass leaves out only what cannot touch
a database (``--skip-database-free``)."""

import subprocess
import sys

from .support import left_running


def test_a_process_left_running_is_found_and_one_stopped_is_not():
    # Named as the project's processes are (``manage.py``), without starting Django.
    process = subprocess.Popen(  # noqa: S603 - a fixed command
        [sys.executable, "-c", "import sys, time; time.sleep(60)", "manage.py", "worker"]
    )
    try:
        running = left_running()
        assert process.pid in running
        assert "manage.py worker" in running[process.pid]
    finally:
        process.kill()
        process.wait()
    assert process.pid not in left_running()


def test_the_postgresql_pass_leaves_out_only_tests_that_cannot_touch_a_database():
    """``--skip-database-free`` (CI's second pass): a test with no database (this file's first)
    is left out; one with the database, and one that starts processes, are kept."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(  # noqa: S603 - our own test run
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "--skip-database-free"]
        + ["-p", "no:randomly", "tests/test_test_run.py", "tests/test_sqlite_writers.py"]
        + ["tests/test_markdown_memo.py", "tests/test_pages.py"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    collected = result.stdout
    assert "test_a_process_left_running_is_found" not in collected, collected
    assert "test_markdown_memo.py" not in collected, collected
    assert "tests/test_pages.py::" in collected, collected  # the database
    assert "tests/test_sqlite_writers.py::" in collected, collected  # processes of its own
