"""Django's cache behind a guard: when the shared cache cannot be reached, ``CacheUnavailable``
is raised and this process leaves the cache alone for a few seconds (``RETRY_AFTER_SECONDS``),
so a hung server costs one socket timeout, not one per call."""

import contextlib
import logging
import time

from django.core.cache import cache as django_cache

# After the cache failed, this process does not try it again for this long.
RETRY_AFTER_SECONDS = 5.0
MISSING = object()

logger = logging.getLogger("ajc.cache")


class CacheUnavailable(Exception):
    """The shared cache could not be reached (now, or moments ago by this process)."""


class CachedFailure(Exception):
    """Computing this value failed moments ago; it is not tried again until the marker expires."""


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


def quietly(method, *args) -> None:
    """Tidying up after a computation: a cache gone meanwhile must not fail it."""
    with contextlib.suppress(CacheUnavailable):
        method(*args)
