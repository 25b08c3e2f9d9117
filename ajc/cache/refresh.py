"""The worker's "refresh" lane: what an edit makes worth computing again is computed by the
background worker, never by the web processes that serve readers (issue 28).

- After an edit that narrows nothing, the reader who finds a value out of date is given its
  previous version (``ajc.cache.values``), and the page that reader asked for is queued here
  (``queue_page``): the worker asks for the same page as a signed-out reader would, through the
  whole middleware stack (``ajc.warming``), which computes the value again and stores it. One
  task waits per value, however many readers and edits come meanwhile (its claim).
- After any edit, once it has committed, the most-read pages are computed again by one task
  (``warm_after_narrowing``) for however many edits: after one that narrows, so that their
  readers need not wait; after one that narrows nothing (``warm_after_ordinary_edit``), so that
  it shows within moments.

A task cannot carry a closure, so what is queued is the page: its path, query string, host and
scheme. Where no worker takes the lane (a tasks backend without it, or the queue cannot be
written), nothing is queued and the reader computes the value, as the first reader of a new
value does: never a version left out of date. A task queued but not started within
``REFRESH_WAIT_SECONDS`` (no worker running) counts as none; a page whose request did not
compute the value (``UNREFRESHED_SECONDS``) is not queued again for a while.
"""

import datetime
import logging
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError
from django.tasks import task
from django.tasks.exceptions import InvalidTask
from django.utils import timezone

from ajc import warming
from ajc.scope import current_request

from .backend import CacheUnavailable, cache, quietly
from .keys import claim, release

REFRESH_QUEUE = "refresh"
# One warm-up waiting is enough for any number of narrowing edits (it computes the pages as
# they are when it runs).
WARM_CLAIM = "warm-after-narrowing"
WARM_CLAIM_SECONDS = 300
# Held while a warm-up runs, at most WARMING_SECONDS (a killed worker's lapses); a second comes
# back WARM_AGAIN_SECONDS later.
WARMING_NOW = "warming-now"
WARMING_SECONDS = 120
WARM_AGAIN_SECONDS = 1
# How long a page's task may wait for a worker before readers compute the value themselves.
REFRESH_WAIT_SECONDS = 20.0
# How long a page's claim is held at most (a worker killed mid-task lets go this way).
REFRESH_CLAIM_SECONDS = 300
# A page whose request did not compute the value it was queued for is not queued again for
# this long: its readers compute the value themselves meanwhile.
UNREFRESHED_SECONDS = 300
# A page a reader has found out of date is computed before the warm-up of the most-read pages
# queued by the same edit (readers are waiting to see that one).
PAGE_PRIORITY = 20
# The only audience the worker can ask as (a signed-out reader).
PUBLIC = "public"
QUEUE_ERRORS = (InvalidTask, DatabaseError)

logger = logging.getLogger("ajc.cache")

# True while the worker asks for a page: values are computed, not queued again.
_refreshing: ContextVar[bool] = ContextVar("ajc_refreshing", default=False)


def refreshing() -> bool:
    """Whether this is the worker computing a page again (``refresh_page``)."""
    return _refreshing.get()


def may_queue(audience: str) -> bool:
    """Whether a page of ``audience`` may be queued for the worker from this request."""
    request = current_request()
    return (
        request is not None
        and not refreshing()
        and str(audience) == PUBLIC
        and request.method in ("GET", "HEAD")
    )


def queue_keys(latest_key: str) -> list[str]:
    """What ``queue_page`` reads of a value's queueing: read beforehand with the value's other
    keys in one round trip (``ajc.cache.values``)."""
    return [f"{latest_key}:unrefreshed", f"{latest_key}:refresh"]


def queue_page(latest_key: str, audience: str, revision, seen: dict) -> bool:
    """Whether the worker will compute the value known by ``latest_key`` again, at ``revision``
    or later, by asking for the page being served (queued now, or already waiting).
    ``seen``: the ``queue_keys`` as read moments ago, with the value's other keys."""
    if not may_queue(audience):
        return False
    unrefreshed_key, claim_key = queue_keys(latest_key)
    if seen.get(unrefreshed_key):
        return False
    queued_at = seen.get(claim_key)
    if queued_at is not None:
        # Queued already: waiting for a worker, unless none has taken it for a while.
        return time.time() - queued_at < REFRESH_WAIT_SECONDS
    if not cache.add(claim_key, time.time(), REFRESH_CLAIM_SECONDS):
        queued_at = cache.get(claim_key)
        return queued_at is not None and time.time() - queued_at < REFRESH_WAIT_SECONDS
    request = current_request()
    try:
        refresh_page.using(queue_name=REFRESH_QUEUE, priority=PAGE_PRIORITY).enqueue(
            latest_key,
            revision,
            request.path_info,
            request.META.get("QUERY_STRING", ""),
            request.get_host(),
            request.is_secure(),
        )
    except QUEUE_ERRORS:
        quietly(cache.delete, claim_key)
        return False
    return True


