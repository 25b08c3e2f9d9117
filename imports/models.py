"""An uploaded report and what the import proposed from it, for the facilitator to review."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from findings.models import Item, Party
from sessions.models import LearningGroup, Session


def document_upload_to(instance, filename):
    # Stored under a generated name: the uploader's file name never reaches the disk.
    return f"imports/{uuid.uuid4().hex}.{instance.format or 'bin'}"


class ImportedReport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be read"
        READING = "reading", "Being read"
        READY = "ready", "Ready to review"
        FAILED = "failed", "Could not be imported"

    group = models.ForeignKey(
        LearningGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports"
    )
    new_group_name = models.CharField(max_length=200, blank=True)
    document = models.FileField(upload_to=document_upload_to)
    original_name = models.CharField(max_length=255)
    format = models.CharField(max_length=8, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    message = models.TextField(blank=True)
    extracted = models.JSONField(default=dict, blank=True, editable=False)
    sessions = models.ManyToManyField(Session, blank=True, related_name="imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When the worker last started reading it, and how often it has: a reading that started
    # long ago stopped with its worker (imports.tasks.sweep_stale_imports).
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("admin:imports_importedreport_review", args=[self.pk])


class Proposal(models.Model):
    """One record the import proposes: a learning point, risk or recommendation."""

    class Decision(models.TextChoices):
        PENDING = "pending", "To review"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        MERGED = "merged", "Merged"

    report = models.ForeignKey(ImportedReport, on_delete=models.CASCADE, related_name="proposals")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=20, choices=Item.Kind)
    order = models.PositiveIntegerField(default=0)
    text = models.TextField()
    statement = models.TextField(blank=True, help_text="A short statement proposed for it.")
    cue = models.CharField(max_length=300, blank=True, help_text="What produced the proposal.")
    paragraph = models.PositiveIntegerField(help_text="Index of the document's paragraph.")
    topic_title = models.CharField(max_length=300, blank=True)
    agreement = models.CharField(max_length=10, choices=Item.Agreement, blank=True)
    party = models.CharField(max_length=40, choices=Party, blank=True)
    strength = models.CharField(max_length=10, choices=Item.Strength, blank=True)
    themes = models.JSONField(default=list, blank=True)
    sectors = models.JSONField(default=list, blank=True)
    decision = models.CharField(max_length=10, choices=Decision, default=Decision.PENDING)
    merged_into = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True)
    item = models.ForeignKey(Item, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["report", "session__number", "order"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.statement or self.text[:80]}"

    def get_absolute_url(self):
        return f"{self.report.get_absolute_url()}#proposal-{self.pk}"


def proposed_figure_upload_to(instance, filename):
    # Re-encoded as PNG on import, under a generated name.
    return f"imports/figures/{uuid.uuid4().hex}.png"


class ProposedFigure(models.Model):
    """A picture found in a Word report, proposed as a figure of its session. A figure needs
    alt text (sessions.Figure refuses one without), which only the facilitator can write: it
    waits here until they write it and accept, or reject it."""

    class Decision(models.TextChoices):
        PENDING = "pending", "Needs alt text"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    report = models.ForeignKey(ImportedReport, on_delete=models.CASCADE, related_name="figures")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="proposed_figures")
    number = models.PositiveSmallIntegerField()
    image = models.ImageField(upload_to=proposed_figure_upload_to)
    caption = models.CharField(max_length=300, blank=True)
    paragraph = models.PositiveIntegerField(help_text="Index of the document's block.")
    order = models.PositiveIntegerField(
        default=0, help_text="The place of the item it follows (as sessions.Figure.order)."
    )
    decision = models.CharField(max_length=10, choices=Decision, default=Decision.PENDING)
    figure = models.ForeignKey(
        "ajc_sessions.Figure", on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["report", "session__number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "session", "number"], name="proposed_figure_number_unique"
            ),
        ]

    def __str__(self):
        return f"Figure {self.number}: {self.caption}".rstrip(": ")

    def get_absolute_url(self):
        return f"{self.report.get_absolute_url()}#figure-{self.pk}"
