"""The request being served, for work done once per request or on its behalf.

One middleware (``RequestScopeMiddleware``) notes the request for the length of its response;
``current_request`` reads it. The facet counts catch up once per request rather than once per
read (``findings.tallies``), and a cached value whose previous version a reader is given is
computed again by the worker asking for the same page (``ajc.cache.refresh``). Outside a request
(a command, the worker's own tasks, a test calling a function) there is none.
"""

import contextlib
from contextvars import ContextVar

_current: ContextVar[object | None] = ContextVar("ajc_current_request", default=None)


def current_request():
    """The request this thread is answering, or None."""
    return _current.get()


@contextlib.contextmanager
def serving(request):
    """``request`` is the one being served until the block ends (nested requests, such as the
    worker's own, restore the outer one)."""
    token = _current.set(request)
    try:
        yield request
    finally:
        _current.reset(token)


class RequestScopeMiddleware:
    """Notes the request being served (``current_request``): a middleware rather than the
    request_started/request_finished signals, so the request itself is known, not only that
    one is under way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with serving(request):
            return self.get_response(request)
