"""Load a learning group's reports, structured as data, into the knowledge base.

The content lives in ``sessions/content/*.json`` (see SCHEMA.md there). Loading is idempotent:
a session that is already in the database is left exactly as it is (a facilitator may have
edited it since), unless ``--replace`` asks for it to be loaded afresh from the file.
"""

import datetime
import json
from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from findings.models import Item, Theme
from sessions.models import (
    Attendance,
    Figure,
    LearningGroup,
    Sector,
    Session,
    TopicHeading,
)

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
DEFAULT_FILE = CONTENT_DIR / "pilot_learning_group.json"


def month_date(value: str) -> tuple[datetime.date, str]:
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 2:
        return datetime.date(parts[0], parts[1], 1), Session.DatePrecision.MONTH
    return datetime.date(*parts), Session.DatePrecision.DAY


class Command(BaseCommand):
    help = "Load a learning group's reports (sessions, learning points, risks, recommendations)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_FILE))
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Reload sessions that already exist from the file, discarding edits made since.",
        )

    def handle(self, path, replace=False, **options):
        try:
            content = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read content file {path}: {error}") from error
        with transaction.atomic():
            loaded, kept = self.load(content, replace=replace)
        group = content["group"]["name"]
        self.stdout.write(
            self.style.SUCCESS(
                f"{group}: {loaded} session(s) loaded, {kept} already present and left as they are."
            )
        )

    def load(self, content, replace):
        group, _ = LearningGroup.objects.get_or_create(
            slug=content["group"]["slug"], defaults=self.group_fields(content["group"])
        )
        sectors = {}
        for data in content["sectors"]:
            sectors[data["slug"]], _ = Sector.objects.get_or_create(
                slug=data["slug"], defaults={"name": data["name"], "order": data.get("order", 0)}
            )
        for data in content["themes"]:
            Theme.objects.get_or_create(
                slug=data["slug"],
                defaults={
                    "name": data["name"],
                    "description": data.get("description", ""),
                    "featured": data.get("featured", False),
                },
            )
        themes = {theme.slug: theme for theme in Theme.objects.all()}

        loaded = kept = 0
        items_by_key: dict[str, Item] = {}
        answers: list[tuple[Item, list[str]]] = []
        for data in content["sessions"]:
            existing = Session.objects.filter(group=group, number=data["number"]).first()
            if existing and not replace:
                kept += 1
                # A figure drawn after the session was first loaded is still added.
                for figure in data.get("figures", []):
                    if not existing.figures.filter(number=figure["number"]).exists():
                        self.create_figure(existing, figure)
                continue
            if existing:
                existing.delete()
            loaded += 1
            session = self.create_session(group, data)
            for sector_slug, headcount in data.get("attendance", {}).items():
                Attendance.objects.create(
                    session=session, sector=sectors[sector_slug], headcount=headcount
                )
            topics = {}
            for order, topic in enumerate(data.get("topics", []), start=1):
                topics[topic["title"]] = TopicHeading.objects.create(
                    session=session,
                    title=topic["title"],
                    introduction=topic.get("introduction", ""),
                    order=order,
                )
            for order, item_data in enumerate(data.get("items", []), start=1):
                item = self.create_item(session, topics, order, item_data)
                item.themes.set([themes[slug] for slug in item_data["themes"]])
                if item_data.get("sectors"):
                    item.sectors.set([sectors[slug] for slug in item_data["sectors"]])
                items_by_key[item_data["key"]] = item
                if item_data.get("answers"):
                    answers.append((item, item_data["answers"]))
            for figure in data.get("figures", []):
                self.create_figure(session, figure)

        for item, keys in answers:
            risks = [items_by_key[key] for key in keys if key in items_by_key]
            item.answers.set(risks)
        return loaded, kept

    @staticmethod
    def group_fields(data):
        return {
            "name": data["name"],
            "organisation": data.get("organisation", ""),
            "focus": data.get("focus", ""),
            "introduction": data.get("introduction", ""),
            "inaugural_meeting": data.get("inaugural_meeting") or None,
            "inaugural_location": data.get("inaugural_location", ""),
            "findings_sharing": data.get("findings_sharing", ""),
        }

    @staticmethod
    def create_session(group, data):
        date, precision = month_date(data["date"])
        text_fields = [
            "heading_subject",
            "location",
            "report_note",
            "focus",
            "circumstances",
            "learning_points_intro",
            "risks_intro",
            "conclusion",
        ]
        return Session.objects.create(
            group=group,
            number=data["number"],
            subject=data["subject"],
            date=date,
            date_precision=precision,
            status=data.get("status", Session.Status.HELD),
            visibility=data.get("visibility", "public"),
            **{field: data.get(field) or "" for field in text_fields},
        )

    @staticmethod
    def create_item(session, topics, order, data):
        kind = data["kind"]
        fields = {
            "session": session,
            "topic": topics.get(data.get("topic")),
            "kind": kind,
            "order": order,
            "text": data["text"],
        }
        if kind == Item.Kind.FINDING:
            fields["agreement"] = data.get("agreement") or ""
        elif kind == Item.Kind.RISK:
            fields["exposed"] = data.get("exposed") or ""
        elif kind == Item.Kind.RECOMMENDATION:
            fields["audience"] = data.get("audience") or ""
            fields["strength"] = data.get("strength") or ""
        else:
            raise CommandError(f"Unknown kind {kind!r} for item {data.get('key')}")
        return Item.objects.create(**fields)

    def create_figure(self, session, data):
        image_path = CONTENT_DIR / "figures" / data["image"]
        if not image_path.exists():
            self.stderr.write(f"Figure image {image_path.name} is missing; figure not loaded.")
            return
        figure = Figure(
            session=session,
            number=data["number"],
            caption=data["caption"],
            alt_text=data["alt_text"],
        )
        with image_path.open("rb") as image:
            figure.image.save(data["image"], File(image), save=False)
        figure.save()
