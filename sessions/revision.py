"""A site-wide content revision: caches of lists, counts and facets are keyed on it.

The knowledge base is read-mostly, so what depends on content is computed once per change
and then served from the cache. Any save or delete of content bumps the revision, which makes
every key built on the old one unreachable (the cache expires them in its own time).
"""

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


def cache_key(*parts) -> str:
    return ":".join(["ajc", str(content_revision()), *map(str, parts)])
