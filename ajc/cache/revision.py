"""Invalidation: every content change moves the site's content revision on, so that a key built
before it is never read again; a narrowing change also moves the floor below which no previous
version is ever given (``ajc.cache.values``)."""

import time

from django.db import transaction

from .backend import cache
from .keys import FLOOR_KEY, NARROWED_AT_KEY, REVISION_KEY, content_revision
from .refresh import warm_after_narrowing_edit, warm_after_ordinary_edit

# Set inside the transaction of an edit, on the revision it moved to, until the edit has
# committed and moved the revision on again: nothing computed at that revision is kept (see
# ``invalidate``). Longer than any edit's transaction.
PENDING_KEY = "ajc:content-pending:{}"
PENDING_SECONDS = 300


def invalidate(*, narrowing: bool = False) -> None:
    """Content changed: every key built on the previous revision becomes unreachable.

    ``narrowing``: something became less visible (unpublished, made members-only, deleted).
    Until then a reader may be given the previous version of a value while the worker
    recomputes it (no stampede); from a narrowing revision on, never a version from before it.

    Inside a transaction the revision moves on now, so that a cache that cannot be reached
    raises here (``CacheUnavailable``) and the edit is rolled back with it rather than committed
    with cached copies that still show what it changed. A process that computes a value before
    the edit commits reads the content as it was, so that revision is marked *pending* and
    nothing computed at it is kept (``pending``); once the edit commits the revision moves on
    again, past it. Should that second move fail (the cache gone in between), nothing computed
    at the pending revision is kept until the mark lapses (``PENDING_SECONDS``).
    """
    connection = transaction.get_connection()
    _move_on(narrowing, pending=_will_commit(connection))
    if connection.in_atomic_block:
        after = _move_on_narrowing if narrowing else _move_on_widening
        if not any(func is after for _, func, _ in connection.run_on_commit):
            # Robust: the edit has committed; a failure is logged, not shown as the edit's.
            transaction.on_commit(after, robust=True)
    elif narrowing:
        warm_after_narrowing_edit()


def _will_commit(connection) -> bool:
    """Whether the transaction under way ends in a commit that moves the revision on again: not
    a test's, which Django's ``TestCase`` rolls back (its outermost block says so), and after
    which a pending mark would outlive the test."""
    blocks = connection.atomic_blocks
    return bool(blocks) and not getattr(blocks[0], "_from_testcase", False)


def _move_on(narrowing: bool, pending: bool = False) -> None:
    try:
        revision = cache.incr(REVISION_KEY)
    except ValueError:
        content_revision()
        revision = cache.incr(REVISION_KEY)
    if pending:
        cache.set(PENDING_KEY.format(revision), True, PENDING_SECONDS)
    if narrowing:
        cache.set_many({FLOOR_KEY: revision, NARROWED_AT_KEY: time.time()}, None)


def pending(revision) -> bool:
    """Whether ``revision`` belongs to an edit that has not committed yet."""
    return bool(cache.get(PENDING_KEY.format(revision)))


def _move_on_narrowing() -> None:
    _move_on(True)
    warm_after_narrowing_edit()


def _move_on_widening() -> None:
    _move_on(False)
    warm_after_ordinary_edit()


def narrowed_within(seconds: float) -> bool:
    """Whether an edit narrowed what someone may see in the last ``seconds``."""
    narrowed_at = cache.get(NARROWED_AT_KEY)
    return narrowed_at is not None and time.time() - narrowed_at < seconds
