"""The health endpoint a load balancer or container runtime polls: is this app able to serve?

It answers without a session, a user or a template, so it reports the database's state and
nothing else, and never a detail of a fault. It has a deadline of its own (``HEALTH_DEADLINE``
seconds for the query, within the Dockerfile's 5 s health-check timeout): a database that
stops answering is reported as unavailable, never as a health check that hangs.
"""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

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
    except DatabaseError:
        logger.warning("Health check: database unavailable", extra={"event": "health_degraded"})
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
