"""What members follow, how often their digests come, and what they have been sent."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .risks import TrackedRisk


class Frequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    # Following without email: the feeds and the "Following" page only.
    NEVER = "never", "Never"


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
