"""What happened next: each recommendation's follow-up ledger, risks tracked across sessions,
and what members follow and have been sent.

Nothing here is more visible than what it is about: a ledger is seen by who sees its
recommendation, an evidence entry and a risk observation carry their own visibility too, and
every QuerySet's ``visible_to(user)`` combines both through ``ajc.visibility``.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ajc.visibility import Visibility, levels_for
from findings.briefs import FollowUpStatus
from findings.models import Item, Party

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

    Written by the ledger's save (``followup.signals``), never by hand.
    """

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="entries")
    status = models.CharField(max_length=24, choices=ResponseStatus)
    responded_by = models.CharField(max_length=200, blank=True)
    responded_on = models.DateField(null=True, blank=True)
    rating = models.CharField(max_length=12, choices=Rating)
    recorded_at = models.DateTimeField(default=timezone.now)

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


class Likelihood(models.IntegerChoices):
    """Likelihood on the five-point scale used with HM Treasury's Orange Book."""

    RARE = 1, "Rare"
    UNLIKELY = 2, "Unlikely"
    POSSIBLE = 3, "Possible"
    LIKELY = 4, "Likely"
    ALMOST_CERTAIN = 5, "Almost certain"


class Impact(models.IntegerChoices):
    """Impact on the five-point scale used with HM Treasury's Orange Book."""

    INSIGNIFICANT = 1, "Insignificant"
    MINOR = 2, "Minor"
    MODERATE = 3, "Moderate"
    MAJOR = 4, "Major"
    CATASTROPHIC = 5, "Catastrophic"


def risk_level(score: int | None) -> str:
    """The words for a likelihood × impact score (1–25)."""
    if score is None:
        return "Not assessed"
    if score >= 20:
        return "Very high"
    if score >= 10:
        return "High"
    if score >= 5:
        return "Medium"
    return "Low"


class Stage(models.TextChoices):
    RAISED = "raised", "Raised"
    REVISITED = "revisited", "Revisited"
    ESCALATED = "escalated", "Escalated"
    MITIGATED = "mitigated", "Mitigated"
    CLOSED = "closed", "Closed"


class TrackedRiskQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Risks with at least one observation the reader may see."""
        return self.filter(
            pk__in=Observation.objects.visible_to(user).values("tracked_risk")
        ).distinct()


class TrackedRisk(models.Model):
    """One risk followed from session to session, and from group to group."""

    title = models.CharField(
        max_length=200, help_text="One line in the groups' words, as the register shows it."
    )
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrackedRiskQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = "tracked risk"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("followup:risk_detail", kwargs={"slug": self.slug})

    def trajectory(self, user):
        """The observations the reader may see, oldest first, as a Trajectory."""
        return Trajectory(list(self.observations.visible_to(user).select_related("session__group")))


class ObservationQuerySet(models.QuerySet):
    def visible_to(self, user):
        levels = levels_for(user)
        return self.filter(visibility__in=levels, session__visibility__in=levels).filter(
            Q(risk__isnull=True) | Q(risk__in=Item.objects.visible_to(user))
        )


class Observation(models.Model):
    """A tracked risk as one session saw it."""

    tracked_risk = models.ForeignKey(
        TrackedRisk, on_delete=models.CASCADE, related_name="observations"
    )
    session = models.ForeignKey(
        "ajc_sessions.Session", on_delete=models.CASCADE, related_name="risk_observations"
    )
    risk = models.ForeignKey(
        "findings.Item",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        limit_choices_to={"kind": Item.Kind.RISK},
        help_text="The risk as that session's report states it, if it does.",
    )
    stage = models.CharField(max_length=10, choices=Stage, default=Stage.RAISED)
    likelihood = models.PositiveSmallIntegerField(
        choices=Likelihood,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="Leave empty where nobody assessed it (the pilot's reports do not).",
    )
    impact = models.PositiveSmallIntegerField(
        choices=Impact,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    exposed = models.CharField(max_length=40, choices=Party, help_text="Who is exposed.")
    note = models.TextField(blank=True, help_text="What the session said about it this time.")
    visibility = models.CharField(
        max_length=10,
        choices=Visibility,
        default=Visibility.PUBLIC,
        help_text="Never more visible than its session (or its risk).",
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["session__date", "session__number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__isnull=True, impact__isnull=True)
                | Q(
                    likelihood__isnull=False,
                    impact__isnull=False,
                    likelihood__gte=1,
                    likelihood__lte=5,
                    impact__gte=1,
                    impact__lte=5,
                ),
                name="observation_scored_on_five_by_five_or_not_at_all",
                violation_error_message="Give both likelihood and impact, or neither.",
            ),
            models.UniqueConstraint(
                fields=["tracked_risk", "session"], name="observation_once_per_session"
            ),
        ]
        indexes = [models.Index(fields=["recorded_at"], name="observation_recorded")]

    def __str__(self):
        return f"{self.tracked_risk}: {self.get_stage_display()} in {self.session}"

    def clean(self):
        if self.risk_id and self.session_id and self.risk.session_id != self.session_id:
            raise ValidationError({"risk": "Choose a risk from this observation's session."})

    @property
    def score(self) -> int | None:
        if self.likelihood is None or self.impact is None:
            return None
        return self.likelihood * self.impact

    @property
    def level(self) -> str:
        return risk_level(self.score)


class Trajectory:
    """A tracked risk's path as one reader may see it: state, trend, history."""

    def __init__(self, observations):
        self.observations = observations

    def __bool__(self):
        return bool(self.observations)

    @property
    def latest(self):
        return self.observations[-1] if self.observations else None

    @property
    def state(self) -> str:
        return self.latest.get_stage_display() if self.latest else ""

    @property
    def trend(self) -> str:
        """'Rising', 'Falling', 'Steady' (by the last two scored observations), 'Closed',
        'New' (seen once) or 'Not assessed'."""
        if not self.observations:
            return ""
        if self.latest.stage == Stage.CLOSED:
            return "Closed"
        scored = [o.score for o in self.observations if o.score is not None]
        if len(self.observations) == 1:
            return "New"
        if len(scored) < 2:
            return "Not assessed"
        if scored[-1] > scored[-2]:
            return "Rising"
        if scored[-1] < scored[-2]:
            return "Falling"
        return "Steady"

    @property
    def groups(self):
        return sorted({o.session.group.name for o in self.observations})


