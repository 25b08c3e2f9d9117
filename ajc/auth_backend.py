"""Sign-in throttling (django-axes): the login backend and the callables that tell axes who
is signing in from where."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import get_user_model


def client_ip(request) -> str | None:
    """The client's address (AXES_CLIENT_IP_CALLABLE): the socket's, or the one the trusted
    proxies in front saw.

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


def username_limit() -> int:
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
    return None if username is None else str(username)[: username_limit()]


class ThrottledLoginBackend(AxesStandaloneBackend):
    """django-axes' check, skipped when there is no request.

    Every sign-in over the web comes with a request, so the throttle covers them all; a call
    without one (a management command, or ``Client.login`` in a test) has no address to
    throttle and no attacker behind it. A refused sign-in costs the same whether or not the
    username exists: this backend never looks the user up, and Django's ModelBackend, next in
    line, hashes the typed password for an unknown username too.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
