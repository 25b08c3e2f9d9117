"""Who looks after the site: the rule that it always keeps a facilitator who can open the
admin (issue 26)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .middleware import SECOND_FACTORS

FACILITATORS = "Facilitators"
ROLE_MEMBER, ROLE_FACILITATOR = "member", "facilitator"
ROLES = [(ROLE_MEMBER, "Member"), (ROLE_FACILITATOR, "Facilitator")]


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


def end_sessions(user) -> None:
    """Sign the person out everywhere (every session their browsers hold)."""
    from allauth.usersessions.models import UserSession

    for session in UserSession.objects.filter(user=user):
        session.end()


def set_role(user, role: str) -> None:
    """A facilitator is staff in the Facilitators group; a member is neither."""
    user.is_staff = role == ROLE_FACILITATOR
    user.save(update_fields=["is_staff"])
    group = Group.objects.filter(name=FACILITATORS).first()
    if group is not None:
        if user.is_staff:
            user.groups.add(group)
        else:
            user.groups.remove(group)


def role_of(user) -> str:
    return ROLE_FACILITATOR if user.is_staff else ROLE_MEMBER
