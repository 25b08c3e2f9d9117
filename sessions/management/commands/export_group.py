"""Export a whole learning group, everything in it, as one portable JSON document.

The document names everything by natural keys, never by database ids: the group by its slug,
a session by its number in the group, a topic heading by its title in the session, a sector
or a theme by its slug, and an item by its place in the export (``"2:5"``: session 2's fifth
item) so a recommendation can say which risks it answers. It therefore loads into any
database, a fresh one included, with ``import_group``, and comes out unchanged: the same
fields, timestamps, revision numbers and figure images.

Every plain field of every model is written, found from the models themselves, so a field
added later is exported without anyone remembering to add it here. History (who changed what)
is not in the export: it lives in the database and its backups (``scripts/backup.sh``).
"""

import base64
import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.db import models

from findings.models import Theme
from sessions.models import LearningGroup, Sector

FORMAT = "ajc-learning-group/1"


def plain_fields(obj, skip=()) -> dict:
    """Every stored, non-relational field of ``obj`` by name (files are handled separately)."""
    values = {}
    for field in obj._meta.concrete_fields:
        if (
            field.primary_key
            or field.is_relation
            or getattr(field, "generated", False)
            or isinstance(field, models.FileField)
            or field.name in skip
        ):
            continue
        values[field.name] = field.value_from_object(obj)
    return values


def item_key(session_number: int, index: int) -> str:
    return f"{session_number}:{index}"


def group_document(group: LearningGroup) -> dict:
    sessions = list(group.sessions.order_by("number"))
    keys = {}
    for session in sessions:
        for index, item in enumerate(session.items.order_by("kind_order", "order", "pk"), 1):
            keys[item.pk] = item_key(session.number, index)
    sectors, themes = {}, {}
    documents = []
    for session in sessions:
        items = []
        for item in session.items.order_by("kind_order", "order", "pk").prefetch_related(
            "themes", "sectors", "answers"
        ):
            item_themes = sorted(item.themes.all(), key=lambda theme: theme.slug)
            item_sectors = sorted(item.sectors.all(), key=lambda sector: sector.slug)
            themes.update({theme.slug: theme for theme in item_themes})
            sectors.update({sector.slug: sector for sector in item_sectors})
            items.append(
                {
                    "key": keys[item.pk],
                    "fields": plain_fields(item),
                    "topic": item.topic.title if item.topic_id else None,
                    "themes": [theme.slug for theme in item_themes],
                    "sectors": [sector.slug for sector in item_sectors],
                    "answers": sorted(keys[risk.pk] for risk in item.answers.all()),
                }
            )
        attendance = []
        for row in session.attendance.select_related("sector").order_by("sector__slug"):
            sectors[row.sector.slug] = row.sector
            attendance.append({"sector": row.sector.slug, "fields": plain_fields(row)})
        figures = []
        for figure in session.figures.order_by("number"):
            with figure.image.open("rb") as image:
                data = image.read()
            figures.append(
                {
                    "fields": plain_fields(figure),
                    "image": base64.b64encode(data).decode("ascii"),
                }
            )
        documents.append(
            {
                "fields": plain_fields(session),
                "topics": [
                    plain_fields(topic) for topic in session.topics.order_by("order", "title")
                ],
                "attendance": attendance,
                "figures": figures,
                "items": items,
            }
        )
    # The shared vocabularies go in whole, used or not: a fresh database gets every sector and
    # theme a facilitator can choose from, not only those this group has used so far.
    sectors.update({sector.slug: sector for sector in Sector.objects.all()})
    themes.update({theme.slug: theme for theme in Theme.objects.all()})
    return {
        "format": FORMAT,
        "group": plain_fields(group),
        "sectors": [plain_fields(sectors[slug]) for slug in sorted(sectors)],
        "themes": [plain_fields(themes[slug]) for slug in sorted(themes)],
        "sessions": documents,
    }


class ExportEncoder(json.JSONEncoder):
    """Dates and times in full ISO 8601 (DjangoJSONEncoder would drop the microseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.date | datetime.time):
            return o.isoformat()
        if isinstance(o, datetime.timedelta):
            return o.total_seconds()
        return super().default(o)


def dumps(document: dict) -> str:
    return json.dumps(document, cls=ExportEncoder, ensure_ascii=False, indent=1, sort_keys=True)


class Command(BaseCommand):
    help = "Export a learning group and everything in it as portable JSON (see import_group)."

    def add_arguments(self, parser):
        parser.add_argument("group", help="The learning group's slug, e.g. pilot-learning-group.")
        parser.add_argument(
            "-o", "--output", help="File to write (default: standard output).", default="-"
        )

    def handle(self, group, output, **options):
        try:
            learning_group = LearningGroup.objects.get(slug=group)
        except LearningGroup.DoesNotExist:
            slugs = ", ".join(LearningGroup.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No learning group '{group}'. Groups: {slugs}.") from None
        text = dumps(group_document(learning_group)) + "\n"
        if output == "-":
            self.stdout.write(text, ending="")
            return
        with open(output, "w", encoding="utf-8") as file:
            file.write(text)
        sessions = learning_group.sessions.count()
        self.stderr.write(self.style.SUCCESS(f"{learning_group}: {sessions} session(s) → {output}"))
