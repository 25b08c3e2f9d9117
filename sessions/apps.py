from django.apps import AppConfig


class SessionsConfig(AppConfig):
    name = "sessions"
    # "sessions" is django.contrib.sessions' label, which the admin needs.
    label = "ajc_sessions"
    verbose_name = "Learning groups and sessions"
    default_auto_field = "django.db.models.BigAutoField"