class HeatMap:
    """Tracked risks by their latest visible observation's likelihood and impact: rows are
    impact (highest first), columns likelihood, and every cell says its count and level in
    words."""

    def __init__(self, trajectories):
        self.cells = {}
        self.not_assessed = []
        for risk, trajectory in trajectories:
            latest = trajectory.latest
            if latest is None or latest.stage == Stage.CLOSED:
                continue
            if latest.score is None:
                self.not_assessed.append(risk)
                continue
            self.cells.setdefault((latest.likelihood, latest.impact), []).append(risk)

    @property
    def total(self):
        return sum(len(risks) for risks in self.cells.values())

    def rows(self):
        for impact in reversed(Impact):
            cells = []
            for likelihood in Likelihood:
                risks = self.cells.get((likelihood.value, impact.value), [])
                score = likelihood.value * impact.value
                cells.append(
                    {
                        "risks": risks,
                        "count": len(risks),
                        "level": risk_level(score),
                        "level_class": risk_level(score).lower().replace(" ", "-"),
                        "score": score,
                        "likelihood": likelihood,
                        "words": (
                            f"{len(risks)} {'risk' if len(risks) == 1 else 'risks'}"
                            f" ({risk_level(score).lower()}: {likelihood.label.lower()}"
                            f" × {impact.label.lower()})"
                        ),
                    }
                )
            yield {"impact": impact, "cells": cells}


# Members told when things change -----------------------------------------------------------


class Frequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


class Follow(models.Model):
    """A member follows one thing: a recommendation, a tracked risk, a theme or a group."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    recommendation = models.ForeignKey(
        "findings.Item", on_delete=models.CASCADE, null=True, blank=True, related_name="followers"
    )
    tracked_risk = models.ForeignKey(
        TrackedRisk, on_delete=models.CASCADE, null=True, blank=True, related_name="followers"
    )
    theme = models.ForeignKey(
        "findings.Theme", on_delete=models.CASCADE, null=True, blank=True, related_name="followers"
    )
    group = models.ForeignKey(
        "ajc_sessions.LearningGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    TARGETS = ("recommendation", "tracked_risk", "theme", "group")

    class Meta:
        ordering = ["user", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recommendation__isnull=False, tracked_risk=None, theme=None, group=None)
                | Q(recommendation=None, tracked_risk__isnull=False, theme=None, group=None)
                | Q(recommendation=None, tracked_risk=None, theme__isnull=False, group=None)
                | Q(recommendation=None, tracked_risk=None, theme=None, group__isnull=False),
                name="follow_exactly_one_thing",
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", target],
                    condition=Q(**{f"{target}__isnull": False}),
                    name=f"follow_{target}_once",
                )
                for target in ("recommendation", "tracked_risk", "theme", "group")
            ),
        ]

    def __str__(self):
        return f"{self.user} follows {self.target}"

    @property
    def target(self):
        return next(getattr(self, name) for name in self.TARGETS if getattr(self, f"{name}_id"))

    @property
    def target_kind(self):
        return next(name for name in self.TARGETS if getattr(self, f"{name}_id"))


class DigestPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    frequency = models.CharField(max_length=6, choices=Frequency, default=Frequency.WEEKLY)
    subscribed = models.BooleanField(
        default=True, help_text="Off after the member unsubscribes from an email."
    )

    class Meta:
        ordering = ["user"]

    def __str__(self):
        return f"{self.user}: {self.get_frequency_display()}"


class DigestSent(models.Model):
    """One member's digest for one period: written in the same transaction that claims the
    period, before the email leaves, so a worker that dies and starts again never sends it a
    second time (at most once: a digest whose ``delivered_at`` stayed empty was claimed and
    may not have left; it is listed in the admin, never resent)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests_sent"
    )
    frequency = models.CharField(max_length=6, choices=Frequency)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    changes = models.JSONField(default=list, help_text="What the digest listed.")
    claimed_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_start", "user"]
        verbose_name = "digest sent"
        verbose_name_plural = "digests sent"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "frequency", "period_start"], name="one_digest_per_member_period"
            ),
        ]

    def __str__(self):
        frequency = self.get_frequency_display()
        return f"{frequency} digest to {self.user} from {self.period_start:%Y-%m-%d}"
