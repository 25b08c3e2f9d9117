"""Invalidation: every content change moves the site's content revision on, so that a key built
before it is never read again; a narrowing change also moves the floor below which no previous
version is given as it was (``ajc.cache.values``): only made safe, with what the narrowing hid
taken out, where it says what it hid (``Hidden``), and else not at all."""

import dataclasses
import time
from collections.abc import Iterable

from django.db import transaction

from .backend import cache
from .keys import (
    FLOOR_KEY,
    HARD_FLOOR_KEY,
    NARROWED_AT_KEY,
    NARROWING_KEY,
    NARROWING_SECONDS,
    NARROWING_SEQ_KEY,
    REVISION_KEY,
    content_revision,
)
from .refresh import warm_after_narrowing_edit, warm_after_ordinary_edit


@dataclasses.dataclass(frozen=True)
class Hidden:
    """What a narrowing edit hid, when it hid nothing else and deleted nothing: ``sessions``
    (each with every item of it) and ``items``, still in the database as they were, now seen
    by fewer people. A previous version of a page can be made safe by taking them out of it
    (``Policy.made_safe``); a narrowing that cannot say this (a deletion, a sector made too small
    to name, a restore) leaves no previous version to give."""

    sessions: frozenset[int] = frozenset()
    items: frozenset[int] = frozenset()

    @classmethod
    def of(cls, sessions: Iterable[int] = (), items: Iterable[int] = ()) -> "Hidden":
        return cls(frozenset(sessions), frozenset(items))

    def __or__(self, other: "Hidden") -> "Hidden":
        return Hidden(self.sessions | other.sessions, self.items | other.items)

    def __bool__(self) -> bool:
        return bool(self.sessions or self.items)


# Set inside the transaction of an edit, on the revision it moved to, until the edit has
# committed and moved the revision on again: nothing computed at that revision is kept (see
# ``invalidate``). Longer than any edit's transaction.
PENDING_KEY = "ajc:content-pending:{}"
PENDING_SECONDS = 300


def invalidate(*, narrowing: bool = False, hidden: Hidden | None = None) -> None:
    """Content changed: every key built on the previous revision becomes unreachable.

    ``narrowing``: something became less visible (unpublished, made members-only, deleted).
    Until then a reader may be given the previous version of a value while the worker
    recomputes it (no stampede); from a narrowing revision on, never a version from before it
    as it was: only with what the narrowing hid taken out (``hidden``, where it can say what it
    hid: ``Hidden``; ``Policy.made_safe``), and else none.

    Inside a transaction the revision moves on now, so that a cache that cannot be reached
    raises here (``CacheUnavailable``) and the edit is rolled back with it rather than committed
    with cached copies that still show what it changed. A process that computes a value before
    the edit commits reads the content as it was, so that revision is marked *pending* and
    nothing computed at it is kept (``pending``); once the edit commits the revision moves on
    again, past it. Should that second move fail (the cache gone in between), nothing computed
    at the pending revision is kept until the mark lapses (``PENDING_SECONDS``).
    """
    hidden = (hidden or None) if narrowing else None
    connection = transaction.get_connection()
    _move_on(narrowing, hidden, pending=_will_commit(connection))
    if connection.in_atomic_block:
        _after_commit(connection, narrowing, hidden)
    elif narrowing:
        warm_after_narrowing_edit(made_safe=hidden is not None)


def _after_commit(connection, narrowing: bool, hidden: Hidden | None) -> None:
    """Once the transaction commits, the revision moves on again (``_MoveOnAfterCommit``): one
    callback per transaction and kind of edit, however many edits it holds."""
    for _, func, _ in connection.run_on_commit:
        if isinstance(func, _MoveOnAfterCommit) and func.narrowing == narrowing:
            func.add(narrowing, hidden)
            return
    # Robust: the edit has committed; a failure is logged, not shown as the edit's.
    transaction.on_commit(_MoveOnAfterCommit(narrowing, hidden), robust=True)


class _MoveOnAfterCommit:
    """The revision moved on again once a transaction has committed: as one narrowing that hid
    all that its narrowing edits hid (or that cannot say, if any of them could not), or as one
    edit that narrowed nothing."""

    def __init__(self, narrowing: bool, hidden: Hidden | None):
        self.narrowing = False
        self.hidden: Hidden | None = Hidden()
        self.add(narrowing, hidden)

    def add(self, narrowing: bool, hidden: Hidden | None) -> None:
        if narrowing:
            self.narrowing = True
            self.hidden = None if self.hidden is None or hidden is None else self.hidden | hidden

    def __call__(self) -> None:
        if self.narrowing:
            _move_on(True, self.hidden)
            warm_after_narrowing_edit(made_safe=self.hidden is not None)
        else:
            _move_on(False)
            warm_after_ordinary_edit()


def _will_commit(connection) -> bool:
    """Whether the transaction under way ends in a commit that moves the revision on again: not
    a test's, which Django's ``TestCase`` rolls back (its outermost block says so), and after
    which a pending mark would outlive the test."""
    blocks = connection.atomic_blocks
    return bool(blocks) and not getattr(blocks[0], "_from_testcase", False)


def _move_on(narrowing: bool, hidden: Hidden | None = None, pending: bool = False) -> None:
    try:
        revision = cache.incr(REVISION_KEY)
    except ValueError:
        content_revision()
        revision = cache.incr(REVISION_KEY)
    if pending:
        cache.set(PENDING_KEY.format(revision), True, PENDING_SECONDS)
    if not narrowing:
        return
    floors = {FLOOR_KEY: revision, NARROWED_AT_KEY: time.time()}
    if hidden:
        # Noted before the floor moves: whoever reads the new floor finds what it hid.
        _note_narrowing(revision, hidden)
    else:
        floors[HARD_FLOOR_KEY] = revision
    cache.set_many(floors, None)


def _note_narrowing(revision: int, hidden: Hidden) -> None:
    try:
        number = cache.incr(NARROWING_SEQ_KEY)
    except ValueError:
        cache.add(NARROWING_SEQ_KEY, 0, None)
        number = cache.incr(NARROWING_SEQ_KEY)
    entry = (revision, tuple(sorted(hidden.sessions)), tuple(sorted(hidden.items)))
    cache.set(NARROWING_KEY.format(number), entry, NARROWING_SECONDS)


def pending(revision) -> bool:
    """Whether ``revision`` belongs to an edit that has not committed yet."""
    return bool(cache.get(PENDING_KEY.format(revision)))


def narrowed_within(seconds: float) -> bool:
    """Whether an edit narrowed what someone may see in the last ``seconds``."""
    narrowed_at = cache.get(NARROWED_AT_KEY)
    return narrowed_at is not None and time.time() - narrowed_at < seconds
