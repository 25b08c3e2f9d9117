from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = "Follow-up: recommendations, tracked risks, members' digests"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from findings import briefs, joined, risk_tracking

        from . import signals  # noqa: F401 (connect their receivers)
        from .models import status_of_row, statuses_for_briefs
        from .register import register_section, tracking_for_register

        # Theme briefs show each recommendation's follow-up status; findings, a layer below,
        # cannot ask for it, so it is told how.
        briefs.tell_follow_up_statuses_with(statuses_for_briefs, from_row=status_of_row)
        # The lists and item pages read it from each recommendation's row: its ledger is
        # joined there (one-to-one), at no extra query.
        joined.join_with_rows("follow_up")
        # Likewise the risk register: each risk's state and trend, and the heat map.
        risk_tracking.tell_risk_tracking_with(tracking_for_register, register_section)
