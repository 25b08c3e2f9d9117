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

Nothing outside this module calls Django's cache directly (``tests/test_cache.py`` checks).

When the cache cannot be reached (``CacheUnavailable``), pages are computed from the database,
which is always current; an edit is refused, rolled back with everything it did, since it could
not make the cached copies of what it changed unusable (``invalidate``; the 503 page says so:
``ajc.middleware``). After a failure this process leaves the cache alone for a few seconds
(``RETRY_AFTER_SECONDS``), so a hung server costs one socket timeout, not one per call.
"""

import contextlib
import hashlib
import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import cache as django_cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.tasks import task
from django.tasks.exceptions import InvalidTask
from django.template.loader import render_to_string

from ajc import warming
from ajc.replica import primary
from ajc.visibility import audience_for

REVISION_KEY = "ajc:content-revision"
# The latest revision whose edit narrowed what someone may see: nothing older is ever served.
FLOOR_KEY = "ajc:content-floor"
# When the latest narrowing edit was made (a replica may still show what it hid: ajc.replica).
NARROWED_AT_KEY = "ajc:content-narrowed-at"
# How long one process may hold the recomputation of a value before others stop waiting.
RECOMPUTE_CLAIM_SECONDS = 30
# How long a reader waits for the process that holds the claim, at most: as long as the claim is
# held, computing the same value again would only add to the load that makes it slow.
WAIT_FOR_RECOMPUTE_SECONDS = 20.0
# Keys must stay short for every backend (the database cache's column holds 255 characters).
MAX_READABLE_KEY = 160
MISSING = object()
# Set inside the transaction of an edit, on the revision it moved to, until the edit has
# committed and moved the revision on again: nothing computed at that revision is kept (see
# ``invalidate``). Longer than any edit's transaction.
PENDING_KEY = "ajc:content-pending:{}"
PENDING_SECONDS = 300
# After the cache failed, this process does not try it again for this long.
RETRY_AFTER_SECONDS = 5.0


logger = logging.getLogger(__name__)


class CacheUnavailable(Exception):
    """The shared cache could not be reached (now, or moments ago by this process)."""


def _connection_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [ConnectionError, TimeoutError]
    try:
        from redis.exceptions import RedisError
    except ImportError:  # the database cache needs no redis package
        pass
    else:
        errors.append(RedisError)
    return tuple(errors)


CONNECTION_ERRORS = _connection_errors()


class _GuardedCache:
    """Django's cache, whose failures to connect raise ``CacheUnavailable`` and keep this
    process off it for ``RETRY_AFTER_SECONDS`` (a database cache's faults are the database's:
    ``ajc.middleware``)."""

    _down_until = 0.0

    def __getattr__(self, name):
        method = getattr(django_cache, name)
        if not callable(method):
            return method

        def guarded(*args, **kwargs):
            if time.monotonic() < _GuardedCache._down_until:
                raise CacheUnavailable("the cache failed moments ago")
            try:
                return method(*args, **kwargs)
            except CONNECTION_ERRORS as error:
                _GuardedCache._down_until = time.monotonic() + RETRY_AFTER_SECONDS
                logger.error(
                    "Cache unavailable", extra={"event": "cache_unavailable"}, exc_info=error
                )
                raise CacheUnavailable(str(error)) from error

        return guarded


cache = _GuardedCache()


def reachable() -> bool:
    """Whether the cache answers now (the health check: tried even within the pause)."""
    try:
        django_cache.get("ajc:health")
    except Exception:  # any fault of any backend: the database cache's are the database's
        return False
    _GuardedCache._down_until = 0.0
    return True


# Recomputations a request left for after its response (see ``cached``); None outside requests.
_after_response: ContextVar[list | None] = ContextVar("ajc_after_response", default=None)


def _request_started(**kwargs) -> None:
    _after_response.set([])


def _request_finished(**kwargs) -> None:
    work, _ = _after_response.get(), _after_response.set(None)
    for recompute in work or ():
        try:
            recompute()
        except Exception:
            logger.exception("Recomputing a cached value after the response failed")


request_started.connect(_request_started, dispatch_uid="ajc.cache.request_started")
request_finished.connect(_request_finished, dispatch_uid="ajc.cache.request_finished")


class CachedFailure(Exception):
    """Computing this value failed moments ago; it is not tried again until the marker expires."""


def content_revision() -> int:
    revision = cache.get(REVISION_KEY)
    if revision is None:
        # Start from a value no earlier process used, so a cache that was emptied (a restart)
        # never finds keys that an older revision wrote.
        cache.add(REVISION_KEY, time.time_ns(), timeout=None)
        revision = cache.get(REVISION_KEY)
    return revision


def invalidate(*, narrowing: bool = False) -> None:
    """Content changed: every key built on the previous revision becomes unreachable.

    ``narrowing``: something became less visible (unpublished, made members-only, deleted).
    Until then a reader may be given the previous version of a value while one process
    recomputes it (no stampede); from a narrowing revision on, never a version from before it.

    Inside a transaction the revision moves on now, so that a cache that cannot be reached
    raises here (``CacheUnavailable``) and the edit is rolled back with it rather than committed
    with cached copies that still show what it changed. A process that computes a value before
    the edit commits reads the content as it was, so that revision is marked *pending* and
    nothing computed at it is kept (``_store``); once the edit commits the revision moves on
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
        _warm_after_narrowing()


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


