from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = "Follow-up: recommendations, tracked risks, members' digests"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from findings import briefs, recovery
        from sessions.edits import on_content_change

        from . import edits
        from .models import statuses_for_briefs
        from .recovery import restore_follow_up

        # A content change gives every new recommendation its ledger (``sessions.edits``).
        on_content_change(edits.apply)

        # Theme briefs show each recommendation's follow-up status; findings, a layer below,
        # cannot ask for it, so it is told how.
        briefs.tell_follow_up_statuses_with(statuses_for_briefs)
        # Recovering a session or an item brings back its follow-up (ledgers, evidence,
        # observations), which findings, a layer below, does not know.
        recovery.add_restorer(restore_follow_up)
