"""Learning groups, their round-table sessions, and who attended (by sector, never by name)."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ajc.visibility import Visibility, levels_for

NUMBER_WORDS = [
    "Zero",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
]
TENS_WORDS = [
    "_",
    "_",
    "Twenty",
    "Thirty",
    "Forty",
    "Fifty",
    "Sixty",
    "Seventy",
    "Eighty",
    "Ninety",
]


def number_in_words(number: int) -> str:
    """'Four', 'Twenty-One': how some series number their events (up to 99, then digits)."""
    if number < 20:
        return NUMBER_WORDS[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return TENS_WORDS[tens] + (f"-{NUMBER_WORDS[ones]}" if ones else "")
    return str(number)


class LearningGroup(models.Model):
    """A learning group or a series (of seminars, round tables…), with its report frame: how its
    reports name it and number its events."""

    class NumberStyle(models.TextChoices):
        DIGITS = "digits", "Digits (Session 4)"
        WORDS = "words", "Words (Seminar Four)"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    organisation = models.CharField(max_length=200, default="Academy for Justice Commissioning")
    focus = models.CharField(
        max_length=300, help_text="The area of commissioning the group looks at."
    )
    introduction = models.TextField(
        help_text="The text about the group that opens every report (Markdown)."
    )
    inaugural_meeting = models.DateField(null=True, blank=True)
    inaugural_location = models.CharField(max_length=200, blank=True)
    findings_sharing = models.TextField(
        blank=True, help_text="How the group's findings will be shared (Markdown)."
    )
    series_title = models.CharField(
        max_length=200,
        blank=True,
        default="Round Table Action Learning",
        help_text="The series as the title block names it, e.g. 'Round Table Action Learning' "
        "or 'ESRC Seminar Series: Commissioning Justice'.",
    )
    report_kind = models.CharField(
        max_length=100,
        blank=True,
        help_text="What the report calls itself, if it says, e.g. 'Seminar report'.",
    )
    event_word = models.CharField(
        max_length=60,
        default="Session",
        help_text="The word for one event: 'Session', 'Seminar', 'Round table'.",
    )
    heading_prefix = models.CharField(
        max_length=100,
        blank=True,
        default="Round Table Action Learning",
        help_text="Words before the event word in each session's heading "
        "('Round Table Action Learning' Session 2: Localism); often empty.",
    )
    number_style = models.CharField(max_length=6, choices=NumberStyle, default=NumberStyle.DIGITS)
    schedule_caption = models.CharField(
        max_length=200,
        default="The group’s round-table sessions",
        help_text="The caption of the schedule table in the introduction.",
    )
    conclusion_heading = models.CharField(
        max_length=100,
        default="Conclusion",
        help_text="The heading of each session's closing part: 'Conclusion', "
        "'Concluding deliberations'.",
    )

    class Meta:
        ordering = ["name"]
        permissions = [("set_up_series", "Can set up learning groups, series and sectors")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("sessions:group_detail", kwargs={"group_slug": self.slug})

    def event_name(self, number: int) -> str:
        """'Session 4' or 'Seminar Four', as the group's reports number their events."""
        shown = number_in_words(number) if self.number_style == self.NumberStyle.WORDS else number
        return f"{self.event_word} {shown}"


class SessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(visibility__in=levels_for(user))


class Session(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"

    class DatePrecision(models.TextChoices):
        MONTH = "month", "Month"
        DAY = "day", "Day"

    group = models.ForeignKey(LearningGroup, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    subject = models.CharField(max_length=300, help_text="As in the group's schedule.")
    heading_subject = models.CharField(
        max_length=300,
        blank=True,
        help_text="The subject as the session's own heading gives it, if it differs.",
    )
    location = models.CharField(max_length=200, blank=True)
    # Empty only for a draft imported from a report that states no date (never made up): the
    # admin form asks for it, and an import is not published without it.
    date = models.DateField(
        null=True, help_text="For a month, give any day in it and choose 'Month'."
    )
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.PLANNED,
        help_text="On the add page, 'Held' is chosen for you when the date has passed.",
    )
    visibility = models.CharField(max_length=10, choices=Visibility, default=Visibility.DRAFT)
    report_note = models.TextField(
        blank=True,
        help_text="A sentence for the report, e.g. why sessions were combined in one report.",
    )
    venue = models.CharField(
        max_length=200, blank=True, help_text="The host or venue, e.g. a university."
    )
    authors = models.CharField(
        max_length=300,
        blank=True,
        help_text="The report's authors as the report names them. Authors and programme "
        "speakers are public; participants are never named.",
    )
    show_register = models.BooleanField(
        default=False,
        help_text="Print a compact register of the session's risks and recommendations "
        "(numbered short statements with page references) after its conclusion.",
    )
    focus = models.TextField(blank=True, help_text="The opening paragraph on the focus (Markdown).")
    circumstances = models.TextField(
        blank=True, help_text="Anything unusual about the session, e.g. a shortened event."
    )
    learning_points_intro = models.TextField(blank=True)
    risks_intro = models.TextField(blank=True)
    conclusion = models.TextField(blank=True, help_text="Markdown.")
    facilitator_notes = models.TextField(
        blank=True, help_text="Private to facilitators: never shown on the site or in a report."
    )
    revision = models.PositiveIntegerField(
        default=1, editable=False, help_text="Goes up whenever the session or an item changes."
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["revision"])
    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["group__name", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "number"], name="session_number_unique_in_group"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="session_number_positive"),
            models.CheckConstraint(
                condition=~Q(status="planned") | Q(conclusion=""),
                name="planned_session_has_no_conclusion",
                violation_error_message="A planned session cannot have a conclusion yet.",
            ),
        ]
        indexes = [
            models.Index(fields=["visibility", "date"], name="session_visibility_date"),
        ]
        permissions = [
            ("view_draft_content", "Can see draft sessions and items on the site"),
            ("publish_session", "Can publish and unpublish sessions"),
        ]

    def __str__(self):
        return f"{self.group.name} — Session {self.number}: {self.subject}"

    def save(self, *args, **kwargs):
        if self.visibility != Visibility.DRAFT and self.published_at is None:
            self.published_at = timezone.now()
        if self.pk and not self._state.adding:
            self.revision = F("revision") + 1
        super().save(*args, **kwargs)
        if hasattr(self.revision, "resolve_expression"):
            self.refresh_from_db(fields=["revision"])

    def get_absolute_url(self):
        return reverse(
            "reports:session_detail",
            kwargs={"group_slug": self.group.slug, "number": self.number},
        )

    @property
    def event_name(self):
        return self.group.event_name(self.number)

    @property
    def title(self):
        return f"{self.event_name}: {self.subject}"

    @property
    def report_heading(self):
        words = [self.group.heading_prefix, self.event_name]
        heading = " ".join(word for word in words if word)
        return f"{heading}: {self.heading_subject or self.subject}"

    @property
    def date_display(self):
        if self.date is None:
            return "Date not given"
        if self.date_precision == self.DatePrecision.MONTH:
            return self.date.strftime("%B %Y")
        return f"{self.date.day} {self.date.strftime('%B %Y')}"

    def touch(self):
        """Mark the session's content changed (an item, figure or attendance row was edited)."""
        Session.objects.filter(pk=self.pk).update(
            revision=F("revision") + 1, updated_at=timezone.now()
        )


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


def figure_upload_to(instance, filename):
    # Stored under a generated name: the uploader's file name never reaches the disk.
    import uuid

    return f"figures/{uuid.uuid4().hex}.png"


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
