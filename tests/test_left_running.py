"""The check every test ends with (``conftest._no_process_left_running``): a server or worker a
test starts and leaves running is found, with its command line."""

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
