"""Sign-in throttling (django-axes): the login backend, the handler that counts failures, and
the callables that tell axes who is signing in from where.

Failures are counted three ways (``AXES_LOCKOUT_PARAMETERS``), each with its own limit:

- the username *and* address together (``AJC_LOGIN_FAILURE_LIMIT``, default 5): one person
  mistyping, or one attacker guessing one account from one place;
- the username from any address (``AJC_LOGIN_ACCOUNT_FAILURE_LIMIT``, default 20): guessing one
  account from many addresses;
- the address for any username (``AJC_LOGIN_ADDRESS_FAILURE_LIMIT``, default 30): trying a few
  passwords on many accounts ("spraying") from one place.

An administrator lifts a lock early in the admin (*Axes → Access attempts*) or with
``manage.py axes_reset_username USERNAME``.
"""

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Sum


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
    # allauth signs in by username or email address and passes whichever was typed (an
    # address as both, so the count is the same whichever the backend tries).
    username = source.get(field) or source.get("email")
    return None if username is None else str(username)[: username_limit()]


def _own_limit(parameter) -> int:
    """The failure limit for one entry of AXES_LOCKOUT_PARAMETERS."""
    names = (parameter,) if isinstance(parameter, str) else tuple(parameter)
    return settings.AJC_LOGIN_FAILURE_LIMITS[tuple(sorted(names))]


class ThrottleHandler(AxesDatabaseHandler):
    """axes' database handler, with a limit of its own for each way of counting.

    axes compares one number with one limit (``AXES_FAILURE_LIMIT``, the pair's). Each count is
    scaled so that it reaches that limit exactly when it reaches its own limit, and the largest
    is reported: the client is locked out when any of the three counts is used up.

    Rows stay bounded: axes deletes attempts older than the cool-off at every failure, and a
    locked-out address adds no rows, so one address adds at most its own limit per cool-off.
    """

    def get_failures(self, request, credentials=None) -> int:
        limit = get_failure_limit(request, credentials)
        worst = 0
        for parameter, attempts in zip(
            settings.AXES_LOCKOUT_PARAMETERS,
            self.get_user_attempts(request, credentials),
            strict=True,
        ):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            worst = max(worst, failures * limit // _own_limit(parameter))
        return worst

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful sign-in clears that username's failures from that address only.

        axes would clear every count the request matches, the address's included: then anyone
        with one real account could sign in now and then to go on spraying from one address.
        """
        pair = self.filter_user_attempts(request, credentials)[0]
        count, _ = pair.delete()
        return count


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