def _pending(revision) -> bool:
    return bool(cache.get(PENDING_KEY.format(revision)))


def _move_on_narrowing() -> None:
    _move_on(True)
    _warm_after_narrowing()


# Warming waits on the worker's "refresh" lane; one warm-up waiting is enough for any number of
# narrowing edits (it computes the pages as they are when it runs).
REFRESH_QUEUE = "refresh"
WARM_CLAIM = "warm-after-narrowing"
WARM_CLAIM_SECONDS = 300


def _warm_after_narrowing() -> None:
    """The most-read pages computed again (``ajc.warming``) by the background worker, on its
    "refresh" lane, so the web processes that serve readers never spend their time on it.
    Where no worker takes that lane (a tasks backend without it), this process does it: after
    the response if this is a request, else at once."""
    if not settings.AJC_WARM_AFTER_NARROWING or _queue_warming():
        return
    pending = _after_response.get()
    if pending is None:
        warming.warm()
    elif warming.warm not in pending:
        pending.append(warming.warm)


def _queue_warming() -> bool:
    """Whether the worker will warm the pages (already asked to, or asked now)."""
    if not claim(WARM_CLAIM, timeout=WARM_CLAIM_SECONDS):
        return True
    try:
        warm_after_narrowing.using(queue_name=REFRESH_QUEUE).enqueue()
    except InvalidTask:
        release(WARM_CLAIM)
        return False
    return True


@task
def warm_after_narrowing() -> int:
    """The worker's part: compute the most-read pages again after a narrowing edit."""
    # Let go first: an edit from now on asks again, and that warm-up sees it.
    release(WARM_CLAIM)
    return warming.warm()


def _move_on_widening() -> None:
    _move_on(False)


def narrowed_within(seconds: float) -> bool:
    """Whether an edit narrowed what someone may see in the last ``seconds``."""
    narrowed_at = cache.get(NARROWED_AT_KEY)
    return narrowed_at is not None and time.time() - narrowed_at < seconds


def key(name: str, audience: str, *parts, site_wide: bool = True, revision=None) -> str:
    """The key of a value. ``site_wide=False`` leaves the content revision out, for values
    whose ``parts`` name every version they depend on (a report names its sessions' revisions
    and its schedule's): other edits then leave them valid."""
    stamp = "own"
    if site_wide:
        stamp = str(revision if revision is not None else content_revision())
    text = ":".join(["ajc", name, str(audience), stamp, *map(str, parts)])
    if len(text) <= MAX_READABLE_KEY:
        return text
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return f"{text[: MAX_READABLE_KEY - 65]}:{digest}"


