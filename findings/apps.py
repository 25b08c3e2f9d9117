from django.apps import AppConfig


class FindingsConfig(AppConfig):
    name = "findings"
    verbose_name = "Learning points, risks and recommendations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import history, signals  # noqa: F401 (connect their receivers)

        history.connect()