@task
def refresh_page(latest_key: str, revision, path: str, query: str, host: str, secure: bool):
    """The worker's part: ask for the page, which computes the value again; the status."""
    token = _refreshing.set(True)
    try:
        status = warming.get(path, host, query=query, secure=secure)
    except Exception:
        logger.exception("Computing %s again for its readers failed", path)
        status = 500
    finally:
        _refreshing.reset(token)
        _check_refreshed(latest_key, revision, path)
        quietly(cache.delete, f"{latest_key}:refresh")
    return status


def _check_refreshed(latest_key: str, revision, path: str) -> None:
    """If the page did not compute the value (it failed, or computes it only for some
    requests), its readers compute it themselves for a while instead of queuing it again."""
    try:
        latest = cache.get(latest_key)
        if latest is None or latest[0] < revision:
            logger.warning("Asking for %s did not compute %s again", path, latest_key)
            cache.set(f"{latest_key}:unrefreshed", True, UNREFRESHED_SECONDS)
    except CacheUnavailable:
        pass


def warm_after_narrowing_edit(*, made_safe: bool = False) -> None:
    """The most-read pages computed again (``ajc.warming``) by the background worker, on its
    "refresh" lane, so the web processes that serve readers never spend their time on it.
    Where no worker takes that lane, a command (outside any request) does it at once; in a
    request nothing is computed ahead, and each page's first reader computes it. ``made_safe``:
    the edit said what it hid, so its readers are given previous versions made safe meanwhile:
    the worker waits ``AJC_WARM_AFTER_MADE_SAFE_SECONDS`` first, rather than compete with them."""
    if not settings.AJC_WARM_AFTER_NARROWING:
        return
    delay = settings.AJC_WARM_AFTER_MADE_SAFE_SECONDS if made_safe else 0
    if not _queue_warming(delay) and current_request() is None:
        warming.warm()


def warm_after_ordinary_edit() -> None:
    """After an edit that narrows nothing, once it has committed: the worker computes the
    most-read pages again at once, so the edit shows on them within moments rather than when
    their next reader finds them out of date. One task waits for any number of edits (narrowing
    or not); only queued, never computed here: until the worker has them, readers are given
    the previous version (``ajc.cache.values``)."""
    if settings.AJC_WARM_AFTER_EDIT:
        quietly(_queue_warming)


def _queue_warming(delay: float = 0) -> bool:
    """Whether the worker will warm the pages (already asked to, or asked now, to start in
    ``delay`` seconds)."""
    if not claim(WARM_CLAIM, timeout=WARM_CLAIM_SECONDS):
        return True
    later = {"run_after": timezone.now() + datetime.timedelta(seconds=delay)} if delay else {}
    try:
        warm_after_narrowing.using(queue_name=REFRESH_QUEUE, **later).enqueue()
    except QUEUE_ERRORS:
        release(WARM_CLAIM)
        return False
    return True


@task
def warm_after_narrowing() -> int:
    """The worker's part: compute the most-read pages again after an edit (narrowing, or not:
    ``warm_after_ordinary_edit``), one warm-up at a time: a second beside the first would only
    wait on the pages the first is computing (each page's claim) and keep the lane's other
    worker from the pages readers have asked for. One that finds another running comes back
    ``WARM_AGAIN_SECONDS`` later, still the one waiting (its claim kept): edits meanwhile
    queue no more. The pages computed."""
    if not claim(WARMING_NOW, timeout=WARMING_SECONDS):
        try:
            warm_after_narrowing.using(
                queue_name=REFRESH_QUEUE,
                run_after=timezone.now() + datetime.timedelta(seconds=WARM_AGAIN_SECONDS),
            ).enqueue()
        except QUEUE_ERRORS:
            release(WARM_CLAIM)
        return 0
    # Let go first: an edit from now on asks again, and that warm-up sees it.
    release(WARM_CLAIM)
    token = _refreshing.set(True)
    try:
        return warming.warm()
    finally:
        _refreshing.reset(token)
        release(WARMING_NOW)
