"""What happened next comes back with what it is about (issue 25, finding 9).

Deleting a session deletes its recommendations' ledgers (response, timeline, evidence) and its
risk observations with it; deleting a risk unlinks the observations of it. ``findings.recovery``
brings back the session and its items and then asks this module (registered in
``followup.apps``) for the rest, from the same deletion's records.
"""

from findings.models import Item
from findings.recovery import deleted_records, restore_record
from sessions.models import Session

from .models import Evidence, FollowUp, LedgerEntry, Observation


def restore_follow_up(restored: list, since) -> list:
    """Bring back the ledgers of the recommendations and the observations of the sessions in
    ``restored`` deleted with them (since ``since``), and link again the observations of its
    risks; return what came back."""
    back = []
    for instance in restored:
        if isinstance(instance, Session):
            for record in deleted_records(Observation).filter(
                session_id=instance.pk, history_date__gte=since
            ):
                back.append(restore_record(record))
        elif isinstance(instance, Item) and instance.kind == Item.Kind.RECOMMENDATION:
            back += _restore_ledger(instance, since)
        elif isinstance(instance, Item) and instance.kind == Item.Kind.RISK:
            _link_observations_again(instance)
    return back


def _restore_ledger(recommendation, since) -> list:
    record = (
        deleted_records(FollowUp)
        .filter(recommendation_id=recommendation.pk, history_date__gte=since)
        .first()
    )
    if record is None:
        # Deleted before ledgers were kept: it starts again, as a new recommendation does.
        FollowUp.objects.get_or_create(recommendation=recommendation)
        return []
    # Found before the ledger is back: its save writes a line for its response as it stands,
    # which is deleted again (leaving a deletion record of its own) for its own lines.
    rows = [
        row
        for part in (LedgerEntry, Evidence)
        for row in deleted_records(part).filter(follow_up_id=record.id, history_date__gte=since)
    ]
    ledger = restore_record(record)
    LedgerEntry.objects.filter(follow_up=ledger).delete()
    return [ledger, *(restore_record(row) for row in rows)]


def _link_observations_again(risk) -> None:
    """A deleted risk's observations stayed, unlinked (``on_delete=SET_NULL``, which leaves no
    history): link again those whose last recorded version named it."""
    named_it = Observation.history.filter(risk_id=risk.pk).values("id")
    for observation in Observation.objects.filter(risk__isnull=True, pk__in=named_it):
        last = observation.history.order_by("-history_date", "-history_id").first()
        if last is not None and last.risk_id == risk.pk:
            Observation.objects.filter(pk=observation.pk).update(risk=risk)
