from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = "Follow-up: recommendations, tracked risks, members' digests"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from findings import briefs, joined, recovery, risk_tracking
        from sessions.edits import on_content_change

        from . import edits
        from .models import status_of_row, statuses_for_briefs
        from .recovery import restore_follow_up
        from .register import register_section, tracking_for_register

        # A content change gives every new recommendation its ledger (``sessions.edits``).
        on_content_change(edits.apply)

        # Theme briefs show each recommendation's follow-up status; findings, a layer below,
        # cannot ask for it, so it is told how.
        briefs.tell_follow_up_statuses_with(statuses_for_briefs, from_row=status_of_row)
        # The lists and item pages read it from each recommendation's row: its ledger is
        # joined there (one-to-one), at no extra query.
        joined.join_with_rows("follow_up")
        # Likewise the risk register: each risk's state and trend, and the heat map.
        risk_tracking.tell_risk_tracking_with(tracking_for_register, register_section)
        # Recovering a session or an item brings back its follow-up (ledgers, evidence,
        # observations), which findings, a layer below, does not know.
        recovery.add_restorer(restore_follow_up)
