"""Staff reach the admin only with a second factor (issue 26)."""

from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse

SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


def needs_second_factor(user) -> bool:
    """A signed-in member of staff without a second factor set up yet."""
    return user.is_authenticated and user.is_staff and not has_second_factor(user)


class StaffTwoFactorMiddleware:
    """Sends a member of staff who has no second factor to set one up before any admin page.

    Anyone with a factor already passed it to sign in: allauth asks for it after the password
    on every sign-in, the admin's included (its login view sends people to the site's). Must
    come after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(reverse("admin:index")) and needs_second_factor(request.user):
            messages.info(
                request,
                "Facilitators need two-factor authentication before the admin opens. Set up "
                "an authenticator app (or a security key or passkey) below, then go back to "
                "the admin.",
            )
            setup = reverse("mfa_activate_totp")
            return HttpResponseRedirect(f"{setup}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
