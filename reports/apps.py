from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Session reports: what a report holds, its web page, its PDF, and combined reports."""

    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        from . import signals  # noqa: F401 (connect its receivers)
