"""The parts of a session: its topic headings, who attended (by sector, never by name), its
figures and its programme with its speakers."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from . import figure_upload_to
from .groups import Session


class TopicHeading(models.Model):
    """A heading the discussion sits under in the report ("Payment by Results")."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="topics")

    class Level(models.IntegerChoices):
        HEADING = 1, "Heading"
        SUBHEADING = 2, "Sub-heading"

    title = models.CharField(max_length=300)
    introduction = models.TextField(blank=True, help_text="Markdown.")
    order = models.PositiveIntegerField(default=0)
    level = models.PositiveSmallIntegerField(choices=Level, default=Level.HEADING)

    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "title"], name="topic_title_unique_in_session"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.session.get_absolute_url()}#topic-{self.pk}"


class Sector(models.Model):
    """A participant sector: public, private, voluntary and community, academic, …"""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("findings:item_list") + f"?sector={self.slug}"


# Fewer people than this from one sector at a session, and naming that sector as the one that
# voiced a point would single one of them out: the public side never names it (findings'
# ``named_voices``). The headcount itself may be shown; the attribution may not.
SMALLEST_NAMED_SECTOR = 3


class AttendanceQuerySet(models.QuerySet):
    def too_small_to_name(self):
        """Rows whose sector had so few people present that it is never named as having voiced
        a point of that session (a headcount left empty names nobody: the reader is not told
        how many were there)."""
        return self.filter(headcount__lt=SMALLEST_NAMED_SECTOR)


class Attendance(models.Model):
    """A sector present at a session, and how many from it if the report says. Never who: the
    model has no place for a participant's name."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="attendance")
    headcount = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Leave empty when the report only says it was present. With fewer than "
        f"{SMALLEST_NAMED_SECTOR}, members are never told that this sector voiced a point.",
    )

    history = HistoricalRecords()
    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["session", "sector__order"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["session", "sector"], name="attendance_one_row_per_sector"
            ),
            models.CheckConstraint(
                condition=Q(headcount__gte=0), name="attendance_headcount_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.sector}: {'present' if self.headcount is None else self.headcount}"

    @property
    def too_small_to_name(self) -> bool:
        return self.headcount is not None and self.headcount < SMALLEST_NAMED_SECTOR


class Figure(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="figures")
    number = models.PositiveSmallIntegerField()
    image = models.ImageField(upload_to=figure_upload_to)
    caption = models.CharField(max_length=300)
    alt_text = models.TextField(
        help_text="Describe what the figure shows for people who cannot see it. Required."
    )
    order = models.PositiveIntegerField(
        default=0,
        help_text="Its place in the report: it prints after the item with this place number "
        "(0: before the first).",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "number"], name="figure_number_unique_in_session"
            ),
            models.CheckConstraint(condition=~Q(alt_text=""), name="figure_has_alt_text"),
        ]

    def __str__(self):
        return f"Figure {self.number}: {self.caption}"

    def get_absolute_url(self):
        return f"{self.session.get_absolute_url()}#figure-{self.number}"

    @property
    def dimensions(self):
        """(width, height) for the page's layout; a missing file must not break the page."""
        try:
            return self.image.width, self.image.height
        except (OSError, ValueError):
            return 1600, 1000


class ProgrammeRow(models.Model):
    """A row of a session's programme: a time, a title and its speakers (public presenters)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="programme")
    order = models.PositiveIntegerField(default=0)
    time = models.CharField(max_length=40, blank=True, help_text="As printed, e.g. '10.30'.")
    title = models.CharField(max_length=300)

    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "order", "pk"]
        verbose_name = "programme row"

    def __str__(self):
        return f"{self.time} {self.title}".strip()

    def get_absolute_url(self):
        return f"{self.session.get_absolute_url()}#programme"


class Speaker(models.Model):
    """A named presenter on a programme row. Speakers present in public and are named in the
    programme; participants in the discussion are never named anywhere."""

    row = models.ForeignKey(ProgrammeRow, on_delete=models.CASCADE, related_name="speakers")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["row", "order", "pk"]

    def __str__(self):
        return ", ".join(part for part in (self.name, self.role, self.organisation) if part)


# A session's parts, deleted with it and recovered with it, in the order they come back.
SESSION_PARTS = (TopicHeading, Attendance, Figure, ProgrammeRow)
