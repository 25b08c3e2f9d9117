"""Middleware for the trust pieces (malformed requests, database faults, idle staff sessions,
denied requests) and for compressing text in production."""

import logging
import re
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connection
from django.middleware.gzip import GZipMiddleware

from . import cache, replica
from .deadline import guard, query_deadline
from .errors import STANDARD, problem
from .security_log import log_permission_denied

logger = logging.getLogger("ajc.faults")

DATABASE_ERRORS = (OperationalError, InterfaceError)
UNAVAILABLE_MESSAGE = STANDARD[503][1]


def database_unavailable_response(request):
    """The one error page, rendered without the request (no session, no user: nothing that
    might ask the database again) and giving no detail of the fault away."""
    return problem(request, 503, standalone=True)


# Said when the shared cache cannot be reached: an edit was rolled back (``ajc.cache``).
CACHE_DOWN_HEADING = "The site's cache cannot be reached"
CACHE_DOWN_EDIT = (
    "Nothing was changed: an edit is only saved together with what keeps readers from being "
    "shown an out-of-date copy, and the cache that holds those copies cannot be reached. Your "
    "changes are not lost from this page: go back, wait a minute, then save again."
)
CACHE_DOWN_PAGE = (
    "This page could not be shown because the site's cache cannot be reached. Please wait a "
    "minute, then try again."
)
CACHE_RETRY_AFTER = 60


def cache_unavailable_response(request):
    editing = request.method not in ("GET", "HEAD", "OPTIONS")
    return problem(
        request,
        503,
        CACHE_DOWN_HEADING,
        CACHE_DOWN_EDIT if editing else CACHE_DOWN_PAGE,
        retry_after=CACHE_RETRY_AFTER,
        standalone=True,
    )


def _is_database_error(exception) -> bool:
    return isinstance(exception, DATABASE_ERRORS)


class DatabaseUnavailableMiddleware:
    """Turns an unreachable or failing database, or an unreachable cache (``ajc.cache``), into a
    503 page that says which, rather than a traceback or 500.

    A view's error reaches ``process_exception``. An error raised in another middleware (the
    session being saved on the way out, say) has already been turned into a 500 by Django when
    it reaches us, so a receiver of ``got_request_exception`` marks the request and the 500 is
    swapped for the 503 here.

    Every wait for the database in the request has a deadline (``ajc.deadline``): the health
    check of a kept connection, and each query. Static files are served by WhiteNoise before
    this middleware and never wait for the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            with guard(connection, settings.AJC_DATABASE_CHECK_DEADLINE) as check:
                # Django checks a kept connection before its first query; doing it here puts
                # the check under a short deadline of its own. A check that fails at once (a
                # connection the server closed) just reconnects; one that had to be cut means
                # the server is not answering, and reconnecting would only wait again.
                connection.close_if_health_check_failed()
            if check.cut:
                raise OperationalError("The database did not answer the connection check.")
            with connection.execute_wrapper(query_deadline(connection)):
                response = self.get_response(request)
        except (*DATABASE_ERRORS, cache.CacheUnavailable) as exception:
            return self.process_exception(request, exception)
        if getattr(request, "_ajc_database_unavailable", False) and response.status_code == 500:
            return database_unavailable_response(request)
        if getattr(request, "_ajc_cache_unavailable", False) and response.status_code == 500:
            return cache_unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, cache.CacheUnavailable):
            logger.error(
                "Cache unavailable",
                extra={"event": "cache_unavailable", "path": request.path},
            )
            return cache_unavailable_response(request)
        if _is_database_error(exception):
            logger.error(
                "Database unavailable",
                extra={"event": "database_unavailable", "path": request.path},
                exc_info=exception,
            )
            return database_unavailable_response(request)
        return None


def _mark_database_fault(sender, request=None, **kwargs):
    exception = sys.exc_info()[1]
    if request is not None and _is_database_error(exception):
        request._ajc_database_unavailable = True
    if request is not None and isinstance(exception, cache.CacheUnavailable):
        request._ajc_cache_unavailable = True


got_request_exception.connect(_mark_database_fault, dispatch_uid="ajc.middleware.database_fault")

# C0 control characters and DEL; in form values tab, line feed and carriage return are text.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
REFUSED_METHODS = {"TRACE"}
ALLOWED_METHODS = ["GET", "HEAD", "POST", "OPTIONS"]


class MalformedRequestMiddleware:
    """Refuses what no page of the site can use, before a cache key or a query is built from it.

    - TRACE: 405 on every URL (it only echoes the request back).
    - A control character (NUL and the rest of C0, DEL) in the path, a query-string name or
      value, or a form field: 400. PostgreSQL text cannot hold NUL, so such a value would
      otherwise be a 500 wherever it reached the database or the database cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in REFUSED_METHODS:
            response = problem(
                request,
                405,
                "Method not allowed",
                f"This site does not answer {request.method} requests.",
            )
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return response
        if self._has_control_characters(request):
            return problem(
                request,
                400,
                message="The address or the form holds a control character (such as NUL), "
                "which no page of this site uses.",
            )
        return self.get_response(request)

    @staticmethod
    def _has_control_characters(request) -> bool:
        if CONTROL.search(request.path_info) or CONTROL.search(request.path):
            return True
        for name, values in request.GET.lists():
            if CONTROL.search(name) or any(CONTROL.search(value) for value in values):
                return True
        if request.method == "POST":
            for name, values in request.POST.lists():
                if CONTROL.search(name) or any(CONTROL_IN_TEXT.search(v) for v in values):
                    return True
        return False


