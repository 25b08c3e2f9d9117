"""The health endpoint a load balancer or container runtime polls: is this app able to serve?

It answers without a session, a user or a template, so it reports the database's and the
shared cache's state and nothing else, and never a detail of a fault: either unavailable is a
503, so a load balancer stops sending readers to a server that would answer them 503. It has
a deadline of its own (``HEALTH_DEADLINE`` seconds for the query, within the Dockerfile's 5 s
health-check timeout; the cache's socket timeouts are shorter, ``ajc.settings``): a database or
cache that stops answering is reported as unavailable, never as a health check that hangs.
"""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ajc import cache
from ajc.deadline import guard

logger = logging.getLogger("ajc.faults")
HEALTH_DEADLINE = 3


@never_cache
@require_safe
def health(request):
    try:
        with guard(connection, HEALTH_DEADLINE), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except DatabaseError:
        logger.warning("Health check: database unavailable", extra={"event": "health_degraded"})
        database = "unavailable"
    cache_state = "ok" if cache.reachable() else "unavailable"
    if cache_state != "ok":
        logger.warning("Health check: cache unavailable", extra={"event": "health_degraded"})
    ok = database == cache_state == "ok"
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", "database": database, "cache": cache_state},
        status=200 if ok else 503,
    )
