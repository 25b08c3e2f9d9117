"""The project package as an app: connects the security log's receivers, and makes sure the
database cache's table exists after every ``migrate``."""

from django.apps import AppConfig
from django.conf import settings
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_table(sender, using="default", verbosity=1, **kwargs):
    """``migrate`` also creates the database cache's table (a no-op when it exists or when the
    cache is Redis), so no deployment can forget ``createcachetable``."""
    if any(cache["BACKEND"].endswith("DatabaseCache") for cache in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)


class AjcConfig(AppConfig):
    name = "ajc"
    label = "ajc"
    verbose_name = "AJC knowledge base"

    def ready(self):
        # Imported here, as Django asks of signal receivers: they need the auth and axes models.
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from ajc import security_log

        user_logged_in.connect(security_log.on_login, dispatch_uid="ajc.security_log.login")
        user_logged_out.connect(security_log.on_logout, dispatch_uid="ajc.security_log.logout")
        user_login_failed.connect(
            security_log.on_login_failed, dispatch_uid="ajc.security_log.login_failed"
        )
        user_locked_out.connect(
            security_log.on_locked_out, dispatch_uid="ajc.security_log.locked_out"
        )
        # Sent once per app with models; this app has none, so hang it on auth's.
        post_migrate.connect(
            create_cache_table,
            sender=self.apps.get_app_config("auth"),
            dispatch_uid="ajc.cache_table",
        )
