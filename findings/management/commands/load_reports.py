"""First run: load the learning group content the project ships, unless it is already here.

The content is a group document in ``content/`` (see docs/content-format.md), the format
``export_group`` writes and ``import_group`` reads. A group already in the database is left
exactly as it is (a facilitator may have edited it since), unless ``--replace`` asks for it to
be deleted and loaded afresh from the file.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from sessions.edits import content_changed
from sessions.models import LearningGroup

from .import_group import load_group, read_document

DEFAULT_FILE = settings.BASE_DIR / "content" / "pilot_learning_group.json"


class Command(BaseCommand):
    help = "Load the learning group content shipped in content/, unless it is present."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_FILE))
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the group if present and load it afresh, discarding edits made since.",
        )

    def handle(self, path, replace=False, **options):
        path = Path(path)
        document = read_document(path)
        with transaction.atomic():
            present = LearningGroup.objects.filter(slug=document["group"]["slug"]).first()
            if present and not replace:
                self.stdout.write(f"{present} is already loaded; left as it is.")
                return
            if present:
                gone = list(present.sessions.values_list("pk", flat=True))
                present.sessions.all().delete()
                present.delete()
                content_changed(gone, narrowing=True)
            group = load_group(document, path.parent)
        self.stdout.write(
            self.style.SUCCESS(f"{group}: {group.sessions.count()} session(s) loaded.")
        )
