import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


def token_digest(token: str) -> str:
    """What is stored of an invitation's token: the token itself is only in the email."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationState(models.TextChoices):
    SENT = "sent", "Sent"
    ACCEPTED = "accepted", "Accepted"
    EXPIRED = "expired", "Expired"
    WITHDRAWN = "withdrawn", "Withdrawn"


class InvitationQuerySet(models.QuerySet):
    def in_state(self, state):
        now = timezone.now()
        return self.filter(
            {
                InvitationState.SENT: Q(accepted_at=None, withdrawn_at=None, expires_at__gt=now),
                InvitationState.ACCEPTED: Q(accepted_at__isnull=False),
                InvitationState.EXPIRED: Q(
                    accepted_at=None, withdrawn_at=None, expires_at__lte=now
                ),
                InvitationState.WITHDRAWN: Q(accepted_at=None, withdrawn_at__isnull=False),
            }[state]
        )

    def open(self):
        return self.in_state(InvitationState.SENT)


class Invitation(models.Model):
    """A facilitator's invitation for one person to join as a member, by an emailed link that
    works once and expires (accounts.invitations)."""

    name = models.CharField(max_length=150)
    email = models.EmailField()
    organisation = models.CharField(max_length=200, blank=True)
    sector = models.ForeignKey(
        "ajc_sessions.Sector", on_delete=models.SET_NULL, null=True, blank=True
    )
    next_url = models.CharField(
        "page they are invited to",
        max_length=300,
        default="/",
        help_text="Where the link takes them once they have chosen a password, e.g. /findings/.",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_sent",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
        help_text="The account made when the invitation was accepted.",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "email"]
        indexes = [models.Index(fields=["email"], name="invitation_email")]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    def get_absolute_url(self):
        return reverse("admin:accounts_invitation_change", args=[self.pk])

    @property
    def state(self) -> InvitationState:
        if self.accepted_at:
            return InvitationState.ACCEPTED
        if self.withdrawn_at:
            return InvitationState.WITHDRAWN
        if self.expires_at <= timezone.now():
            return InvitationState.EXPIRED
        return InvitationState.SENT


class Person(get_user_model()):
    """People with an account, as facilitators manage them in the admin (accounts.admin):
    a narrower door than Django's own user admin, which stays for administrators."""

    class Meta:
        proxy = True
        ordering = ["username"]
        verbose_name = "person"
        verbose_name_plural = "people"
