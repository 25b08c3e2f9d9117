"""The one way the site answers an error: a page that says what went wrong and what to do next.

A view answers a bad address by returning ``problem(request, 400, …)`` or, from deeper down,
raising ``Problem`` (``ProblemMiddleware`` turns it into the same page). Django's own 400, 403,
404 and 500 pages (``handler400`` … in ``ajc.urls``) and the database-unavailable 503 use the
same template, ``error.html``, so every error looks and reads the same.
"""

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = 10
API_PREFIX = "/api/"

# Headings and messages for the errors Django raises itself.
STANDARD = {
    400: (
        "The address is not right",
        "The page could not be shown because the address asks for something this site does "
        "not understand.",
    ),
    403: ("You may not do that", "Your account does not have permission to see this page."),
    429: ("Too many requests", "Please wait a minute, then try again."),
    404: (
        "Page not found",
        "There is nothing at this address. It may have been mistyped, or the page may not have "
        "been published.",
    ),
    500: (
        "Sorry, something went wrong",
        "The page could not be shown because of a problem on our side. It has been logged. "
        "Please try again in a few minutes.",
    ),
    503: (
        "Temporarily unavailable",
        "The knowledge base is temporarily unavailable. Nothing has been lost: please try again "
        "in a minute or two.",
    ),
}


class Problem(Exception):
    """Raised where a request cannot be answered; becomes ``problem(request, …)``'s page."""

    def __init__(self, status: int, heading: str | None = None, message: str | None = None, **kw):
        super().__init__(message or heading or str(status))
        self.status, self.heading, self.message, self.options = status, heading, message, kw


class ProblemMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Problem):
            return problem(
                request, exception.status, exception.heading, exception.message, **exception.options
            )
        return None


def problem(
    request,
    status: int,
    heading: str | None = None,
    message: str | None = None,
    *,
    context: dict | None = None,
    retry_after: int | None = None,
    standalone: bool = False,
) -> HttpResponse:
    """An error page with ``status``.

    ``standalone`` renders without the request's context (no user, no session): for answers
    given when the database cannot be reached, or from inside an error handler.
    """
    default_heading, default_message = STANDARD.get(status, STANDARD[400])
    if request is not None and request.path.startswith(API_PREFIX):
        # The open-data API answers in JSON, as its schema says: {"detail": …}.
        response = JsonResponse({"detail": message or heading or default_message}, status=status)
        if retry_after:
            response["Retry-After"] = str(retry_after)
        return response
    page = {
        "status": status,
        "heading": heading or default_heading,
        "message": message or default_message,
        "standalone": standalone,
        **(context or {}),
    }
    html = render_to_string("error.html", page, request=None if standalone else request)
    response = HttpResponse(html, status=status)
    if status in (429, 503):
        response["Retry-After"] = str(retry_after or RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
    return response


def bad_request(request, exception=None):
    return problem(request, 400)


def permission_denied(request, exception=None):
    return problem(request, 403)


def page_not_found(request, exception=None):
    return problem(request, 404)


def server_error(request):
    return problem(request, 500, standalone=True)
