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

Nothing outside this module calls Django's cache directly (``tests/test_layers.py`` checks).
"""

import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string

from ajc.visibility import audience_for

REVISION_KEY = "ajc:content-revision"
# Keys must stay short for every backend (the database cache's column holds 255 characters).
MAX_READABLE_KEY = 160
MISSING = object()


class Busy(Exception):  # noqa: N818 (a state, not a fault)
    """The value cannot be computed just now (no capacity): ask again shortly. Not remembered."""


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


def invalidate() -> None:
    """Content changed: every key built on the previous revision becomes unreachable."""
    try:
        cache.incr(REVISION_KEY)
    except ValueError:
        content_revision()
        cache.incr(REVISION_KEY)


def key(name: str, audience: str, *parts, site_wide: bool = True) -> str:
    """The key of a value. ``site_wide=False`` leaves the content revision out, for values
    whose ``parts`` name every version they depend on (a report names its sessions' revisions
    and its schedule's): other edits then leave them valid."""
    revision = str(content_revision()) if site_wide else "own"
    text = ":".join(["ajc", name, str(audience), revision, *map(str, parts)])
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
) -> Any:
    """The value cached under ``key(name, audience, *parts)``, computed on a miss.

    With ``remember_failure`` (seconds), an exception from ``compute`` (other than ``Busy``) is
    remembered for that long: later calls raise ``CachedFailure`` at once instead of repeating
    costly work that is failing (a PDF render, say).
    """
    value_key = key(name, audience, *parts, site_wide=site_wide)
    value = cache.get(value_key, MISSING)
    if value is not MISSING:
        return value
    failure_key = f"{value_key}:failed"
    if remember_failure and cache.get(failure_key):
        raise CachedFailure(value_key)
    try:
        value = compute()
    except Busy:
        raise
    except Exception:
        if remember_failure:
            cache.set(failure_key, True, remember_failure)
        raise
    if timeout is None:
        cache.set(value_key, value)
    else:
        cache.set(value_key, value, timeout)
    return value


def lookup(name: str, audience: str, *parts, site_wide: bool = True) -> Any:
    """The value stored under the key, or None; ``CachedFailure`` if computing it failed
    recently (see ``cached``'s ``remember_failure``)."""
    value_key = key(name, audience, *parts, site_wide=site_wide)
    value = cache.get(value_key)
    if value is None and cache.get(f"{value_key}:failed"):
        raise CachedFailure(value_key)
    return value


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
    )
