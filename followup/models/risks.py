"""Risks tracked across sessions and groups: observations on the Orange Book 5×5 scale, each
risk's trajectory, and the heat map."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ajc.visibility import Visibility, levels_for
from findings.models import Item, Party


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

    # Kept so that recovering a deleted session or item brings it back (followup.recovery).
    history = HistoricalRecords()
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
