"""What every environment shares. ``development`` and ``production`` (chosen by ``AJC_ENV``
in ``ajc/settings/__init__.py``) and ``test`` build on it. Every environment variable that any
of them reads is in the README's table ("Settings"), which tests/test_docs.py keeps true.
"""

import os
from pathlib import Path

import dj_database_url

from .env import env_bool, env_float, env_list  # noqa: F401 (the environments use them too)

BASE_DIR = Path(__file__).resolve().parent.parent.parent


CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "simple_history",
    "taggit",
    "axes",
    "django_tasks_db",
    # The project package: connects the security log's receivers (ajc.apps).
    "ajc.apps.AjcConfig",
    "sessions.apps.SessionsConfig",
    "findings.apps.FindingsConfig",
    "reports.apps.ReportsConfig",
    "imports.apps.ImportsConfig",
    "followup.apps.FollowupConfig",
    # Members' accounts: sign-in, two-factor, invitations, "Your account" (see the block
    # "Accounts (django-allauth)" below).
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "accounts.apps.AccountsConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Static files first: they never wait for the database.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # (Production adds text compression here, below.)
    # The request being served, for what is done once per request (ajc.scope).
    "ajc.scope.RequestScopeMiddleware",
    # Outside everything that touches the database, inside the headers: a 503 still gets them.
    "ajc.middleware.DatabaseUnavailableMiddleware",
    # TRACE and control characters are refused before a session, a cache key or a query.
    "ajc.middleware.MalformedRequestMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ajc.middleware.StaffIdleTimeoutMiddleware",
    # allauth's sign-in stages, and the list of each person's signed-in devices.
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "ajc.middleware.ReplicaReadsMiddleware",
    "ajc.middleware.PermissionDeniedLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff reach the admin only with two-factor set up (accounts.middleware).
    "accounts.middleware.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ajc.errors.ProblemMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ajc.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # The Markdown filter lives in the project's core, not in an app.
            "libraries": {"text": "ajc.templatetags.text"},
        },
    },
]

WSGI_APPLICATION = "ajc.wsgi.application"

