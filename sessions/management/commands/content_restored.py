"""After a restore under a running site: make every cached copy made before it unusable.

``scripts/restore.sh`` runs it once ``pg_restore`` has finished (docs/operations.md).
"""

from django.core.management.base import BaseCommand, CommandError

from ajc.cache import CacheUnavailable
from sessions.edits import content_restored


class Command(BaseCommand):
    help = (
        "After restoring the database: move every session's revision and the cache's content "
        "revision on, so nothing cached before the restore is served."
    )

    def handle(self, *args, **options):
        try:
            content_restored()
        except CacheUnavailable as error:
            raise CommandError(
                "The cache cannot be reached, so nothing was changed: cached pages may still "
                "show content from before the restore. Run `manage.py content_restored` again "
                "once the cache is back, before opening the site to readers."
            ) from error
        self.stdout.write(
            self.style.SUCCESS("Every cached page and report from before the restore is unused.")
        )
