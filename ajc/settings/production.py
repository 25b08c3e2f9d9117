"""Production (``AJC_ENV=production``, the Dockerfile): secrets, hosts and the database only
from the environment, refusing to start without them; a shared cache; HTTPS, HSTS and
``__Host-`` cookies; compressed pages and static files; JSON logs; mail by SMTP."""

import os

from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from .base import *  # noqa: F403
from .base import (
    CACHE_BACKEND,
    LOGGING,
    MIDDLEWARE,
    PER_PROCESS_CACHES,
    STORAGES,
    databases,
    env_bool,
    env_list,
    mailers,
    silenced_checks,
)


def required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when AJC_ENV=production.")
    return value


PRODUCTION = True
DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    # Without a host, production would answer every request 400: say why at start-up instead.
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when AJC_ENV=production.")

DATABASES = databases(required("DATABASE_URL"))
AJC_READ_REPLICA = "replica" in DATABASES
SILENCED_SYSTEM_CHECKS = silenced_checks(DATABASES)

if CACHE_BACKEND in PER_PROCESS_CACHES:
    raise ImproperlyConfigured(
        f"{CACHE_BACKEND} keeps a copy per process: with AJC_ENV=production the cache must be "
        "shared (set REDIS_URL, or leave DJANGO_CACHE_BACKEND unset for the database cache)."
    )

# Pages, fragments, CSV and JSON are gzipped (tests/test_deploy_check.py). After WhiteNoise,
# which answers static files with its own precompressed copies; outside every middleware that
# writes a body, so error pages are compressed too. On BREACH see
# ajc.middleware.TextCompressionMiddleware: Django masks the CSRF token in every response.
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "ajc.middleware.TextCompressionMiddleware",
)

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# The report fonts are embedded in PDFs by WeasyPrint, which reads them from disk; no browser
# asks for them, so the image's build step does not compress them (13 s of its 20 s).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "ttf")

MAILERS = mailers("django.core.mail.backends.smtp.EmailBackend")

LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "json")
LOGGING["handlers"]["console"]["formatter"] = "json" if LOG_FORMAT == "json" else "plain"

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
# The __Host- prefix makes browsers refuse the cookie unless it is Secure, for this host only
# and for the whole site: a sibling subdomain cannot plant or overwrite it.
SESSION_COOKIE_NAME = "__Host-ajc_session"
CSRF_COOKIE_NAME = "__Host-ajc_csrftoken"
