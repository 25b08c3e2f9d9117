"""Authentication and permission events as structured log lines, and the login throttle's hooks.

Every line goes to the ``ajc.security`` logger with an ``event`` field (``login``, ``logout``,
``login_failed``, ``login_locked_out``, ``permission_denied``), the user's id where there is
one, and the client's address. Never a password, a session key or a cookie: the credentials
Django hands to ``user_login_failed`` are read for the username only, and a username is written
only when it is a real account's (people sometimes type their password into the username box).
"""

import logging

from django.apps import AppConfig
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

logger = logging.getLogger("ajc.security")


def client_ip(request) -> str | None:
    """The client's address: the socket's, or the one the trusted proxies in front saw.

    Each proxy appends the address it received from to X-Forwarded-For, so with N trusted
    proxies the Nth entry from the right is the client as the outermost proxy saw it; anything
    further left was written by the client and may be forged.
    """
    if request is None:
        return None
    count = settings.AJC_TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


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


def _username_limit() -> int:
    User = get_user_model()
    return User._meta.get_field(User.USERNAME_FIELD).max_length or 150


def throttled_username(request, credentials=None) -> str | None:
    """The username the login throttle counts (AXES_USERNAME_CALLABLE): as typed, cut to the
    longest a username can be. No account has a longer one, so nothing is lost, and axes can
    always store it (an overlong one would fail to save, and the sign-in page would be a 500).
    """
    field = get_user_model().USERNAME_FIELD
    source = credentials or getattr(request, "POST", {})
    username = source.get(field)
    return None if username is None else str(username)[: _username_limit()]


def on_login_failed(sender, credentials, request=None, **kwargs):
    User = get_user_model()
    typed = str(credentials.get(User.USERNAME_FIELD) or "")
    known = (
        0 < len(typed) <= _username_limit()
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


def _throttled_login_backend():
    from axes.backends import AxesStandaloneBackend

    class ThrottledLoginBackend(AxesStandaloneBackend):
        """django-axes' check, skipped when there is no request.

        Every sign-in over the web comes with a request, so the throttle covers them all; a
        call without one (a management command, or ``Client.login`` in a test) has no address
        to throttle and no attacker behind it.
        """

        def authenticate(self, request, username=None, password=None, **kwargs):
            if request is None:
                return None
            return super().authenticate(request, username=username, password=password, **kwargs)

    ThrottledLoginBackend.__module__ = __name__
    return ThrottledLoginBackend


def __getattr__(name):
    # The backend is built on first use: axes' base class needs the app registry, and this
    # module is imported while the registry is still being filled (it holds TrustConfig).
    if name == "ThrottledLoginBackend":
        backend = globals()[name] = _throttled_login_backend()
        return backend
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class TrustConfig(AppConfig):
    """Registers the receivers once the apps are ready (axes' signal module needs its models)."""

    name = "ajc"
    label = "ajc_trust"
    verbose_name = "Trust: security events"

    def ready(self):
        from axes.signals import user_locked_out

        user_logged_in.connect(on_login, dispatch_uid="ajc.auth_events.login")
        user_logged_out.connect(on_logout, dispatch_uid="ajc.auth_events.logout")
        user_login_failed.connect(on_login_failed, dispatch_uid="ajc.auth_events.login_failed")
        user_locked_out.connect(on_locked_out, dispatch_uid="ajc.auth_events.locked_out")