# A database that stops answering must cost a request seconds, not a worker (docs/operations.md,
# "Timeouts"): PostgreSQL ends a statement after DATABASE_STATEMENT_TIMEOUT seconds; keepalives
# and tcp_user_timeout notice a connection whose other end has gone; and ajc.deadline cuts a
# query the server never answers (a frozen server still acknowledges every packet) a little
# after the statement timeout.
# A frozen server must be a 503 within five seconds (issue 25, finding 12): a request's first
# wait is the check of a kept connection (cut after AJC_DATABASE_CHECK_DEADLINE: the server is
# not answering, and the request is answered 503 without reconnecting) or a new connection
# (DATABASE_CONNECT_TIMEOUT).
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3"))
DATABASE_STATEMENT_TIMEOUT = float(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "10"))
AJC_DATABASE_DEADLINE = DATABASE_STATEMENT_TIMEOUT + 2
AJC_DATABASE_CHECK_DEADLINE = float(os.environ.get("DATABASE_CHECK_TIMEOUT", "2"))
POSTGRESQL_OPTIONS = {
    "connect_timeout": DATABASE_CONNECT_TIMEOUT,
    # JIT compiling costs tens of milliseconds on the few queries big enough to trigger it
    # (counting a common theme's facets at a million items: 83 ms of 361) and never pays back
    # on a web request's short queries.
    "options": f"-c statement_timeout={int(DATABASE_STATEMENT_TIMEOUT * 1000)} -c jit=off",
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": int(AJC_DATABASE_DEADLINE * 1000),
}
# SQLite for the README's own set-up, where the server and the worker write one file at once
# (docs/operations.md, "SQLite"): write-ahead logging lets readers go on while one process
# writes; a write transaction takes the write lock when it begins (IMMEDIATE), so two that read
# and then write wait their turn instead of one failing with "database is locked"; and a writer
# waits up to 20 seconds for the lock rather than Python's default 5.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def databases(url: str) -> dict:
    """DATABASES for the database at ``url``, with a PostgreSQL read replica when
    DATABASE_REPLICA_URL is set (docs/operations.md, "Read replicas"): signed-out readers' and
    members' pages read from it when nothing they could see may have changed in the last
    AJC_REPLICA_MAX_LAG seconds (ajc.replica); facilitators and every write use the primary."""
    default = dj_database_url.parse(
        url,
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    if default["ENGINE"].endswith("postgresql"):
        default.setdefault("OPTIONS", {}).update(POSTGRESQL_OPTIONS)
    elif default["ENGINE"].endswith("sqlite3"):
        default.setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    found = {"default": default}
    if os.environ.get("DATABASE_REPLICA_URL"):
        found["replica"] = {
            **dj_database_url.parse(
                os.environ["DATABASE_REPLICA_URL"],
                conn_max_age=default["CONN_MAX_AGE"],
                conn_health_checks=True,
            ),
            "OPTIONS": default.get("OPTIONS", {}),
            "TEST": {"MIRROR": "default"},
        }
    return found


def silenced_checks(found: dict) -> list[str]:
    # The findings' covering index (findings.Item, "item_list_columns") carries extra columns
    # that only PostgreSQL stores; SQLite keeps the plain index, which is what this warning says.
    return ["models.W040"] if found["default"]["ENGINE"].endswith("sqlite3") else []


AJC_REPLICA_MAX_LAG = float(os.environ.get("AJC_REPLICA_MAX_LAG", "30"))
DATABASE_ROUTERS = ["ajc.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The knowledge base is read-mostly: lists, facets and PDFs are cached per content revision,
# and the revision itself is in the cache (ajc.cache). So the cache must be one store shared by
# every process that serves the site, or a worker goes on serving what another unpublished:
# Redis when REDIS_URL is set, otherwise the database cache (table ajc_cache, which `migrate`
# creates), in development too: `make run` is two processes (the server and the task worker,
# which stores the report PDFs it renders), so a per-process cache would never show the web
# side what the worker made. Production refuses a per-process cache; the test suite uses one
# of its own (ajc/settings/test.py).
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.filebased.FileBasedCache",
}
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHE_BACKEND, CACHE_LOCATION = "django.core.cache.backends.redis.RedisCache", REDIS_URL
else:
    CACHE_BACKEND = os.environ.get(
        "DJANGO_CACHE_BACKEND",
        "django.core.cache.backends.db.DatabaseCache",
    )
    CACHE_LOCATION = os.environ.get(
        "DJANGO_CACHE_LOCATION",
        "ajc_cache" if CACHE_BACKEND.endswith("DatabaseCache") else "ajc-knowledge-base",
    )
CACHES = {
    "default": {
        "BACKEND": CACHE_BACKEND,
        "LOCATION": CACHE_LOCATION,
        "TIMEOUT": 60 * 60 * 24,
    }
}

# --- Redis down or hung (issue 25, findings 1 and 2) -------------------------------------------
# Short socket timeouts, so a Redis that refuses or hangs costs a request at most this long, once
# per process per few seconds (ajc.cache.RETRY_AFTER_SECONDS): pages are then computed from the
# database, an edit is refused with a 503 that says nothing was changed, and /health/ answers 503.
# REDIS_CONNECT_TIMEOUT and REDIS_SOCKET_TIMEOUT, in seconds (docs/operations.md).
if CACHE_BACKEND.endswith("RedisCache"):
    CACHES["default"]["OPTIONS"] = {
        "socket_connect_timeout": env_float("REDIS_CONNECT_TIMEOUT", 0.5),
        "socket_timeout": env_float("REDIS_SOCKET_TIMEOUT", 0.5),
    }

# After an edit that narrows nothing (a typo fixed, a point added), readers are given the previous
# version of a cached list while the worker computes it again (its "refresh" lane:
# ajc.cache.refresh), asked at once. Where no worker will (a members' page, no refresh lane), the
# previous version is given while it is younger than this, in seconds: at least `at_least`,
# `factor` times what it cost to compute, at most `at_most` (ajc.cache.refresh_interval); then
# a reader computes it. So readers' processes spend at most 1/factor of their time recomputing
# however often facilitators save (issue 11). An unpublish, a members-only change or a delete
# is seen at once by everyone, and facilitators always see their edit at once.
AJC_REFRESH = {
    "at_least": env_float("AJC_REFRESH_AT_LEAST", 5.0),
    "factor": env_float("AJC_REFRESH_FACTOR", 20.0),
    "at_most": env_float("AJC_REFRESH_AT_MOST", 120.0),
}
# After an edit that narrows, the worker (its "refresh" lane) computes the most-read public pages
# again (ajc.warming) so that their first readers do not wait for it.
AJC_WARM_AFTER_NARROWING = env_bool("AJC_WARM_AFTER_NARROWING", True)
# ...but after one whose pages are given made safe meanwhile (an unpublish: ajc.cache.Hidden), this
# many seconds later: its first readers are served at once, and the warm-up's computations would
# only compete with them for the processors (each page a reader asks for is still queued at once).
AJC_WARM_AFTER_MADE_SAFE_SECONDS = env_float("AJC_WARM_AFTER_MADE_SAFE_SECONDS", 2.0)
# After an edit that narrows nothing, the worker's refresh lane computes the same pages again at
# once, so the edit shows on them within moments (ajc.cache.refresh.warm_after_ordinary_edit).
AJC_WARM_AFTER_EDIT = env_bool("AJC_WARM_AFTER_EDIT", True)

# The background worker's lanes (ajc/settings/tasks.py).
from .tasks import *  # noqa: E402, F403


def mailers(default_backend: str) -> dict:
    """Digests go through Django's email backend (Django 6.1's MAILERS): DJANGO_EMAIL_BACKEND,
    else ``default_backend``; an SMTP backend talks to DJANGO_EMAIL_HOST:DJANGO_EMAIL_PORT."""
    backend = os.environ.get("DJANGO_EMAIL_BACKEND", default_backend)
    options = {}
    if backend.endswith("smtp.EmailBackend"):
        options = {
            "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("DJANGO_EMAIL_PORT", "25")),
        }
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "AJC learning groups <noreply@ajc.invalid>"
)
# Digests link back to the site: its address as members reach it.
AJC_SITE_URL = os.environ.get("AJC_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Who may sign in and how: passwords, accounts (django-allauth), two-factor, throttling, the
# API's limits (ajc/settings/signin.py).
from .signin import *  # noqa: E402, F403

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Production keeps static files under hashed, compressed names (ajc/settings/production.py).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Figures and report PDFs in S3-compatible object storage (docs/operations.md, "Figures and
# PDFs in object storage"): set AJC_S3_BUCKET, and AWS_S3_ENDPOINT_URL for a service other
# than AWS; the keys come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the machine's
# role). Unset, figures stay on the file system and PDFs in the shared cache. The bucket stays
# private: the site serves figures and PDFs itself, after checking who may see them.
if os.environ.get("AJC_S3_BUCKET"):

    def _bucket(location: str) -> dict:
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": os.environ["AJC_S3_BUCKET"],
                "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
                "location": location,
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": location == "reports",
            },
        }

    STORAGES["default"] = _bucket("media")
    STORAGES["reports"] = _bucket("reports")

TAGGIT_CASE_INSENSITIVE = True

# Security headers apply in every environment so development shows what production sends.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8
# Facilitators can change and publish content: their sessions end after this long without a
# request (ajc.middleware.StaffIdleTimeoutMiddleware slides the window on each request).
AJC_STAFF_IDLE_SECONDS = int(os.environ.get("AJC_STAFF_IDLE_MINUTES", "30")) * 60
# A load balancer's health check speaks plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# Readable lines in development; production writes one JSON object a line (for a log
# collector) unless DJANGO_LOG_FORMAT says otherwise. Authentication and permission events go to
# the "ajc.security" logger (ajc.security_log).
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "ajc.logging.JSONFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "ajc.security": {"level": "INFO"},
        # axes repeats what ajc.security already says, with less structure.
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every step of a render at INFO.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
