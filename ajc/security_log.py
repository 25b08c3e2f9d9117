"""Authentication and permission events as structured log lines.

Every line goes to the ``ajc.security`` logger with an ``event`` field (``login``, ``logout``,
``login_failed``, ``login_locked_out``, ``permission_denied``), the user's id where there is
one, and the client's address. Never a password, a session key or a cookie: the credentials
Django hands to ``user_login_failed`` are read for the username only, and a username is written
only when it is a real account's (people sometimes type their password into the username box).

The receivers are connected by ``ajc.apps.AjcConfig.ready``.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model

from ajc.auth_backend import client_ip, username_limit

logger = logging.getLogger("ajc.security")


def _request_fields(request) -> dict:
    if request is None:
        return {}
    return {"ip": client_ip(request), "path": getattr(request, "path", None)}


def log_event(event: str, message: str, request=None, level=logging.INFO, **fields) -> None:
    logger.log(level, message, extra={"event": event, **_request_fields(request), **fields})


def on_login(sender, request, user, **kwargs):
    log_event(
        "login",
        "Signed in",
        request,
        user_id=user.pk,
        username=user.get_username(),
        staff=user.is_staff,
    )


def on_logout(sender, request, user, **kwargs):
    log_event("logout", "Signed out", request, user_id=getattr(user, "pk", None))


def on_login_failed(sender, credentials, request=None, **kwargs):
    User = get_user_model()
    typed = str(credentials.get(User.USERNAME_FIELD) or "")
    known = (
        0 < len(typed) <= username_limit()
        and User._default_manager.filter(**{User.USERNAME_FIELD: typed}).exists()
    )
    log_event(
        "login_failed",
        "Sign-in refused",
        request,
        level=logging.WARNING,
        username=typed if known else None,
        username_known=known,
        locked_out=bool(getattr(request, "axes_locked_out", False)),
    )


def on_locked_out(sender, request, username, ip_address, **kwargs):
    log_event(
        "login_locked_out",
        "Too many failed sign-ins: locked for the cool-off",
        request,
        level=logging.WARNING,
        cooloff_seconds=int(settings.AXES_COOLOFF_TIME.total_seconds()),
    )


def log_permission_denied(request, status_code: int) -> None:
    user = getattr(request, "user", None)
    log_event(
        "permission_denied",
        "Permission denied",
        request,
        level=logging.WARNING,
        user_id=getattr(user, "pk", None),
        method=request.method,
        status_code=status_code,
    )
