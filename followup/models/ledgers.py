"""Each recommendation's follow-up ledger: its response, rating, timeline and evidence."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ajc.visibility import Visibility, levels_for
from findings.briefs import FollowUpStatus
from findings.models import Item

CHANGE_STATUS_PERMISSION = "followup.change_response_status"


class ResponseStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    ACCEPTED_IN_PRINCIPLE = "accepted_in_principle", "Accepted in principle"
    NOT_ACCEPTED = "not_accepted", "Not accepted"
    NO_RESPONSE = "no_response", "No response recorded"


# Nothing recorded yet: no response (proposed, or marked as none), and no rating.
UNANSWERED = (ResponseStatus.PROPOSED, ResponseStatus.NO_RESPONSE)

# A response says someone answered: who and when must be given.
ANSWERED = (
    ResponseStatus.ACCEPTED,
    ResponseStatus.ACCEPTED_IN_PRINCIPLE,
    ResponseStatus.NOT_ACCEPTED,
)


class Rating(models.TextChoices):
    """The World Bank's Management Action Record scale for how far a recommendation was acted
    on, best first."""

    COMPLETE = "complete", "Complete"
    HIGH = "high", "High"
    SUBSTANTIAL = "substantial", "Substantial"
    MODERATE = "moderate", "Moderate"
    NEGLIGIBLE = "negligible", "Negligible"
    NOT_RATED = "not_rated", "Not yet rated"


class FollowUpQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(recommendation__in=Item.objects.visible_to(user))

    def with_status(self, status):
        return self.filter(status=status) if status else self

    def recorded(self):
        """Ledgers where something has been recorded: a response or a rating."""
        return self.exclude(status__in=UNANSWERED, rating=Rating.NOT_RATED)

    def with_rating(self, rating):
        return self.filter(rating=rating) if rating else self

    def reviews_due(self, today=None, within_days=30):
        """Ledgers whose review date has passed or falls within ``within_days``."""
        today = today or timezone.localdate()
        return self.filter(review_date__lte=today + datetime.timedelta(days=within_days))


class FollowUp(models.Model):
    """The follow-up ledger of one recommendation: the response to it, how far it has been
    acted on, the evidence, and when to look at it again."""

    recommendation = models.OneToOneField(
        "findings.Item",
        on_delete=models.CASCADE,
        related_name="follow_up",
        limit_choices_to={"kind": Item.Kind.RECOMMENDATION},
    )
    status = models.CharField(
        "response", max_length=24, choices=ResponseStatus, default=ResponseStatus.PROPOSED
    )
    responded_by = models.CharField(
        "who responded",
        max_length=200,
        blank=True,
        help_text="An organisation or a role (e.g. 'Ministry of Justice commissioning "
        "directorate', 'Police and crime commissioners'), never a person's name: the group's "
        "discussion is non-attributed, and so is what happened next.",
    )
    responded_on = models.DateField("when", null=True, blank=True)
    rating = models.CharField(
        "implementation", max_length=12, choices=Rating, default=Rating.NOT_RATED
    )
    review_date = models.DateField(
        null=True,
        blank=True,
        help_text="When facilitators should look at it again. A date in the past is allowed "
        "and shown as overdue.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    # Kept so that recovering a deleted session or item brings it back (followup.recovery).
    history = HistoricalRecords()
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["recommendation__session", "recommendation__order", "pk"]
        verbose_name = "follow-up ledger"
        permissions = [("change_response_status", "Can change a recommendation's response")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=ANSWERED)
                | (~Q(responded_by="") & Q(responded_on__isnull=False)),
                name="followup_response_says_who_and_when",
                violation_error_message="A response needs who responded and when.",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "rating"], name="followup_status_rating"),
            models.Index(fields=["review_date"], name="followup_review_date"),
        ]

    def __str__(self):
        return f"Follow-up of {self.recommendation.summary[:80]}"

    def get_absolute_url(self):
        return reverse("followup:recommendation", kwargs={"pk": self.recommendation_id})

    @property
    def recorded(self) -> bool:
        """Whether anything has been recorded: a response or a rating."""
        return self.status not in UNANSWERED or self.rating != Rating.NOT_RATED

    def clean(self):
        errors = {}
        if self.status in ANSWERED:
            if not self.responded_by.strip():
                errors["responded_by"] = "Say who responded: an organisation or a role."
            if self.responded_on is None:
                errors["responded_on"] = "Say when they responded."
        if self.responded_on and self.responded_on > timezone.localdate():
            errors["responded_on"] = "A response cannot be dated in the future."
        if errors:
            raise ValidationError(errors)

    @property
    def review_overdue(self) -> bool:
        return self.review_date is not None and self.review_date < timezone.localdate()

    def visible_evidence(self, user):
        return self.evidence.visible_to(user)


def _status(ledger) -> FollowUpStatus:
    return FollowUpStatus(
        response=ledger.get_status_display(),
        responded_by=ledger.responded_by,
        responded_on=ledger.responded_on,
        implementation=ledger.get_rating_display(),
        url=ledger.get_absolute_url(),
        recorded=ledger.recorded,
    )


def status_of_row(recommendation) -> FollowUpStatus | None:
    """A listed recommendation's status, from the ledger joined to its row (``findings.joined``):
    a ledger is exactly as visible as its recommendation, which the reader sees already."""
    try:
        ledger = recommendation.follow_up
    except FollowUp.DoesNotExist:
        return None
    return _status(ledger) if ledger is not None else None


def statuses_for_briefs(recommendation_ids, user) -> dict[int, FollowUpStatus]:
    """What a theme brief (``findings.briefs``) shows of each recommendation's follow-up: its
    response and implementation, for the ledgers the reader may see. Evidence, which has a
    visibility of its own, stays on the recommendation's timeline. Registered in
    ``followup.apps``."""
    ledgers = FollowUp.objects.visible_to(user).filter(recommendation_id__in=recommendation_ids)
    return {ledger.recommendation_id: _status(ledger) for ledger in ledgers.order_by()}


class LedgerEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(follow_up__in=FollowUp.objects.visible_to(user))


class LedgerEntry(models.Model):
    """One line of a ledger's timeline: its response and rating as they stood after a change.

    Written after each change to the ledger (``followup.edits``), never by hand.
    """

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="entries")
    status = models.CharField(max_length=24, choices=ResponseStatus)
    responded_by = models.CharField(max_length=200, blank=True)
    responded_on = models.DateField(null=True, blank=True)
    rating = models.CharField(max_length=12, choices=Rating)
    recorded_at = models.DateTimeField(default=timezone.now)

    # Kept so that recovering a deleted session or item brings it back (followup.recovery).
    history = HistoricalRecords()
    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name_plural = "ledger entries"
        indexes = [models.Index(fields=["recorded_at"], name="ledgerentry_recorded")]

    def __str__(self):
        return f"{self.get_status_display()}, {self.get_rating_display()}"

    @property
    def date(self):
        return self.responded_on or timezone.localdate(self.recorded_at)


class EvidenceQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(
            visibility__in=levels_for(user), follow_up__in=FollowUp.objects.visible_to(user)
        )


class Evidence(models.Model):
    """Something that happened about a recommendation, dated, with a link to show it."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="evidence")
    date = models.DateField(help_text="When it happened.")
    what = models.TextField("what happened", help_text="In a sentence or two.")
    link = models.URLField(
        blank=True,
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Where it can be read: an http:// or https:// address.",
    )
    visibility = models.CharField(
        max_length=10,
        choices=Visibility,
        default=Visibility.PUBLIC,
        help_text="Never more visible than its recommendation.",
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    # Kept so that recovering a deleted session or item brings it back (followup.recovery).
    history = HistoricalRecords()
    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = "evidence entry"
        verbose_name_plural = "evidence entries"
        indexes = [models.Index(fields=["recorded_at"], name="evidence_recorded")]

    def __str__(self):
        return f"{self.date:%d %B %Y}: {self.what[:60]}"

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": "Evidence is of what has happened: not a future date."})


# Risks across sessions ---------------------------------------------------------------------
