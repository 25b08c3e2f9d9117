"""Middleware for the trust pieces: database faults, idle staff sessions, denied requests."""

import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.templatetags.static import static
from django.utils.html import escape

from .security_log import log_permission_denied

logger = logging.getLogger("ajc.faults")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
UNAVAILABLE_MESSAGE = (
    "The knowledge base is temporarily unavailable. Nothing has been lost: please try again "
    "in a minute or two."
)


def database_unavailable_response() -> HttpResponse:
    """A plain page that needs nothing from the database (no session, no user, no template
    that might ask for one) and gives no detail of the fault away."""
    try:
        stylesheet = f'<link rel="stylesheet" href="{escape(static("css/site.css"))}">'
    except ValueError:
        # The static manifest is missing (collectstatic not run): the page still reads fine.
        stylesheet = ""
    body = (
        '<!doctype html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Temporarily unavailable – AJC learning groups</title>\n"
        f'{stylesheet}\n</head>\n<body>\n<main id="main" class="wrap">\n'
        "<h1>Temporarily unavailable</h1>\n"
        f"<p>{escape(UNAVAILABLE_MESSAGE)}</p>\n"
        "</main>\n</body>\n</html>\n"
    )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _is_database_error(exception) -> bool:
    return isinstance(exception, DATABASE_ERRORS)


class DatabaseUnavailableMiddleware:
    """Turns an unreachable or failing database into a 503 page rather than a traceback or 500.

    A view's error reaches ``process_exception``. An error raised in another middleware (the
    session being saved on the way out, say) has already been turned into a 500 by Django when
    it reaches us, so a receiver of ``got_request_exception`` marks the request and the 500 is
    swapped for the 503 here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_ajc_database_unavailable", False) and response.status_code == 500:
            return database_unavailable_response()
        return response

    def process_exception(self, request, exception):
        if _is_database_error(exception):
            logger.error(
                "Database unavailable",
                extra={"event": "database_unavailable", "path": request.path},
                exc_info=exception,
            )
            return database_unavailable_response()
        return None


def _mark_database_fault(sender, request=None, **kwargs):
    exception = sys.exc_info()[1]
    if request is not None and _is_database_error(exception):
        request._ajc_database_unavailable = True


got_request_exception.connect(_mark_database_fault, dispatch_uid="ajc.middleware.database_fault")


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
