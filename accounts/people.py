"""Who looks after the site: the rule that it always keeps a facilitator who can open the
admin (issue 26)."""

from django.contrib.auth import get_user_model

from .middleware import SECOND_FACTORS


def facilitators_with_second_factor():
    """Active staff who have set up a second factor: those who can open the admin."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, authenticator__type__in=SECOND_FACTORS)
        .distinct()
    )


def last_facilitator_refusal(user) -> str | None:
    """Why ``user`` may not stop being a facilitator (be deleted, deactivated or made a
    member), or None if they may."""
    others = facilitators_with_second_factor().exclude(pk=user.pk)
    if user.is_staff and not others.exists() and user in facilitators_with_second_factor():
        return (
            f"{user.get_username()} is the last facilitator with two-factor authentication "
            "set up: nobody else could open the admin. Make another facilitator (who sets up "
            "two-factor authentication) first."
        )
    return None
