"""Learning groups (and other series) and their sessions."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ajc.visibility import Audience, Visibility, audience_for, levels_for

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


ROMAN_NUMERALS = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]  # fmt: skip


def number_in_roman(number: int) -> str:
    """'III', 'XIV': how a university's seminar series may number its events."""
    out = ""
    for value, numeral in ROMAN_NUMERALS:
        count, number = divmod(number, value)
        out += numeral * count
    return out


class LearningGroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The groups a session of which ``user`` may see: an import creates its group at
        upload, and until a session of it is published its name, introduction and schedule
        are the facilitators' alone (who see every group, one without sessions too)."""
        if audience_for(user) == Audience.FACILITATOR:
            return self.all()
        sessions = Session.objects.filter(
            group=models.OuterRef("pk"), visibility__in=levels_for(user)
        )
        return self.filter(models.Exists(sessions))


class LearningGroup(models.Model):
    """A learning group or a series (of seminars, round tables…), with its report frame: how its
    reports name it and number its events."""

    class NumberStyle(models.TextChoices):
        DIGITS = "digits", "Digits (Session 4)"
        WORDS = "words", "Words (Seminar Four)"
        ROMAN = "roman", "Roman numerals (Seminar III)"

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

    objects = LearningGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [("set_up_series", "Can set up learning groups, series and sectors")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("sessions:group_detail", kwargs={"group_slug": self.slug})

    def event_name(self, number: int) -> str:
        """'Session 4' or 'Seminar Four', as the group's reports number their events."""
        shown = {
            self.NumberStyle.WORDS: number_in_words,
            self.NumberStyle.ROMAN: number_in_roman,
        }.get(self.number_style, str)(number)
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
