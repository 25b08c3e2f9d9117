"""Items: learning points, risks, recommendations and questions raised, in one table, with
their themes, history and the proxies of each kind."""

import datetime

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import ItemBase

from ajc.visibility import Visibility, levels_for
from sessions.models import Attendance

from ..search import DocumentVector
from .vocabulary import Party, Theme


class RelationsSnapshot(models.Model):
    """Each historical record of an item also keeps what it is linked to in other tables: its
    themes (taggit's table), the sectors that voiced it, the risks it answers and the
    recommendations that answer it, so a revert or a recovery brings them all back
    (``findings.history``, ``findings.recovery``)."""

    theme_slugs = models.CharField(max_length=2000, blank=True, default="")
    sector_ids = models.CharField(max_length=2000, blank=True, default="")
    answer_ids = models.CharField(max_length=2000, blank=True, default="")
    answered_by_ids = models.CharField(max_length=2000, blank=True, default="")

    class Meta:
        abstract = True

    @property
    def theme_slug_list(self) -> list[str]:
        return [slug for slug in self.theme_slugs.split(",") if slug]

    @staticmethod
    def ids(text) -> list[int]:
        return [int(part) for part in text.split(",") if part]


# Kept so the proxies' saves and deletes can be recorded too (simple-history listens to Item's).
ITEM_HISTORY = HistoricalRecords(
    excluded_fields=["search_document", "search_context"], bases=[RelationsSnapshot]
)


class ItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        levels = levels_for(user)
        return self.filter(visibility__in=levels, session__visibility__in=levels)

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def with_theme(self, theme):
        """Items carrying ``theme`` (a Theme or its slug), filtered by the theme's id: given a
        literal id, PostgreSQL's planner uses that theme's own statistics (a rare theme is
        found through the index rather than by walking the whole table)."""
        if not isinstance(theme, Theme):
            theme = Theme.objects.filter(slug=theme).values_list("pk", flat=True).first()
        return self.filter(themed_items__tag_id=getattr(theme, "pk", theme))

    def published_since(self, day):
        return self.filter(
            published_at__gte=timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        )

    def with_any_theme(self, themes):
        """Items tagged with at least one of ``themes``, each once."""
        return self.filter(
            pk__in=ThemedItem.objects.filter(tag__in=themes).values("content_object")
        )


