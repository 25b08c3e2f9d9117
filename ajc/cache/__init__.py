"""The one way anything is cached: page fragments, counts and facets, report bodies and PDFs.

The knowledge base is read-mostly, so work that depends only on published content is done once
per version of that content and then served from the cache. Every key has one shape::

    ajc:<name>:<audience>:<content revision>:<parts…>

- the *audience* (``ajc.visibility.audience_for``), never the user, so members share one copy
  and the public never sees a members' copy;
- the site's *content revision*, which every content change moves on (``invalidate``), so that
  a key built before the change is never read again (the cache expires it in its own time);
- the *parts* that tell one value from another (a query string, a page number, a session's
  own revision).

One value per page or fragment, never a cached value inside another's computation.

After an edit, a reader who finds a value out of date is given its previous version while the
worker computes the new one (``values``). After an edit that *narrows* what someone may see
(unpublished, made members-only, deleted) nobody is given a version from before it as it was:
where the edit says what it hid (``Hidden``: sessions and items made less visible, nothing
deleted) a value whose ``Policy.made_safe`` can take that out of it (the rows that show or link
to it, and what was hidden among its counts) is given made safe; else it is computed at once.

The modules:

- ``backend``: Django's cache behind a guard (``CacheUnavailable``);
- ``keys``: keys, the content revision, claims, counters and notes;
- ``revision``: invalidation after an edit (``invalidate``), and what a narrowing one hid
  (``Hidden``);
- ``values``: cached values and their ``Policy`` (``cached``, ``cached_fragment``);
- ``refresh``: the worker's "refresh" lane, which computes values again after an edit, so the
  web processes that serve readers never do.

Nothing outside this package calls Django's cache directly (``tests/test_cache.py`` checks).

When the cache cannot be reached (``CacheUnavailable``), pages are computed from the database,
which is always current; an edit is refused, rolled back with everything it did, since it could
not make the cached copies of what it changed unusable (``invalidate``; the 503 page says so:
``ajc.middleware``). After a failure this process leaves the cache alone for a few seconds
(``RETRY_AFTER_SECONDS``), so a hung server costs one socket timeout, not one per call.
"""

from .backend import (
    CONNECTION_ERRORS,
    RETRY_AFTER_SECONDS,
    CachedFailure,
    CacheUnavailable,
    _GuardedCache,
    cache,
    reachable,
)
from .keys import (
    FLOOR_KEY,
    NARROWED_AT_KEY,
    REVISION_KEY,
    claim,
    content_revision,
    count,
    key,
    lookup,
    release,
    remember_failure,
    store,
)
from .refresh import REFRESH_QUEUE, refresh_page, warm_after_narrowing
from .revision import Hidden, invalidate, narrowed_within
from .values import Policy, cached, cached_fragment, refresh_interval

__all__ = [
    "CONNECTION_ERRORS",
    "FLOOR_KEY",
    "NARROWED_AT_KEY",
    "REFRESH_QUEUE",
    "RETRY_AFTER_SECONDS",
    "REVISION_KEY",
    "CacheUnavailable",
    "CachedFailure",
    "Hidden",
    "Policy",
    "_GuardedCache",
    "cache",
    "cached",
    "cached_fragment",
    "claim",
    "content_revision",
    "count",
    "invalidate",
    "key",
    "lookup",
    "narrowed_within",
    "reachable",
    "refresh_interval",
    "refresh_page",
    "release",
    "remember_failure",
    "store",
    "warm_after_narrowing",
]
