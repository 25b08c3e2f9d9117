"""The watchdog behind every wait for PostgreSQL (``ajc.deadline``) is woken only when a new
wait is due before it would wake anyway, not on every query (a switch of threads each, under
the GIL: issue 28's save cost), and still cuts a wait that outlives its deadline."""

import threading
import time

from ajc import deadline


class CountingCondition(threading.Condition):
    def __init__(self):
        super().__init__()
        self.notified = 0

    def notify(self, n=1):
        self.notified += 1
        super().notify(n)


def watchdog_recording(monkeypatch):
    cut = []
    monkeypatch.setattr(deadline, "cut", cut.append)
    watchdog = deadline.Watchdog()
    watchdog._lock = CountingCondition()
    return watchdog, cut


def settled(watchdog, wake_at_set=True, timeout=10.0):
    """Wait until the watchdog thread is asleep with its next wake-up worked out."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with watchdog._lock:
            if (watchdog._wake_at is not None) == wake_at_set:
                return
        time.sleep(0.01)
    raise AssertionError("the watchdog did not settle")


def test_queries_with_the_same_deadline_do_not_wake_the_watchdog(monkeypatch):
    watchdog, cut = watchdog_recording(monkeypatch)
    first = watchdog.arm("first", 60)
    settled(watchdog)
    notified = watchdog._lock.notified
    for n in range(50):  # later deadlines than the one it wakes for
        watchdog.disarm(watchdog.arm(f"query {n}", 60))
    assert watchdog._lock.notified == notified
    watchdog.disarm(first)
    assert cut == []


def test_a_wait_due_sooner_wakes_it_and_is_cut_on_time(monkeypatch):
    watchdog, cut = watchdog_recording(monkeypatch)
    long = watchdog.arm("long", 60)
    settled(watchdog)
    watchdog.arm("short", 0.2)
    end = time.monotonic() + 10
    while not cut and time.monotonic() < end:
        time.sleep(0.02)
    assert cut == ["short"]
    watchdog.disarm(long)