class Item(models.Model):
    class Kind(models.TextChoices):
        FINDING = "finding", "Learning point"
        RISK = "risk", "Risk"
        RECOMMENDATION = "recommendation", "Recommendation"
        QUESTION = "question", "Question raised"

    class SourceSection(models.TextChoices):
        """A passage of the session's own text (not an item) that a risk or recommendation
        comes from."""

        FOCUS = "focus", "The session's opening paragraph"
        CONCLUSION = "conclusion", "The conclusion"

    class Agreement(models.TextChoices):
        UNANIMOUS = "unanimous", "Unanimous"
        BROAD = "broad", "Broad agreement"
        MANY = "many", "Many of the group"
        SOME = "some", "Some of the group"
        CONTESTED = "contested", "Contested"

    class Strength(models.TextChoices):
        STRONG = "strong", "Strongly recommended"
        NORMAL = "normal", "Recommended"
        SUGGESTED = "suggested", "Suggested"

    KIND_ORDER = {Kind.FINDING: 1, Kind.RISK: 2, Kind.RECOMMENDATION: 3, Kind.QUESTION: 4}
    # Kinds that may come from a passage and then hold a short statement, not a copy.
    DRAWN_KINDS = (Kind.RISK, Kind.RECOMMENDATION)

    session = models.ForeignKey(
        "ajc_sessions.Session", on_delete=models.CASCADE, related_name="items"
    )
    topic = models.ForeignKey(
        "ajc_sessions.TopicHeading",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        help_text="The heading it sits under in the report, if any.",
    )
    kind = models.CharField(max_length=20, choices=Kind)
    kind_order = models.PositiveSmallIntegerField(default=1, editable=False)
    order = models.PositiveIntegerField(default=0, help_text="Its place in the report.")
    text = models.TextField(
        blank=True,
        help_text="The report's words (Markdown), printed where the report prints them. Leave "
        "empty for a risk or recommendation drawn from a passage: its statement says it.",
    )
    statement = models.CharField(
        max_length=200,
        blank=True,
        help_text="Risks and recommendations: one line in the group's words, for the risk "
        "register, the recommendations list and the report's register.",
    )
    source = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="drawn",
        help_text="The passage (a learning point or risk of this session) it comes from.",
    )
    source_section = models.CharField(
        max_length=12,
        choices=SourceSection,
        blank=True,
        help_text="Or the part of the session's own text it comes from.",
    )
    visibility = models.CharField(
        max_length=10,
        choices=Visibility,
        default=Visibility.PUBLIC,
        help_text="An item is never more visible than its session.",
    )
    agreement = models.CharField(
        max_length=10,
        choices=Agreement,
        blank=True,
        help_text="Learning points: how far the group agreed.",
    )
    sectors = models.ManyToManyField(
        "ajc_sessions.Sector",
        blank=True,
        related_name="voiced_items",
        help_text="The sectors that voiced it, where the report says so (sectors, never people).",
    )
    exposed = models.CharField(
        max_length=40, choices=Party, blank=True, help_text="Risks: who is exposed."
    )
    audience = models.CharField(
        max_length=40, choices=Party, blank=True, help_text="Recommendations: addressed to whom."
    )
    strength = models.CharField(
        max_length=10, choices=Strength, blank=True, help_text="Recommendations: how strongly."
    )
    answers = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="answered_by",
        limit_choices_to={"kind": Kind.RISK},
        help_text="Recommendations: the risks it answers.",
    )
    # What search finds an item by besides its own words: its session's subject, its topic
    # heading, its themes' names (findings.indexing keeps it in step; issue 14).
    search_context = models.TextField(blank=True, default="", editable=False)
    search_document = models.GeneratedField(
        expression=DocumentVector("text", "search_context"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Denormalised from the session so "what's new" can sort and filter on one indexed column:
    # when the item first became readable (its session published, or it was added to a
    # published session). Set by ``save`` and by ``findings.edits`` (issue 14).
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    themes = TaggableManager(through="findings.ThemedItem", verbose_name="themes", blank=False)
    history = ITEM_HISTORY
    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["session", "kind_order", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="finding") | Q(agreement=""),
                name="only_findings_have_agreement",
            ),
            models.CheckConstraint(
                condition=Q(kind="risk") | Q(exposed=""), name="only_risks_have_exposed"
            ),
            models.CheckConstraint(
                condition=Q(kind="recommendation") | (Q(audience="") & Q(strength="")),
                name="only_recommendations_have_audience",
            ),
            models.CheckConstraint(
                condition=~Q(text="") | ~Q(statement=""),
                name="item_has_text_or_statement",
                violation_error_message="Give the report's words or a short statement.",
            ),
            models.CheckConstraint(
                condition=Q(source__isnull=True) | Q(text=""),
                name="drawn_item_holds_no_copy",
                violation_error_message="An item drawn from a passage holds a short statement, "
                "not a copy of the passage.",
            ),
            models.CheckConstraint(
                condition=Q(source__isnull=True) | Q(source_section=""),
                name="item_has_one_source",
                violation_error_message="Choose a passage or a part of the session, not both.",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "visibility"], name="item_kind_visibility"),
            models.Index(fields=["session", "kind_order", "order"], name="item_report_order"),
            models.Index(fields=["-created_at"], name="item_newest_first"),
            models.Index(fields=["-published_at"], name="item_newest_published"),
            # Facets of a filtered page read these columns of thousands of items, and the ids of
            # its page are sorted by the last two (``ajc.pagination.IdsFirstPaginator``): from
            # this narrow index (PostgreSQL: an index-only scan), not the wide table (issue 11).
            models.Index(
                fields=["id"],
                include=[
                    "visibility",
                    "session",
                    "kind",
                    "agreement",
                    "exposed",
                    "audience",
                    "kind_order",
                    "order",
                ],
                name="item_list_columns",
            ),
        ]

    def __str__(self):
        text = " ".join(self.summary.split())
        return f"{self.get_kind_display()}: {text[:80]}{'…' if len(text) > 80 else ''}"

    def save(self, *args, **kwargs):
        self.kind_order = self.KIND_ORDER[self.kind]
        if self.published_at is None and self.session.published_at is not None:
            self.published_at = max(timezone.now(), self.session.published_at)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("findings:item_detail", kwargs={"pk": self.pk})

    @property
    def summary(self) -> str:
        """What lists show: the short statement where there is one, else the text."""
        return self.statement or self.text

    @property
    def passage_url(self) -> str:
        """Where the group wrote it: its source passage, or itself, in the session's report."""
        anchor = {
            self.SourceSection.FOCUS: f"session-{self.session.number}-heading",
            self.SourceSection.CONCLUSION: f"session-{self.session.number}-conclusion",
        }.get(self.source_section, f"item-{self.source_id or self.pk}")
        return f"{self.session.get_absolute_url()}#{anchor}"

    @property
    def is_drawn(self) -> bool:
        """Drawn from a passage: marked beside it in the report, never printed as a copy."""
        return bool(self.source_id or self.source_section) or not self.text

    @property
    def named_sectors(self) -> list:
        """The sectors members are told voiced it: not one that had too few people at the
        session to be named (``named_voices`` says the same in SQL). Uses the prefetched
        ``sectors`` and ``session.attendance`` (``findings.queries.with_relations``)."""
        unnamed = {row.sector_id for row in self.session.attendance.all() if row.too_small_to_name}
        return [sector for sector in self.sectors.all() if sector.pk not in unnamed]


