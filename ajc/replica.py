"""Reads from a PostgreSQL replica, when one is configured (``DATABASE_REPLICA_URL``).

A request may read from the replica only when everything below holds; otherwise every query
goes to the primary, as it does when no replica is configured:

- it is a GET or HEAD by someone who is not a facilitator (facilitators read their own writes);
- its browser wrote nothing in the last ``AJC_REPLICA_MAX_LAG`` seconds (a POST sets a
  short-lived cookie, so a signed-in member's change is on their next page);
- no edit narrowed what someone may see in the last ``AJC_REPLICA_MAX_LAG`` seconds (an
  unpublished item may still be on a replica that has not replayed it);
- the query is not in a transaction, and not computing a value for the shared cache (a value
  computed from a lagging replica would be kept under the new content revision: see
  ``ajc.cache.cached``, which computes under ``primary()``).

The middleware that decides is ``ajc.middleware.ReplicaReadsMiddleware``; the router is
``ReplicaRouter`` (``DATABASE_ROUTERS``). Operators must keep the replica's lag below
``AJC_REPLICA_MAX_LAG`` (docs/operations.md, "Read replicas").
"""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger("ajc.faults")

REPLICA = "replica"
WROTE_COOKIE = "ajc_wrote"

_replica_allowed: ContextVar[bool] = ContextVar("ajc_replica_allowed", default=False)
# A replica that could not be reached is not tried again by this process for this long: reads
# go to the primary meanwhile, so readers never wait on a replica that is down.
RETRY_SECONDS = 30
_unreachable_until = 0.0


def configured() -> bool:
    """A replica is in ``DATABASES`` and reads may go to it."""
    return bool(getattr(settings, "AJC_READ_REPLICA", False)) and REPLICA in settings.DATABASES


def max_lag() -> float:
    return float(getattr(settings, "AJC_REPLICA_MAX_LAG", 30))


def reachable() -> bool:
    """Whether the replica answers (its kept connection, or a new one); if not, this process
    reads from the primary for ``RETRY_SECONDS``."""
    global _unreachable_until
    if time.monotonic() < _unreachable_until:
        return False
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError:
        logger.warning("The read replica cannot be reached; reading from the primary")
        _unreachable_until = time.monotonic() + RETRY_SECONDS
        return False
    return True


@contextmanager
def _reads(allowed: bool) -> Iterator[None]:
    token = _replica_allowed.set(allowed)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


def replica_reads():
    """Reads in this block may go to the replica (the middleware wraps a request it allows)."""
    return _reads(True)


def primary():
    """Every read in this block goes to the primary."""
    return _reads(False)


def reading_replica() -> bool:
    """Whether a read made now would go to the replica."""
    return (
        _replica_allowed.get()
        and configured()
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    )


class ReplicaRouter:
    """Sends a read to the replica when ``reading_replica()``; everything else to the primary."""

    def db_for_read(self, model, **hints):
        return REPLICA if reading_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read from either may point at the other.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The primary is migrated and the replica follows it; a test database standing for a
        # replica is migrated as well, so that it has the tables.
        return None
