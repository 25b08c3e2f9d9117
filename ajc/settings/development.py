"""Development (``make run``): SQLite by default, debug on, a throwaway secret key, mail printed
to the console. Anything may still be set from the environment."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, databases, env_bool, env_list, mailers, silenced_checks

PRODUCTION = False
DEBUG = env_bool("DJANGO_DEBUG", default=True)
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY",
    "django-insecure-development-only-key-never-use-in-production-0123456789",
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

DATABASES = databases(os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
AJC_READ_REPLICA = "replica" in DATABASES
SILENCED_SYSTEM_CHECKS = silenced_checks(DATABASES)

MAILERS = mailers("django.core.mail.backends.console.EmailBackend")