def named_voices():
    """The rows of "this sector voiced this item" that members may be told: every one except
    where the session records fewer people from that sector than ``SMALLEST_NAMED_SECTOR``.

    The one rule every public count, filter and list uses, so an unnamed attribution is counted
    nowhere and no two filters can be compared to work it back out."""
    unnamed = Attendance.objects.too_small_to_name().filter(
        session=OuterRef("item__session"), sector=OuterRef("sector")
    )
    return Item.sectors.through.objects.filter(~Exists(unnamed))


class ThemedItem(ItemBase):
    tag = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="themed_items")
    content_object = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="themed_items")

    class Meta:
        verbose_name = "themed item"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="theme_once_per_item"),
        ]
        indexes = [models.Index(fields=["tag", "content_object"], name="themeditem_tag_item")]

    def __str__(self):
        return f"{self.tag} on item {self.content_object_id}"


class KindManager(models.Manager):
    def __init__(self, kind):
        super().__init__()
        self.kind = kind

    def get_queryset(self):
        return ItemQuerySet(self.model, using=self._db).filter(kind=self.kind)


class KindMixin:
    """Fixes the kind of a proxy's items, whatever form saved them."""

    KIND: str

    def save(self, *args, **kwargs):
        self.kind = self.KIND
        super().save(*args, **kwargs)


class Finding(KindMixin, Item):
    KIND = Item.Kind.FINDING
    objects = KindManager(KIND)

    class Meta:
        proxy = True
        verbose_name = "learning point"


class Risk(KindMixin, Item):
    KIND = Item.Kind.RISK
    objects = KindManager(KIND)

    class Meta:
        proxy = True


class Recommendation(KindMixin, Item):
    KIND = Item.Kind.RECOMMENDATION
    objects = KindManager(KIND)

    class Meta:
        proxy = True


class Question(KindMixin, Item):
    """A question the session raised and left open: neither a finding nor a risk."""

    KIND = Item.Kind.QUESTION
    objects = KindManager(KIND)

    class Meta:
        proxy = True
        verbose_name = "question raised"
        verbose_name_plural = "questions raised"


# Why a signal: simple-history records history through its own receivers, connected to the model
# it is declared on; a proxy's save (the admin's pages by kind) is sent with the proxy as sender.
for _proxy in (Finding, Risk, Recommendation, Question):
    _proxy._meta.simple_history_manager_attribute = "history"
    models.signals.post_save.connect(ITEM_HISTORY.post_save, sender=_proxy, weak=False)
    models.signals.pre_delete.connect(ITEM_HISTORY.pre_delete, sender=_proxy, weak=False)
    models.signals.post_delete.connect(ITEM_HISTORY.post_delete, sender=_proxy, weak=False)