def cached(
    name: str,
    audience: str,
    compute: Callable[[], Any],
    *parts,
    timeout: int | None = None,
    remember_failure: int = 0,
    site_wide: bool = True,
    identity: tuple | None = None,
    cheap: bool = False,
    given_if: Callable[[Any], bool] | None = None,
) -> Any:
    """The value cached under ``key(name, audience, *parts)``, computed on a miss.

    No stampede: after an edit, one process recomputes a value; readers in other processes
    meanwhile get the previous version of it if no narrowing edit came since (``invalidate``),
    and otherwise wait for the one computing it. The reader whose request claims the
    recomputation also gets the previous version, and the new one is computed after that
    response has gone. Facilitators always get the new one: they check what they have just
    edited. After a narrowing edit (unpublish, members-only, delete) nobody gets a version from
    before it.

    With ``remember_failure`` (seconds), an exception from ``compute`` is remembered for that
    long: later calls raise ``CachedFailure`` at once instead of repeating costly work that is
    failing (a PDF render, say).

    ``identity``: for a value whose ``parts`` name its version (``site_wide=False``), the parts
    that name the value itself (a session page's group and number), so that the previous
    version of it can be found once the version has moved on.

    ``cheap``: a value that costs a query or two (a lookup that names the versions of what a
    page shows). After any edit it is computed again by its first reader, who is never given
    the previous version: a stampede of it costs little, and what it names stays current.

    ``given_if``: the previous version is given (as above) only if this says yes to it; else it
    is computed at once, as if there were none. A theme that was found may be given as it was
    before an edit that narrows nothing (such an edit cannot hide it), but "no such theme" may
    not: the edit may be what published it.

    If the cache cannot be reached, the value is computed from the database (always current)
    and kept nowhere; but with ``remember_failure`` (a costly render) ``CacheUnavailable`` is
    raised, for a 503 that says why (``ajc.middleware``).
    """
    try:
        return _cached(
            name,
            audience,
            compute,
            *parts,
            timeout=timeout,
            remember_failure=remember_failure,
            site_wide=site_wide,
            identity=identity,
            cheap=cheap,
            given_if=given_if,
        )
    except _Computed as done:
        return done.value
    except CacheUnavailable:
        if remember_failure:
            # A costly render (a PDF) is not repeated by every request while the cache is away.
            raise
        with primary():
            return compute()


class _Computed(Exception):  # noqa: N818 (not an error: carries a value out past the cache)
    """The value was computed, but the cache failed before it was stored."""

    def __init__(self, value):
        super().__init__()
        self.value = value


def _cached(
    name, audience, compute, *parts, timeout, remember_failure, site_wide, identity, cheap, given_if
):
    # A value whose parts name its version needs the site's revision only on a miss (to label
    # the version it stores): a hit costs one read of the cache, not two.
    revision = content_revision() if site_wide else None
    value_key = key(name, audience, *parts, site_wide=site_wide, revision=revision)
    value = cache.get(value_key, MISSING)
    if value is not MISSING:
        return value
    if revision is None:
        revision = content_revision()
    failure_key = f"{value_key}:failed"
    if remember_failure and cache.get(failure_key):
        raise CachedFailure(value_key)
    if cheap:
        with primary():
            value = compute()
        _store({value_key: value}, revision, timeout, value)
        return value
    latest_key = key(
        f"latest:{name}", audience, *(parts if identity is None else identity), site_wide=False
    )
    previous, fresh = _previous(latest_key, audience)
    if previous is not MISSING and given_if is not None and not given_if(previous):
        previous, fresh = MISSING, False
    if fresh:
        # Computed moments ago, and only widening edits since: not worth computing again yet.
        return previous
    claim_key = f"{value_key}:claim"
    claimed = cache.add(claim_key, True, RECOMPUTE_CLAIM_SECONDS)
    if not claimed:
        value = previous if previous is not MISSING else _wait_for(value_key, claim_key)
        if value is not MISSING:
            return value
    elif previous is not MISSING and _after_response.get() is not None:
        # This reader gets the previous version at once; the new one is computed after the
        # response has gone (request_finished), still under this process's claim.
        _after_response.get().append(
            lambda: _compute_and_store(
                compute, value_key, latest_key, revision, claim_key, timeout, remember_failure
            )
        )
        return previous
    return _compute_and_store(
        compute,
        value_key,
        latest_key,
        revision,
        claim_key if claimed else None,
        timeout,
        remember_failure,
    )


def _compute_and_store(compute, value_key, latest_key, revision, claim_key, timeout, failure):
    started = time.monotonic()
    try:
        # On the primary: a value computed from a replica that has not replayed the latest
        # edits would be kept under the new revision (ajc.replica).
        with primary():
            value = compute()
    except Exception:
        if failure:
            _quietly(cache.set, f"{value_key}:failed", True, failure)
        raise
    finally:
        if claim_key:
            _quietly(cache.delete, claim_key)
    cost = time.monotonic() - started
    _store(
        # The previous version is labelled with the revision it was computed at, when, and what
        # it cost to compute (``_previous``).
        {value_key: value, latest_key: (revision, value, time.time(), cost)},
        revision,
        timeout,
        value,
    )
    return value


def _quietly(method, *args) -> None:
    """Tidying up after a computation: a cache gone meanwhile must not fail it."""
    with contextlib.suppress(CacheUnavailable):
        method(*args)


def _store(values: dict, revision, timeout, value) -> None:
    """Keep ``values``, unless they were computed at a revision an edit has not committed yet
    (``invalidate``): they may show the content as it was before it."""
    try:
        if not _pending(revision):
            cache.set_many(values, **({} if timeout is None else {"timeout": timeout}))
    except CacheUnavailable:
        raise _Computed(value) from None


