"""Keys, the site's content revision, and the small shared records built on them: claims that
every process sees, counters, notes one process writes for others (``store``/``lookup``)."""

import hashlib
import time
from typing import Any

from .backend import CachedFailure, cache

REVISION_KEY = "ajc:content-revision"
# The latest revision whose edit narrowed what someone may see: nothing older is ever served.
FLOOR_KEY = "ajc:content-floor"
# When the latest narrowing edit was made (a replica may still show what it hid: ajc.replica).
NARROWED_AT_KEY = "ajc:content-narrowed-at"
# The latest revision whose narrowing edit says not what it hid (a deletion, a sector too small to
# name, a restore): nothing older is ever given, not even made safe (``ajc.cache.values``).
HARD_FLOOR_KEY = "ajc:content-hard-floor"
# The narrowings that say what they hid, numbered in turn: the latest number, and each one's
# revision and what it hid (``ajc.cache.revision.Hidden``), kept NARROWING_SECONDS.
NARROWING_SEQ_KEY = "ajc:narrowing-seq"
NARROWING_KEY = "ajc:narrowing:{}"
NARROWING_SECONDS = 24 * 60 * 60
# Keys must stay short for every backend (the database cache's column holds 255 characters).
MAX_READABLE_KEY = 160


def content_revision() -> int:
    revision = cache.get(REVISION_KEY)
    if revision is None:
        # Start from a value no earlier process used, so a cache that was emptied (a restart)
        # never finds keys that an older revision wrote.
        cache.add(REVISION_KEY, time.time_ns(), timeout=None)
        revision = cache.get(REVISION_KEY)
    return revision


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


def lookup(name: str, audience: str, *parts, site_wide: bool = True) -> Any:
    """The value stored under the key, or None; ``CachedFailure`` if computing it failed
    recently (see ``Policy.remember_failure``)."""
    value_key = key(name, audience, *parts, site_wide=site_wide)
    # One round trip for both: a session page asks for its PDF's note on every request.
    found = cache.get_many([value_key, f"{value_key}:failed"])
    value = found.get(value_key)
    if value is None and found.get(f"{value_key}:failed"):
        raise CachedFailure(value_key)
    return value


def remember_failure(name: str, audience: str, *parts, seconds: int, site_wide: bool = True):
    """Computing this value failed: ``lookup`` raises ``CachedFailure`` for ``seconds``, as
    after a failure in ``cached`` with ``Policy.remember_failure``."""
    cache.set(f"{key(name, audience, *parts, site_wide=site_wide)}:failed", True, seconds)


def store(name: str, audience: str, value: Any, *parts, timeout: int, site_wide: bool = True):
    """Keep ``value`` under ``key(name, audience, *parts)`` (read back with ``lookup``): for
    values written by one process for others to read, such as a note of a PDF's latest version."""
    cache.set(key(name, audience, *parts, site_wide=site_wide), value, timeout)


def claim(name: str, *parts, timeout: int) -> bool:
    """Take a lock that every process sees (the shared cache's atomic add); False if another
    holder has it. It lapses after ``timeout`` seconds if never released."""
    return cache.add(key(f"claim:{name}", "-", *parts, site_wide=False), True, timeout)


def release(name: str, *parts) -> bool:
    """Let go of a claim: whether it was held."""
    return bool(cache.delete(key(f"claim:{name}", "-", *parts, site_wide=False)))


def count(name: str, *parts, window: int) -> int:
    """How many times this was counted in the current window of ``window`` seconds."""
    counter = key(f"count:{name}", "-", *parts, int(time.time() // window), site_wide=False)
    cache.add(counter, 0, window * 2)
    try:
        return cache.incr(counter)
    except ValueError:  # expired between add and incr
        cache.add(counter, 1, window * 2)
        return 1
