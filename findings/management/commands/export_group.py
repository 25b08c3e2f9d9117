"""Write a learning group, and everything in it, as a group document (see docs/content-format.md).

The same format is the group content the project ships (``content/``, loaded by
``load_reports``) and a portable export (``import_group`` loads it into any database). Fields
are found from the models themselves, so a field added later is exported without anyone
remembering to add it here. History (who changed what) is not in the document: it lives in
the database and its backups (``scripts/backup.sh``).
"""

import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import models

from findings.models import Theme
from sessions.models import LearningGroup, Sector

FORMAT = "ajc-learning-group/1"


def plain_fields(obj) -> dict:
    """Every stored, non-relational field of ``obj`` by name (files are handled separately)."""
    return {
        field.name: field.value_from_object(obj)
        for field in obj._meta.concrete_fields
        if not (
            field.primary_key
            or field.is_relation
            or getattr(field, "generated", False)
            or isinstance(field, models.FileField)
        )
    }


def group_document(group: LearningGroup, folder: Path) -> dict:
    """The group as a document; figure images are written under ``folder``/figures/."""
    sessions = list(group.sessions.order_by("number"))
    items_of = {
        session.number: list(
            session.items.order_by("kind_order", "order", "pk").prefetch_related(
                "themes", "sectors", "answers"
            )
        )
        for session in sessions
    }
    keys = {
        item.pk: f"{number}:{index}"
        for number, items in items_of.items()
        for index, item in enumerate(items, 1)
    }
    documents = []
    for session in sessions:
        figures = []
        for figure in session.figures.order_by("number"):
            name = f"figures/{group.slug}-session-{session.number}-figure-{figure.number}.png"
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            with figure.image.open("rb") as image:
                (folder / name).write_bytes(image.read())
            figures.append({"fields": plain_fields(figure), "image": name})
        documents.append(
            {
                "fields": plain_fields(session),
                "topics": [plain_fields(topic) for topic in session.topics.order_by("order")],
                "attendance": [
                    {"sector": row.sector.slug, "fields": plain_fields(row)}
                    for row in session.attendance.select_related("sector").order_by("sector__slug")
                ],
                "figures": figures,
                "programme": [
                    {
                        "fields": plain_fields(row),
                        "speakers": [plain_fields(speaker) for speaker in row.speakers.all()],
                    }
                    for row in session.programme.prefetch_related("speakers")
                ],
                "items": [
                    {
                        "key": keys[item.pk],
                        "fields": plain_fields(item),
                        "topic": item.topic.title if item.topic_id else None,
                        "themes": sorted(theme.slug for theme in item.themes.all()),
                        "sectors": sorted(sector.slug for sector in item.sectors.all()),
                        "answers": sorted(keys[risk.pk] for risk in item.answers.all()),
                        "source": keys.get(item.source_id),
                    }
                    for item in items_of[session.number]
                ],
            }
        )
    # The shared vocabularies go in whole: a fresh database gets every sector and theme a
    # facilitator can choose from, not only those this group has used so far.
    return {
        "format": FORMAT,
        "group": plain_fields(group),
        "sectors": [plain_fields(sector) for sector in Sector.objects.order_by("slug")],
        "themes": [plain_fields(theme) for theme in Theme.objects.order_by("slug")],
        "sessions": documents,
    }


class ExportEncoder(json.JSONEncoder):
    """Dates and times in full ISO 8601 (DjangoJSONEncoder would drop the microseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.date | datetime.time):
            return o.isoformat()
        return super().default(o)


def dumps(document: dict) -> str:
    return json.dumps(document, cls=ExportEncoder, ensure_ascii=False, indent=1, sort_keys=True)


class Command(BaseCommand):
    help = "Export a learning group as a group document (JSON, figures beside it)."

    def add_arguments(self, parser):
        parser.add_argument("group", help="The learning group's slug, e.g. pilot-learning-group.")
        parser.add_argument(
            "-o",
            "--output",
            required=True,
            help="The JSON file to write; figure images go in a figures/ folder beside it.",
        )

    def handle(self, group, output, **options):
        try:
            learning_group = LearningGroup.objects.get(slug=group)
        except LearningGroup.DoesNotExist:
            slugs = ", ".join(LearningGroup.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No learning group '{group}'. Groups: {slugs}.") from None
        path = Path(output)
        document = group_document(learning_group, path.parent)
        path.write_text(dumps(document) + "\n", encoding="utf-8")
        sessions = len(document["sessions"])
        self.stderr.write(self.style.SUCCESS(f"{learning_group}: {sessions} session(s) → {output}"))
