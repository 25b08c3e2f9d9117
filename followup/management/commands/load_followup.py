from django.core.management.base import BaseCommand
from django.db import transaction

from findings.models import Item
from followup import pilot
from followup.edits import follow_up_changed
from followup.models import FollowUp, LedgerEntry, Observation, TrackedRisk


class Command(BaseCommand):
    help = (
        "Record what the shipped reports say about follow-up: 'No response recorded' on each of "
        "the Pilot Learning Group's recommendations, and its recurring risks linked as tracked "
        "risks. Safe to run again."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            marked, linked = pilot.record(Item, FollowUp, LedgerEntry, TrackedRisk, Observation)
            follow_up_changed()
        self.stdout.write(f"{marked} recommendations marked, {linked} risk observations linked.")
