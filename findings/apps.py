from django.apps import AppConfig


class FindingsConfig(AppConfig):
    name = "findings"
    verbose_name = "Learning points, risks and recommendations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ajc import warming
        from sessions.edits import on_content_change

        from . import edits, history, signals
        from .views import most_read_paths

        history.connect()
        signals.connect()
        # A content change publishes, indexes and counts (``sessions.edits``).
        on_content_change(edits.apply)
        warming.register(most_read_paths)
