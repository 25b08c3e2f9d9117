"""Load a group document (see docs/content-format.md) into this database, unchanged.

Sectors and themes are shared between groups and found by slug: one already here is used as
it is, a missing one is created as the document gives it. The group itself must not exist yet
(importing over a group a facilitator has since edited would silently lose their work): delete
or rename it first, or load into a fresh database. Everything loads in one transaction, so a
failure leaves the database as it was.
"""

import json
from pathlib import Path

from django.core.exceptions import FieldDoesNotExist
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from findings import history, indexing
from findings.models import Item, Theme
from sessions.edits import content_changed
from sessions.models import (
    Attendance,
    Figure,
    LearningGroup,
    ProgrammeRow,
    Sector,
    Session,
    Speaker,
    TopicHeading,
)

from .export_group import FORMAT

# Set on insert by the database or by save(): a document may leave them out (the shipped
# content does); when it gives them, they are written back with a plain UPDATE once
# everything is in, after what the load causes (``content_changed``) has touched the sessions.
AFTER_SAVE = ("revision", "published_at", "created_at", "updated_at")


def read_document(path: Path) -> dict:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CommandError(f"Cannot read {path}: {error}") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise CommandError(f"{path} is not a learning group document ({FORMAT}).")
    return document


def field_values(model, data: dict) -> dict:
    """The document's values, turned back into Python by each field's own parser."""
    values, unknown = {}, []
    for name, raw in data.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            unknown.append(name)
            continue
        values[name] = None if raw is None else field.to_python(raw)
    if unknown:
        raise CommandError(
            f"The document has {model.__name__} fields this database does not know: "
            f"{', '.join(sorted(unknown))}. Migrate this database to the version that wrote it."
        )
    return values


def lookup(table: dict, name, where: str):
    try:
        return table[name]
    except KeyError:
        raise CommandError(f"{where} names {name!r}, which the document does not hold.") from None


def load_group(document: dict, folder: Path) -> LearningGroup:
    """Create the group and everything in it; figure images are read from under ``folder``.
    Each item's search context and its history's links are worked out once, at the end."""
    with indexing.deferred(), history.deferred():
        return _GroupLoader(document, folder).load()


class _GroupLoader:
    """One document loaded in steps: the group, its sectors and themes, each session with its
    parts and items, then the links between items (which may point forward), then what the
    load causes (``content_changed``), then the times the document gives."""

    def __init__(self, document: dict, folder: Path):
        self.document, self.folder = document, folder
        self.sectors: dict = {}
        self.themes: dict = {}
        self.items: dict = {}
        self.answers: dict = {}
        self.sources: dict = {}
        # Timestamps that auto_now/auto_now_add overwrite on save, set again at the end.
        self.later: list = []

    def load(self) -> LearningGroup:
        group = self._group()
        self._vocabulary()
        for session_data in self.document["sessions"]:
            self._session(group, session_data)
        self._links()
        content_changed(group.sessions.values_list("pk", flat=True))
        for model, pk, stamps in self.later:
            if stamps:
                model.objects.filter(pk=pk).update(**stamps)
        return group

    def create(self, model, data, **relations):
        values = field_values(model, data)
        stamps = {name: values.pop(name) for name in AFTER_SAVE if name in values}
        obj = model.objects.create(**relations, **values)
        self.later.append((model, obj.pk, stamps))
        return obj

    def _group(self) -> LearningGroup:
        values = field_values(LearningGroup, self.document["group"])
        if LearningGroup.objects.filter(slug=values["slug"]).exists():
            raise CommandError(
                f"A learning group '{values['slug']}' already exists here; importing "
                "would overwrite it. Delete or rename it first, or import into a fresh database."
            )
        return LearningGroup.objects.create(**values)

    def _vocabulary(self) -> None:
        for model, table, rows in (
            (Sector, self.sectors, "sectors"),
            (Theme, self.themes, "themes"),
        ):
            for data in self.document[rows]:
                values = field_values(model, data)
                table[values["slug"]] = model.objects.get_or_create(
                    slug=values["slug"], defaults=values
                )[0]

    def _session(self, group, session_data: dict) -> None:
        session = self.create(Session, session_data["fields"], group=group)
        where = f"Session {session.number}"
        topics = {
            topic.title: topic
            for topic in (
                self.create(TopicHeading, data, session=session) for data in session_data["topics"]
            )
        }
        for row in session_data["attendance"]:
            sector = lookup(self.sectors, row["sector"], f"{where}'s attendance")
            self.create(Attendance, row["fields"], session=session, sector=sector)
        for data in session_data["figures"]:
            self._figure(session, data, where)
        for data in session_data.get("programme", []):
            row = self.create(ProgrammeRow, data["fields"], session=session)
            for speaker in data["speakers"]:
                self.create(Speaker, speaker, row=row)
        for data in session_data["items"]:
            self._item(session, topics, data)

    def _figure(self, session, data: dict, where: str) -> None:
        figure = Figure(session=session, **field_values(Figure, data["fields"]))
        image = (self.folder / data["image"]).resolve()
        if self.folder.resolve() not in image.parents:
            raise CommandError(f"{where}'s figure {data['image']} is outside {self.folder}.")
        try:
            figure.image.save(image.name, ContentFile(image.read_bytes()), save=False)
        except OSError as error:
            raise CommandError(f"{where}'s figure: {error}") from error
        figure.save()

    def _item(self, session, topics: dict, data: dict) -> None:
        where = f"Item {data['key']}"
        topic = lookup(topics, data["topic"], where) if data["topic"] else None
        item = self.create(Item, data["fields"], session=session, topic=topic)
        item.themes.set([lookup(self.themes, slug, where) for slug in data["themes"]])
        item.sectors.set([lookup(self.sectors, slug, where) for slug in data["sectors"]])
        self.items[data["key"]] = item
        self.answers[data["key"]] = data["answers"]
        self.sources[data["key"]] = data.get("source")

    def _links(self) -> None:
        for key, source in self.sources.items():
            if source:
                self.items[key].source = lookup(self.items, source, f"Item {key}'s source")
                self.items[key].save(update_fields=["source"])
        for key, risk_keys in self.answers.items():
            if risk_keys:
                risks = [lookup(self.items, risk, f"Item {key}") for risk in risk_keys]
                self.items[key].answers.set(risks)


class Command(BaseCommand):
    help = "Import a group document written by export_group (into a fresh database, say)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The JSON file; figure images are found beside it.")

    def handle(self, path, **options):
        path = Path(path)
        document = read_document(path)
        with transaction.atomic():
            group = load_group(document, path.parent)
        self.stdout.write(
            self.style.SUCCESS(f"{group}: {group.sessions.count()} session(s) imported.")
        )
