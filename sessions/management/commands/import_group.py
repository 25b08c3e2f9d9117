"""Load a learning group exported by ``export_group`` into this database, unchanged.

Sectors and themes are shared between groups and found by slug: one already here is used as
it is, a missing one is created as exported. The group itself must not exist yet (restoring
over a group a facilitator has since edited would silently lose their work): delete or rename
it first, or load into a fresh database. Everything loads in one transaction, so a failure
leaves the database as it was.
"""

import base64
import json
import sys

from django.core.exceptions import FieldDoesNotExist
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from findings.models import Item, Theme
from sessions.models import Attendance, Figure, LearningGroup, Sector, Session, TopicHeading

from .export_group import FORMAT


def field_values(model, data: dict) -> dict:
    """The exported values, turned back into Python by each field's own parser."""
    values = {}
    unknown = []
    for name, raw in data.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            unknown.append(name)
            continue
        values[name] = None if raw is None else field.to_python(raw)
    if unknown:
        raise CommandError(
            f"The export has {model.__name__} fields this database does not know: "
            f"{', '.join(sorted(unknown))}. Migrate this database to the exporting version."
        )
    return values


# Set by the database on insert (auto_now, auto_now_add) or by save() itself: written back
# with a plain UPDATE once everything is in, so the import changes none of them.
SESSION_AFTER_SAVE = ("revision", "published_at", "created_at", "updated_at")
ITEM_AFTER_SAVE = ("created_at", "updated_at")


class Command(BaseCommand):
    help = "Import a learning group exported by export_group (into a fresh database, say)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The export file, or - for standard input.")

    def handle(self, path, **options):
        try:
            if path == "-":
                document = json.load(sys.stdin)
            else:
                with open(path, encoding="utf-8") as file:
                    document = json.load(file)
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise CommandError(f"{path} is not a learning group export ({FORMAT}).")
        with transaction.atomic():
            group = self.load(document)
        self.stdout.write(
            self.style.SUCCESS(f"{group}: {group.sessions.count()} session(s) imported.")
        )

    def load(self, document) -> LearningGroup:
        group_values = field_values(LearningGroup, document["group"])
        if LearningGroup.objects.filter(slug=group_values["slug"]).exists():
            raise CommandError(
                f"A learning group '{group_values['slug']}' already exists here; importing "
                "would overwrite it. Delete or rename it first, or import into a fresh database."
            )
        group = LearningGroup.objects.create(**group_values)
        sectors = {
            values["slug"]: Sector.objects.get_or_create(slug=values["slug"], defaults=values)[0]
            for values in (field_values(Sector, data) for data in document["sectors"])
        }
        themes = {
            values["slug"]: Theme.objects.get_or_create(slug=values["slug"], defaults=values)[0]
            for values in (field_values(Theme, data) for data in document["themes"])
        }
        items, answers, stamps = {}, {}, []
        for session_data in document["sessions"]:
            values = field_values(Session, session_data["fields"])
            later = {name: values.pop(name) for name in SESSION_AFTER_SAVE if name in values}
            session = Session.objects.create(group=group, **values)
            stamps.append((Session, session.pk, later))
            topics = {}
            for topic_data in session_data["topics"]:
                topic = TopicHeading.objects.create(
                    session=session, **field_values(TopicHeading, topic_data)
                )
                topics[topic.title] = topic
            for row in session_data["attendance"]:
                Attendance.objects.create(
                    session=session,
                    sector=sectors[row["sector"]],
                    **field_values(Attendance, row["fields"]),
                )
            for figure_data in session_data["figures"]:
                figure = Figure(session=session, **field_values(Figure, figure_data["fields"]))
                image = ContentFile(base64.b64decode(figure_data["image"]))
                figure.image.save("figure.png", image, save=False)
                figure.save()
            for item_data in session_data["items"]:
                values = field_values(Item, item_data["fields"])
                later = {name: values.pop(name) for name in ITEM_AFTER_SAVE if name in values}
                topic = topics[item_data["topic"]] if item_data["topic"] else None
                item = Item.objects.create(session=session, topic=topic, **values)
                item.themes.set([themes[slug] for slug in item_data["themes"]])
                item.sectors.set([sectors[slug] for slug in item_data["sectors"]])
                items[item_data["key"]] = item
                answers[item_data["key"]] = item_data["answers"]
                stamps.append((Item, item.pk, later))
        for key, risk_keys in answers.items():
            if risk_keys:
                items[key].answers.set([items[risk_key] for risk_key in risk_keys])
        # Last, after every signal that touches a session's revision has run.
        for model, pk, later in stamps:
            model.objects.filter(pk=pk).update(**later)
        return group