class StaffIdleTimeoutMiddleware:
    """Staff sessions end after ``AJC_STAFF_IDLE_SECONDS`` without a request.

    Setting the expiry on every request slides the window (and saves the session, which is
    what SESSION_SAVE_EVERY_REQUEST would do for everyone); members keep the ordinary
    SESSION_COOKIE_AGE. Must come after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            request.session.set_expiry(settings.AJC_STAFF_IDLE_SECONDS)
        return self.get_response(request)


class ReplicaReadsMiddleware:
    """Lets a request's reads go to the read replica when that cannot show it anything stale
    that matters (``ajc.replica``); a POST marks its browser as having written, so its next
    pages read the primary. Does nothing unless a replica is configured. Must come after
    AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica.configured():
            return self.get_response(request)
        if not self._may_read_replica(request):
            response = self.get_response(request)
        else:
            with replica.replica_reads():
                response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            response.set_cookie(
                replica.WROTE_COOKIE,
                "1",
                max_age=max(1, int(replica.max_lag())),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def _may_read_replica(self, request) -> bool:
        if request.method not in ("GET", "HEAD") or replica.WROTE_COOKIE in request.COOKIES:
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            return False
        return not cache.narrowed_within(replica.max_lag()) and replica.reachable()


class PermissionDeniedLogMiddleware:
    """Logs every refused request (403), whether a view raised PermissionDenied, the CSRF
    check failed, or a view answered 403 itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            log_permission_denied(request, response.status_code)
        return response


# What is worth compressing: pages, htmx fragments, CSV, JSON, the feed. PDFs and PNGs are
# compressed already (gzip would only cost CPU and weaken the PDFs' strong ETags).
COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/problem+json",
    "application/atom+xml",
    "application/xml",
    "application/javascript",
)


class TextCompressionMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, for text only.

    On BREACH (a secret in a compressed page guessed from the size of the answers to requests
    that reflect the attacker's text): the only secret in our pages is the CSRF token in the
    sign-out and admin forms, and Django masks it afresh for every response, so no two
    responses share it to compare; Django also pads each gzip answer with up to 100 random
    bytes ("Heal the BREACH"). Streaming responses (CSV downloads) are compressed chunk by chunk
    and still stream; cached pages are stored uncompressed, below this middleware.
    """

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if not content_type.startswith(COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)
