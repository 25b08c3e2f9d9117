"""What the knowledge base holds about one person ("Download my data"), and removing it
("Delete my account"): in one place, so the two stay in step (issue 26)."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.db import transaction

from followup.models import DigestPreference

from .models import Invitation


def _when(moment):
    return moment.isoformat() if moment else None


def personal_data(user) -> dict:
    """Everything kept about the person, as JSON-ready data: account, follows, digests."""
    preference = DigestPreference.objects.filter(user=user).first()
    invitation = Invitation.objects.filter(user=user).select_related("sector").first()
    return {
        "account": {
            "username": user.get_username(),
            "name": user.get_full_name(),
            "email": user.email,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user).order_by("email")
            ],
            "role": "facilitator" if user.is_staff else "member",
            "joined": _when(user.date_joined),
            "last_sign_in": _when(user.last_login),
            "two_factor": sorted(
                Authenticator.objects.filter(user=user).values_list("type", flat=True)
            ),
            "invitation": invitation
            and {
                "organisation": invitation.organisation,
                "sector": invitation.sector and invitation.sector.name,
                "sent": _when(invitation.sent_at),
                "accepted": _when(invitation.accepted_at),
            },
        },
        "digests": {
            "frequency": preference.frequency if preference else None,
            "subscribed": preference.subscribed if preference else None,
        },
        "follows": [
            {"kind": f.target_kind, "what": str(f.target), "since": _when(f.created_at)}
            for f in user.follows.select_related("recommendation", "tracked_risk", "theme", "group")
        ],
        "digest_history": [
            {
                "frequency": d.frequency,
                "period_start": _when(d.period_start),
                "period_end": _when(d.period_end),
                "sent": _when(d.delivered_at),
                "listed": d.changes,
            }
            for d in user.digests_sent.order_by("period_start")
        ],
        "signed_in_devices": [
            {"browser": s.user_agent, "address": s.ip, "signed_in": _when(s.created_at)}
            for s in UserSession.objects.filter(user=user).order_by("-created_at")
        ],
    }


def delete_account(user) -> None:
    """Remove the person and what is theirs: follows, digest settings and history, addresses,
    factors, devices (all cascade with the account). Published content does not belong to
    anyone's account, so it stays; an accepted invitation is kept as a record that it was used,
    without the person's name or address."""
    with transaction.atomic():
        for session in UserSession.objects.filter(user=user):
            session.end()
        Invitation.objects.filter(user=user).update(name="(deleted)", email="deleted@invalid")
        user.delete()
