"""A site-wide content revision: caches of lists, counts and facets are keyed on it.

The knowledge base is read-mostly, so what depends on content is computed once per change
and then served from the cache. Any save or delete of content bumps the revision, which makes
every key built on the old one unreachable (the cache expires them in its own time).
"""

import hashlib

from django.core.cache import cache

KEY = "ajc:content-revision"


def content_revision() -> int:
    revision = cache.get(KEY)
    if revision is None:
        # Start from a value no earlier process used, so a restarted cache never serves stale keys.
        import time

        revision = time.time_ns()
        cache.add(KEY, revision, timeout=None)
        revision = cache.get(KEY, revision)
    return revision


def bump_content_revision() -> None:
    try:
        cache.incr(KEY)
    except ValueError:
        content_revision()
        cache.incr(KEY)


MAX_READABLE = 160


def cache_key(*parts) -> str:
    """A key for content-dependent values; long parts (a search string) are hashed.

    Keys must stay short for every cache backend (the database cache's column holds 255).
    """
    key = ":".join(["ajc", str(content_revision()), *map(str, parts)])
    if len(key) <= MAX_READABLE:
        return key
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return f"{key[: MAX_READABLE - 65]}:{digest}"
