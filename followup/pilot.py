"""What the shipped content says about follow-up, and nothing more.

The Pilot Learning Group's reports record no response to any recommendation, so each carries
"No response recorded". Risks that genuinely recur across its sessions (the same harm to the
same people, stated again in a later session) are linked as one tracked risk with an
observation in each session. The reports give no likelihood or impact, so none is invented.

Used by the data migration (with historical models) and by ``manage.py load_followup`` (after
``load_reports`` on a new database): both pass the models in.
"""

GROUP_SLUG = "pilot-learning-group"
NOTE = "The group's reports record no response to this recommendation."

# slug, title, exposed, [(session number, the risk's statement), …] oldest first.
RECURRING_RISKS = [
    (
        "pbr-cherry-picking",
        "Payment by results lets providers cherry pick the easiest service users",
        "service_users",
        [
            (1, "Payment by results promotes cherry picking of easy wins"),
            (4, "Untested PbR models let providers cherry pick compliant service users"),
        ],
    ),
    (
        "voluntary-organisations-lose-funding-and-close",
        "Voluntary organisations lose their funding and close",
        "voluntary_sector",
        [
            (1, "Organisations working outside the PbR model lose funding and close"),
            (4, "Falling non-public funding closes voluntary sector organisations"),
        ],
    ),
    (
        "generic-services-miss-the-neediest",
        "Generic services leave the neediest without the right support",
        "service_users",
        [
            (2, "A generic service leaves the neediest excluded"),
            (4, "Parts of the offender population left without the right support"),
        ],
    ),
]


def record(Item, FollowUp, LedgerEntry, TrackedRisk, Observation):  # noqa: N803 (model classes)
    """Idempotent: returns (ledgers marked, observations linked)."""
    marked = 0
    recommendations = Item.objects.filter(kind="recommendation", session__group__slug=GROUP_SLUG)
    for item in recommendations:
        ledger, _ = FollowUp.objects.get_or_create(recommendation_id=item.pk)
        if ledger.status == "proposed" and not ledger.responded_by:
            ledger.status = "no_response"
            ledger.save(update_fields=["status"])
            # The app's own save adds the timeline line; a migration's historical model does not.
            if not LedgerEntry.objects.filter(follow_up=ledger, status="no_response").exists():
                LedgerEntry.objects.create(
                    follow_up=ledger, status="no_response", rating=ledger.rating
                )
            marked += 1
    linked = 0
    for slug, title, exposed, sightings in RECURRING_RISKS:
        risks = []
        for number, statement in sightings:
            risk = Item.objects.filter(
                kind="risk",
                session__group__slug=GROUP_SLUG,
                session__number=number,
                statement=statement,
            ).first()
            if risk is not None:
                risks.append(risk)
        if len(risks) < 2:
            continue  # not (or no longer) a recurrence in this database
        tracked, _ = TrackedRisk.objects.get_or_create(slug=slug, defaults={"title": title})
        for place, risk in enumerate(risks):
            _, created = Observation.objects.get_or_create(
                tracked_risk=tracked,
                session_id=risk.session_id,
                defaults={
                    "risk": risk,
                    "stage": "raised" if place == 0 else "revisited",
                    "exposed": exposed,
                    "visibility": risk.visibility,
                },
            )
            linked += created
    return marked, linked
