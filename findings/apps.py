from django.apps import AppConfig


class FindingsConfig(AppConfig):
    name = "findings"
    verbose_name = "Learning points, risks and recommendations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ajc import warming

        from . import history, signals  # noqa: F401 (connect their receivers)
        from .views import most_read_paths

        history.connect()
        warming.register(most_read_paths)
