"""Count every session's items for the facets again (``findings.tallies``): after restoring a
dump or loading content some other way than through the models. The site also catches up by
itself, session by session, whenever a session's revision has moved on since it was counted."""

from django.core.management.base import BaseCommand
from django.db import transaction

from findings import tallies
from findings.models import FacetTally, FacetTotal, TalliedSession
from sessions.models import Session


class Command(BaseCommand):
    help = "Count every session's items for the findings browser's facets again."

    def handle(self, *args, **options):
        # From nothing: counts that drifted (a restore, a hand-made change) are not carried over.
        # Until it finishes the browser shows lower counts; the site stays up.
        with transaction.atomic():
            for model in (TalliedSession, FacetTally, FacetTotal):
                model.objects.all().delete()
        sessions = [*Session.objects.values_list("pk", flat=True)]
        tallies.recount(sessions)
        self.stdout.write(f"Counted the items of {len(sessions):,} sessions.")