def refresh_interval(cost: float) -> float:
    """How long a value that took ``cost`` seconds to compute is served after an edit that
    narrows nothing, before it is computed again: at least ``at_least`` seconds, ``factor``
    times its cost (so recomputing takes at most 1/factor of a process's time however often
    facilitators save), at most ``at_most``. ``AJC_REFRESH`` in the settings."""
    window = settings.AJC_REFRESH
    return min(window["at_most"], max(window["at_least"], window["factor"] * cost))


def _previous(latest_key: str, audience: str) -> tuple[Any, bool]:
    """The previous version of a value, if it may be served, and whether it is fresh enough to
    serve without computing it again (``refresh_interval``): never to facilitators (they check
    what they have just edited) and never from before a narrowing edit."""
    if str(audience) == "facilitator":
        return MISSING, False
    latest = cache.get(latest_key)
    if latest is None or latest[0] < (cache.get(FLOOR_KEY) or 0):
        return MISSING, False
    revision, value, computed_at, cost = latest
    return value, time.time() - computed_at < refresh_interval(cost)


def _wait_for(value_key: str, claim_key: str) -> Any:
    """The new value once the process holding ``claim_key`` has stored it, else MISSING: when
    that process let go without storing it (its computation failed) or after
    WAIT_FOR_RECOMPUTE_SECONDS. Waiting out the holder however slow it is, rather than a fixed
    time, is what keeps a slow value (a search at a million items, under load) from being
    computed again by every reader that gave up waiting."""
    deadline = time.monotonic() + WAIT_FOR_RECOMPUTE_SECONDS
    pause = 0.01
    while time.monotonic() < deadline:
        time.sleep(pause)
        pause = min(pause * 1.5, 0.1)
        value = cache.get(value_key, MISSING)
        if value is not MISSING:
            return value
        if not cache.get(claim_key):
            return cache.get(value_key, MISSING)
    return MISSING


def lookup(name: str, audience: str, *parts, site_wide: bool = True) -> Any:
    """The value stored under the key, or None; ``CachedFailure`` if computing it failed
    recently (see ``cached``'s ``remember_failure``)."""
    value_key = key(name, audience, *parts, site_wide=site_wide)
    value = cache.get(value_key)
    if value is None and cache.get(f"{value_key}:failed"):
        raise CachedFailure(value_key)
    return value


def remember_failure(name: str, audience: str, *parts, seconds: int, site_wide: bool = True):
    """Computing this value failed: ``lookup`` raises ``CachedFailure`` for ``seconds``, as
    after a failure in ``cached(..., remember_failure=seconds)``."""
    cache.set(f"{key(name, audience, *parts, site_wide=site_wide)}:failed", True, seconds)


def claim(name: str, *parts, timeout: int) -> bool:
    """Take a lock that every process sees (the shared cache's atomic add); False if another
    holder has it. It lapses after ``timeout`` seconds if never released."""
    return cache.add(key(f"claim:{name}", "-", *parts, site_wide=False), True, timeout)


def release(name: str, *parts) -> None:
    cache.delete(key(f"claim:{name}", "-", *parts, site_wide=False))


def count(name: str, *parts, window: int) -> int:
    """How many times this was counted in the current window of ``window`` seconds."""
    counter = key(f"count:{name}", "-", *parts, int(time.time() // window), site_wide=False)
    cache.add(counter, 0, window * 2)
    try:
        return cache.incr(counter)
    except ValueError:  # expired between add and incr
        cache.add(counter, 1, window * 2)
        return 1


def cached_fragment(
    request,
    name: str,
    template_name: str,
    build_context: Callable[[], dict],
    *parts,
    site_wide: bool = True,
    identity: tuple | None = None,
) -> str:
    """A rendered piece of a page, cached per audience, content revision and ``parts``.

    ``build_context`` runs only on a miss, so its querysets cost nothing on a hit. The fragment
    must depend on nothing but the audience and ``parts``: no user name, no CSRF token (those
    belong to the page around it).
    """
    return cached(
        name,
        audience_for(request.user),
        lambda: render_to_string(template_name, build_context(), request=request),
        *parts,
        site_wide=site_wide,
        identity=identity,
    )


def store(name: str, audience: str, value: Any, *parts, timeout: int, site_wide: bool = True):
    """Keep ``value`` under ``key(name, audience, *parts)`` (read back with ``lookup``): for
    values written by one process for others to read, such as a note of a PDF's latest version."""
    cache.set(key(name, audience, *parts, site_wide=site_wide), value, timeout)
