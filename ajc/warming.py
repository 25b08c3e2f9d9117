"""The most-read public pages, computed again after an edit narrowed what readers may see.

After an edit that narrows (unpublishing, making members-only, deleting), nobody may be given
the previous version of a page (``ajc.cache``), so the first reader of each page would wait
while it is computed again: 25–120 times a trivial page at a million items. Instead, once the
edit has committed, the background worker asks for those pages itself (the task
``ajc.cache.refresh.warm_after_narrowing``, on its "refresh" lane), as a signed-out reader,
through the whole middleware stack; readers who come meanwhile wait for that computation rather
than repeating it (the value's claim), and the ones after find them ready. The web processes
that serve readers do not spend their time on it: where no worker takes that lane, each page's
first reader computes it. The same request (``get``) is how the worker computes one page again
after an edit that narrows nothing (``ajc.cache.refresh.refresh_page``).

The apps say which pages (``register``): a fixed, short list, so the cost of an edit does not
grow with the data. Pages for members are left to their first reader.
"""

import io
import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest

logger = logging.getLogger(__name__)

_sources: list[Callable[[], Iterable[str]]] = []
_handler: BaseHandler | None = None


def register(paths: Callable[[], Iterable[str]]) -> None:
    """Add a source of paths to compute again after a narrowing edit (called once, at start)."""
    if paths not in _sources:
        _sources.append(paths)


def paths() -> list[str]:
    found = []
    for source in _sources:
        found.extend(path for path in source() if path not in found)
    return found


# The feed is kept per host name (its links are absolute): it is computed for each of the site's
# own names, up to this many. Other pages are kept once for all names, so the second name
# finds them ready.
MAX_HOSTS = 3


def _hosts() -> list[str]:
    names = [host.lstrip(".") for host in settings.ALLOWED_HOSTS]
    return [host for host in names if host and host != "*"][:MAX_HOSTS] or ["localhost"]


def get(path: str, host: str, *, query: str = "", secure: bool = True) -> int:
    """Ask for ``path`` (with ``query``) as a signed-out reader behind the site's proxy would;
    the status."""
    global _handler
    if _handler is None:
        handler = BaseHandler()
        handler.load_middleware()
        _handler = handler
    environ = {
        "REQUEST_METHOD": "GET",
        # As a WSGI server gives it: the path's UTF-8 bytes read as Latin-1.
        "PATH_INFO": path.encode("utf-8").decode("iso-8859-1"),
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "443" if secure else "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "HTTP_X_FORWARDED_PROTO": "https" if secure else "http",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "https" if secure else "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
    }
    # Not closed: closing a response sends request_finished, which belongs to the request
    # this runs inside, if any (it would close that request's database connections).
    return _handler.get_response(WSGIRequest(environ)).status_code


def warm() -> int:
    """Compute the registered pages again, for each of the site's host names; how many
    requests answered 200. Never raises: an edit must not fail because a page could not be
    computed ahead of its readers."""
    try:
        wanted = paths()
    except Exception:
        logger.exception("Listing the pages to compute again after a narrowing edit failed")
        return 0
    done = 0
    for host in _hosts():
        for path in wanted:
            try:
                status = get(path, host)
            except Exception:
                logger.exception("Computing %s again after a narrowing edit failed", path)
                continue
            if status == 200:
                done += 1
            else:
                logger.warning("Computing %s again after a narrowing edit: %s", path, status)
    return done
