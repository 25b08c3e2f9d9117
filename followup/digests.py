"""Members' email digests: what changed in what they follow, once per member and period.

At most once: the period is claimed for the member (a ``DigestSent`` row holding what the
digest lists) in one transaction before the email leaves; a second worker, or the same one
started again after a crash, finds the claim and sends nothing. A claim whose email never
left (the worker died in between) keeps ``delivered_at`` empty, for a facilitator to see.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .changes import KINDS, changes_for_member
from .models import DigestPreference, DigestSent, Frequency

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "followup.unsubscribe"
# A link in an old digest stops working after this long (signed with its time: TimestampSigner).
UNSUBSCRIBE_MAX_AGE = datetime.timedelta(days=60)
LENGTH = {Frequency.DAILY: datetime.timedelta(days=1), Frequency.WEEKLY: datetime.timedelta(7)}


def period_ending(frequency, moment=None):
    """The last whole period before ``moment``: yesterday, or last Monday to Monday."""
    moment = timezone.localtime(moment or timezone.now())
    end = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if frequency == Frequency.WEEKLY:
        end -= datetime.timedelta(days=end.weekday())
    return end - LENGTH[frequency], end


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


class TokenExpired(Exception):
    """An unsubscribe link older than ``UNSUBSCRIBE_MAX_AGE``."""


def user_from_token(token):
    """The active member an unsubscribe token names, or None; raises TokenExpired."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.SignatureExpired:
        raise TokenExpired from None
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def members_due(frequency):
    return (
        DigestPreference.objects.filter(
            frequency=frequency, subscribed=True, user__is_active=True, user__follows__isnull=False
        )
        .exclude(user__email="")
        .select_related("user")
        .distinct()
        .order_by("user_id")
    )


def site_url(path):
    return f"{settings.AJC_SITE_URL}{path}"


def build_message(user, frequency, sections, start, end):
    unsubscribe = site_url(
        reverse("followup:unsubscribe", kwargs={"token": unsubscribe_token(user)})
    )
    context = {
        "user": user,
        "frequency": Frequency(frequency).label.lower(),
        "sections": [
            {"kind": KINDS[kind], "target": target, "changes": changes}
            for kind, target, changes in sections
        ],
        "start": start,
        "end": end - datetime.timedelta(seconds=1),
        "site": settings.AJC_SITE_URL,
        "unsubscribe": unsubscribe,
        "following": site_url(reverse("followup:following")),
    }
    message = EmailMultiAlternatives(
        subject=f"AJC learning groups: what changed ({context['frequency']} digest)",
        body=render_to_string("followup/digest_email.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string("followup/digest_email.html", context), "text/html")
    return message


def send_digest(user, frequency, start, end) -> bool:
    """Send one member's digest for [start, end) unless it was claimed before. True if sent."""
    if DigestSent.objects.filter(user=user, frequency=frequency, period_start=start).exists():
        return False
    sections = changes_for_member(user, start, end)
    if not sections:
        return False
    listed = [change.as_dict() for _, _, changes in sections for change in changes]
    try:
        with transaction.atomic():
            claim = DigestSent.objects.create(
                user=user, frequency=frequency, period_start=start, period_end=end, changes=listed
            )
    except IntegrityError:
        return False  # another worker claimed it first
    try:
        build_message(user, frequency, sections, start, end).send()
    except Exception:
        # The mail relay refused it (or could not be reached): nothing left, so the claim goes
        # and a later try may send it (``followup.tasks.retry_digest``).
        DigestSent.objects.filter(pk=claim.pk).delete()
        raise
    DigestSent.objects.filter(pk=claim.pk).update(delivered_at=timezone.now())
    return True


def send_digests(frequency, moment=None, on_failure=None) -> int:
    """Send each due member's digest for the period before ``moment``; how many were sent.
    One member's failure (a refused address, a relay down for a moment) is logged, given to
    ``on_failure(user_id, period_start)`` and stops nobody else's."""
    start, end = period_ending(frequency, moment)
    sent = 0
    for preference in members_due(frequency):
        try:
            sent += send_digest(preference.user, frequency, start, end)
        except Exception:
            logger.exception(
                "Could not send the %s digest to member %s", frequency, preference.user_id
            )
            if on_failure is not None:
                on_failure(preference.user_id, start)
    return sent
