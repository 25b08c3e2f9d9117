"""Inviting people to join as members: what an invitation does, in one place.

A facilitator invites one person or a list (accounts.admin); each gets an email with a link
holding a random token, of which only a digest is stored, that works once and until it
expires (AJC_INVITATION_DAYS). Resending makes a new token (the old link stops working);
withdrawing stops the link at once.
"""

import csv
import datetime
import io
import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from sessions.models import Sector

from .models import Invitation, token_digest

COLUMNS = ("name", "email", "organisation", "sector")


@dataclass
class Row:
    """One person to invite, as typed or read from a CSV file."""

    line: int
    name: str
    email: str
    organisation: str = ""
    sector: Sector | None = None


def parse_rows(text: str) -> tuple[list[Row], list[str]]:
    """People to invite from CSV (name, email, organisation, sector; a header row is
    optional), with a message for each line that cannot be used."""
    rows, errors = [], []
    sectors = {key: sector for sector in Sector.objects.all() for key in _sector_keys(sector)}
    for number, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [cell.strip() for cell in cells]
        if not any(cells) or [cell.lower() for cell in cells[:2]] == ["name", "email"]:
            continue
        name, email, organisation, sector = (cells + [""] * 4)[:4]
        problem = _row_problem(name, email, sector, sectors)
        if problem:
            errors.append(f"Line {number}: {problem}")
            continue
        rows.append(Row(number, name, email.lower(), organisation, sectors.get(sector.lower())))
    return rows, errors


def _sector_keys(sector):
    return {sector.name.lower(), sector.slug.lower()}


def _row_problem(name, email, sector, sectors) -> str | None:
    if not name:
        return "a name is needed."
    try:
        validate_email(email)
    except ValidationError:
        return f"“{email}” is not an email address."
    if sector and sector.lower() not in sectors:
        known = ", ".join(sorted({s.name for s in sectors.values()}))
        return f"no sector called “{sector}” (the sectors are: {known})."
    return None


def safe_next(url: str) -> str:
    """The page an invitee lands on: a path on this site, or the home page."""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts=None) and url.startswith("/"):
        return url
    return "/"


def has_account(email: str) -> bool:
    return (
        get_user_model().objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )


def invite(row: Row, invited_by, next_url: str = "/") -> tuple[Invitation | None, str]:
    """Invite one person unless they have an account or an open invitation already; the
    message says what happened, for the facilitator only."""
    if has_account(row.email):
        return None, f"{row.email} already has an account: no invitation sent."
    if Invitation.objects.open().filter(email__iexact=row.email).exists():
        return None, f"{row.email} already has an invitation waiting: resend it from the list."
    invitation = Invitation(
        name=row.name,
        email=row.email,
        organisation=row.organisation,
        sector=row.sector,
        next_url=safe_next(next_url),
        invited_by=invited_by,
    )
    send(invitation)
    return invitation, f"Invitation sent to {row.email}."


def send(invitation: Invitation) -> None:
    """(Re)send: a new token and a new expiry, so any earlier link stops working."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = token_digest(token)
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + datetime.timedelta(
        days=settings.AJC_INVITATION_DAYS
    )
    invitation.withdrawn_at = None
    invitation.save()
    link = settings.AJC_SITE_URL + reverse("accounts:invitation", kwargs={"token": token})
    context = {"invitation": invitation, "link": link, "days": settings.AJC_INVITATION_DAYS}
    EmailMessage(
        subject="AJC learning groups: you are invited to join as a member",
        body=render_to_string("accounts/invitation_email.txt", context),
        to=[invitation.email],
    ).send()


def withdraw(invitation: Invitation) -> None:
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])


def find(token: str) -> Invitation | None:
    return Invitation.objects.filter(token_hash=token_digest(token)).first()


def accept(invitation: Invitation, username: str, password: str | None, name: str):
    """Make the member's account; the invitation is used up in the same transaction, so a
    link clicked twice at once makes one account. No password (None): the member signs in by
    codes emailed to them."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.state != "sent":
            return None
        first, _, last = name.strip().partition(" ")
        user = get_user_model().objects.create_user(
            username=username,
            email=locked.email,
            password=password,
            first_name=first[:150],
            last_name=last[:150],
        )
        EmailAddress.objects.create(user=user, email=locked.email, verified=True, primary=True)
        locked.accepted_at = timezone.now()
        locked.user = user
        locked.save(update_fields=["accepted_at", "user"])
    return user
