"""Work asked for many times in a block, done once at its end (``Deferred``).

Loading a whole group saves hundreds of rows, and each save asks for the same follow-up work
on its item (its search context, its history's links). Inside ``Deferred.block`` those asks
only collect the ids, and the work runs once for all of them when the block ends without an
error.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar


class Deferred:
    def __init__(self, name: str):
        self._pending: ContextVar[set | None] = ContextVar(name, default=None)

    def postpone(self, ids: Iterable) -> bool:
        """Inside a block: keep ``ids`` for its end and say so; outside: False."""
        pending = self._pending.get()
        if pending is None:
            return False
        pending.update(ids)
        return True

    def take(self, id_) -> bool:
        """Whether ``id_`` was waiting for the block's end; it no longer is."""
        pending = self._pending.get()
        if not pending or id_ not in pending:
            return False
        pending.discard(id_)
        return True

    @contextmanager
    def block(self, run: Callable[[set], object]) -> Iterator[None]:
        """Collect the ids asked for inside, then ``run(ids)`` once (not after an error).
        A block inside another leaves the work to the outer one."""
        if self._pending.get() is not None:
            yield
            return
        pending: set = set()
        token = self._pending.set(pending)
        try:
            yield
        finally:
            self._pending.reset(token)
        if pending:
            run(pending)
