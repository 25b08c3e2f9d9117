from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Session reports: what a report holds, its web page, its PDF, and combined reports."""

    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        from sessions.edits import on_content_change

        from . import edits

        # A content change queues the reports and briefs it touched (``sessions.edits``).
        on_content_change(edits.apply)
