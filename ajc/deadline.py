"""A deadline on every wait for PostgreSQL, kept on the client side.

``statement_timeout`` ends a slow statement on the server, and keepalives notice a peer that
has gone; but a server that stops answering while its host still acknowledges every packet
(a frozen process, a hung proxy or pooler) leaves psycopg waiting for ever: it has no read
timeout. So each wait is registered with one watchdog thread per process; if it outlives
``AJC_DATABASE_DEADLINE`` seconds, the watchdog shuts the connection's socket down. psycopg
then raises ``OperationalError`` at once, which ``ajc.middleware`` answers with a 503, and
Django discards the broken connection at the end of the request.

Use ``guard(connection)`` around a wait (``ajc.middleware`` installs it as an execute wrapper
for every query of a request, and around the connection's health check).
"""

import contextlib
import itertools
import os
import socket
import threading
import time

from django.conf import settings
from django.db import connections


class Watchdog:
    def __init__(self):
        self._lock = threading.Condition()
        self._waits = {}  # token -> (deadline, connection wrapper)
        self._tokens = itertools.count()
        self._thread = None
        # When the watchdog wakes next (None: only when told). Every deadline is "now" plus
        # the same few seconds, so a new wait is almost never due before that: the watchdog is
        # woken (a switch of threads on every query, under the GIL) only when it is.
        self._wake_at = None

    def arm(self, wrapper, seconds: float) -> int:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="ajc-db-deadline")
                self._thread.daemon = True
                self._thread.start()
            token = next(self._tokens)
            deadline = time.monotonic() + seconds
            self._waits[token] = (deadline, wrapper)
            if self._wake_at is None or deadline < self._wake_at:
                self._lock.notify()
            return token

    def disarm(self, token: int) -> bool:
        """Stop watching; whether the deadline had already passed (the connection was cut)."""
        with self._lock:
            return self._waits.pop(token, None) is None

    def _run(self):
        with self._lock:
            while True:
                now = time.monotonic()
                for token, (deadline, wrapper) in list(self._waits.items()):
                    if deadline <= now:
                        del self._waits[token]
                        cut(wrapper)
                soonest = min((deadline for deadline, _ in self._waits.values()), default=None)
                self._wake_at = None if soonest is None else max(soonest, now + 0.01)
                self._lock.wait(None if soonest is None else self._wake_at - now)
                self._wake_at = None


def cut(wrapper) -> None:
    """Shut the connection's socket down, so a wait on it ends with an error now."""
    raw = getattr(wrapper, "connection", None)
    pgconn = getattr(raw, "pgconn", None)
    if pgconn is None:
        return
    with contextlib.suppress(Exception):
        duplicate = socket.socket(fileno=os.dup(pgconn.socket))
        try:
            duplicate.shutdown(socket.SHUT_RDWR)
        finally:
            duplicate.close()


watchdog = Watchdog()


class Wait:
    """What a guarded block learns afterwards: ``cut`` if its deadline passed."""

    cut = False


@contextlib.contextmanager
def guard(wrapper, seconds: float | None = None):
    """Cut ``wrapper``'s connection if the block waits longer than the deadline (PostgreSQL).
    Yields a ``Wait`` whose ``cut`` says, after the block, whether it was."""
    wait = Wait()
    if wrapper.vendor != "postgresql":
        yield wait
        return
    # This thread's own wrapper, not ``django.db.connection``: that proxy would name the
    # watchdog thread's connection when the watchdog reads it.
    token = watchdog.arm(connections[wrapper.alias], seconds or settings.AJC_DATABASE_DEADLINE)
    try:
        yield wait
    finally:
        wait.cut = watchdog.disarm(token)


def query_deadline(wrapper):
    """An execute wrapper (``connection.execute_wrapper``) that guards every query."""

    def run(execute, sql, params, many, context):
        with guard(wrapper):
            return execute(sql, params, many, context)

    return run
