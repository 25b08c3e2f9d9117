"""Tasks for tests that run the real worker in a process of its own (not a test module: the
worker imports them by their dotted path). Each is queued on the lane a test chooses
(``.using(queue_name=...)``)."""

import time
from pathlib import Path

from django.tasks import task


@task
def stall(marker: str, seconds: float) -> str:
    """The first run notes that it started in ``marker`` and then takes ``seconds`` (a long
    import or render); a run after that (the task was put back) returns at once."""
    path = Path(marker)
    if path.exists():
        path.write_text("finished")
        return "finished"
    path.write_text("started")
    time.sleep(seconds)
    return "slept"
