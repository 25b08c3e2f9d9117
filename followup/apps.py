from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = "Follow-up: recommendations, tracked risks, members' digests"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from findings import briefs
        from sessions.edits import on_content_change

        from . import edits
        from .models import statuses_for_briefs

        # A content change gives every new recommendation its ledger (``sessions.edits``).
        on_content_change(edits.apply)

        # Theme briefs show each recommendation's follow-up status; findings, a layer below,
        # cannot ask for it, so it is told how.
        briefs.tell_follow_up_statuses_with(statuses_for_briefs)
