"""Settings for the AJC learning groups' knowledge base.

One module for every environment. Development defaults are safe to run on a laptop (SQLite,
debug on, a throwaway secret key); production is chosen with ``AJC_ENV=production`` and then
takes its secrets and hosts from the environment only, refusing to start without them.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number of seconds (got {value!r}).") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


AJC_ENV = os.environ.get("AJC_ENV", "development")
if AJC_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("AJC_ENV must be 'development' or 'production'.")
PRODUCTION = AJC_ENV == "production"


def required(name: str, dev_default: str) -> str:
    value = os.environ.get(name)
    if value:
        return value
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} must be set when AJC_ENV=production.")
    return dev_default


DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION)
SECRET_KEY = required(
    "DJANGO_SECRET_KEY", "django-insecure-development-only-key-never-use-in-production-0123456789"
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1]")
if PRODUCTION and not ALLOWED_HOSTS:
    # Without a host, production would answer every request 400: say why at start-up instead.
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when AJC_ENV=production.")
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

if PRODUCTION:
    # Pages, fragments, CSV and JSON are gzipped in production (tests/test_deploy_check.py).
    # After WhiteNoise, which answers static files with its own precompressed copies; outside
    # every middleware that writes a body, so error pages are compressed too. On BREACH see
    # ajc.middleware.TextCompressionMiddleware: Django masks the CSRF token in every response.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
        "ajc.middleware.TextCompressionMiddleware",
    )

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

DATABASES = {
    "default": dj_database_url.parse(
        required("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A database that stops answering must cost a request seconds, not a worker (docs/operations.md,
# "Timeouts"): PostgreSQL ends a statement after DATABASE_STATEMENT_TIMEOUT seconds; keepalives
# and tcp_user_timeout notice a connection whose other end has gone; and ajc.deadline cuts a
# query the server never answers (a frozen server still acknowledges every packet) a little
# after the statement timeout.
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
DATABASE_STATEMENT_TIMEOUT = float(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "10"))
AJC_DATABASE_DEADLINE = DATABASE_STATEMENT_TIMEOUT + 2
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": DATABASE_CONNECT_TIMEOUT,
            # JIT compiling costs tens of milliseconds on the few queries big enough to trigger
            # it (counting a common theme's facets at a million items: 83 ms of 361) and never
            # pays back on a web request's short queries.
            "options": f"-c statement_timeout={int(DATABASE_STATEMENT_TIMEOUT * 1000)} -c jit=off",
            "keepalives": 1,
            "keepalives_idle": 30,
            "keepalives_interval": 5,
            "keepalives_count": 3,
            "tcp_user_timeout": int(AJC_DATABASE_DEADLINE * 1000),
        }
    )
# A PostgreSQL read replica (docs/operations.md, "Read replicas"): signed-out readers' and
# members' pages read from it when nothing they could see may have changed in the last
# AJC_REPLICA_MAX_LAG seconds (ajc.replica); facilitators and every write use the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
            conn_health_checks=True,
        ),
        "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
        "TEST": {"MIRROR": "default"},
    }
AJC_READ_REPLICA = "replica" in DATABASES
AJC_REPLICA_MAX_LAG = float(os.environ.get("AJC_REPLICA_MAX_LAG", "30"))
DATABASE_ROUTERS = ["ajc.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The findings' covering index (findings.Item, "item_list_columns") carries extra columns that
# only PostgreSQL stores; SQLite keeps the plain index, which is what this warning says.
SILENCED_SYSTEM_CHECKS = (
    ["models.W040"] if DATABASES["default"]["ENGINE"].endswith("sqlite3") else []
)

# The knowledge base is read-mostly: lists, facets and PDFs are cached per content revision,
# and the revision itself is in the cache (ajc.cache). So the cache must be one store shared by
# every process that serves the site, or a worker goes on serving what another unpublished:
# Redis when REDIS_URL is set, otherwise the database cache (table ajc_cache, which `migrate`
# creates), in development too: `make run` is two processes (the server and the task worker,
# which stores the report PDFs it renders), so a per-process cache would never show the web
# side what the worker made. Production refuses a per-process cache; the test suite uses one
# of its own (ajc/test_settings.py).
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
if PRODUCTION and CACHE_BACKEND in PER_PROCESS_CACHES:
    raise ImproperlyConfigured(
        f"{CACHE_BACKEND} keeps a copy per process: with AJC_ENV=production the cache must be "
        "shared (set REDIS_URL, or leave DJANGO_CACHE_BACKEND unset for the database cache)."
    )
CACHES = {
    "default": {
        "BACKEND": CACHE_BACKEND,
        "LOCATION": CACHE_LOCATION,
        "TIMEOUT": 60 * 60 * 24,
    }
}

# After an edit that narrows nothing (a typo fixed, a point added), readers are given the previous
# version of a cached list while it is older than this, in seconds: at least `at_least`, `factor`
# times what it cost to compute, at most `at_most` (ajc.cache.refresh_interval). So recomputing
# takes at most 1/factor of a process's time however often facilitators save (issue 11). An
# unpublish, a members-only change or a delete is seen at once by everyone, and facilitators
# always see their edit at once.
AJC_REFRESH = {
    "at_least": env_float("AJC_REFRESH_AT_LEAST", 5.0),
    "factor": env_float("AJC_REFRESH_FACTOR", 20.0),
    "at_most": env_float("AJC_REFRESH_AT_MOST", 120.0),
}
# After an edit that narrows, the process that made it computes the most-read public pages
# again (ajc.warming) so that their first readers do not wait for it.
AJC_WARM_AFTER_NARROWING = env_bool("AJC_WARM_AFTER_NARROWING", True)

# Background work (report PDFs, members' digests): Django's tasks framework, stored in the
# database by django-tasks-db and run by `manage.py db_worker` (make run starts one; compose
# runs it as its own service).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Digests go through Django's email backend (Django 6.1's MAILERS): printed to the console in
# development, SMTP in production (DJANGO_EMAIL_HOST, DJANGO_EMAIL_PORT).
EMAIL_BACKEND_PATH = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": (
            {
                "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("DJANGO_EMAIL_PORT", "25")),
            }
            if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "AJC learning groups <noreply@ajc.invalid>"
)
# Digests link back to the site: its address as members reach it.
AJC_SITE_URL = os.environ.get("AJC_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username and address is refused before its password is checked.
    "ajc.auth_backend.ThrottledLoginBackend",
    # Django's ModelBackend, signing in by username or email address.
    "allauth.account.auth_backends.AuthenticationBackend",
]

# --- Accounts (django-allauth) -----------------------------------------------------------
# Every sign-in, the admin's included (ajc/urls.py), goes through allauth's flow: password, then
# the second factor for anyone who has one. Staff must have one before the admin opens
# (accounts.middleware.StaffTwoFactorMiddleware); members may add one. Nobody signs up: people
# join by a facilitator's invitation (accounts.invitations). Throttling: django-axes counts
# failed passwords (below); allauth's own rate limits cover password resets, emailed codes,
# second-factor codes and re-authentication (ACCOUNT_RATE_LIMITS).
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.forms.SignInForm",
    "reset_password": "accounts.forms.ForgottenPasswordForm",
    "reset_password_from_key": "accounts.forms.NewPasswordForm",
    "change_password": "accounts.forms.PasswordChangeForm",
}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# Addresses are confirmed when they change (the link in the email switches to the new one);
# an invitation's link has already proved the first address.
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "AJC learning groups: "
# No "remember me": members keep SESSION_COOKIE_AGE, staff the idle limit.
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# The sign-in page shows its form to someone already signed in too (to sign in as someone
# else), as it always has.
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
# A password reset link works once (its token hashes the password) and for this long; the reset
# ends every other session of the account (Django's session hash changes with the password).
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# The same answer for an unknown address as for a known one, everywhere.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_RATE_LIMITS = {
    # Failed passwords are django-axes' (AXES_* below; accounts.adapter skips allauth's count
    # of them); this limit is for second-factor codes: 5 wrong codes per account in 5 minutes.
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,3/10m/key",
    "reset_password_from_key": "20/m/ip",
    # Invitation links that do not exist (accounts.views.invitation).
    "invitation_link": "10/5m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "AJC learning groups"
MFA_RECOVERY_CODE_COUNT = 10
USERSESSIONS_TRACK_ACTIVITY = True
# Invitations: how long a link works.
AJC_INVITATION_DAYS = int(os.environ.get("AJC_INVITATION_DAYS", "14"))
# --- end of accounts ---------------------------------------------------------------------

# Login throttling (django-axes, ajc.auth_backend.ThrottleHandler). Failures are counted three
# ways, each with its own limit: a username from one address (5: a member mistyping, or one
# attacker guessing one account); a username from any address (20: guessing one account from
# many addresses); an address for any username (30: "spraying" many accounts from one place).
# The pair's limit is low and the others higher, so people sharing an office or council proxy
# rarely lock each other out, and nobody can lock a member out with a handful of guesses. The
# lock lifts by itself after the cool-off (an administrator can lift it sooner); a successful
# login clears the count. Attempts older than the cool-off are deleted at the next failure.
AXES_HANDLER = "ajc.auth_backend.ThrottleHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AJC_LOGIN_FAILURE_LIMIT", "5"))
AJC_LOGIN_FAILURE_LIMITS = {
    ("ip_address", "username"): AXES_FAILURE_LIMIT,
    ("username",): int(os.environ.get("AJC_LOGIN_ACCOUNT_FAILURE_LIMIT", "20")),
    ("ip_address",): int(os.environ.get("AJC_LOGIN_ADDRESS_FAILURE_LIMIT", "30")),
}
# The pair first: ThrottleHandler.reset_user_attempts clears only it on success.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("AJC_LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_RESET_ON_SUCCESS = True
# A locked-out client's further failures are refused without being stored: rows stay bounded
# (one address adds at most its limit per cool-off, whatever usernames it makes up).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "ajc.auth_backend.client_ip"
AXES_USERNAME_CALLABLE = "ajc.auth_backend.throttled_username"
# Our own structured lines (ajc.security_log) say who failed; axes need not also record
# every successful login.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# How many reverse proxies (load balancer, …) sit in front of the app and append to
# X-Forwarded-For. Zero trusts only the socket's address: a client cannot forge its way
# around the throttle.
AJC_TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
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

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_HTTPONLY = True
    # The __Host- prefix makes browsers refuse the cookie unless it is Secure, for this host
    # only and for the whole site: a sibling subdomain cannot plant or overwrite it.
    SESSION_COOKIE_NAME = "__Host-ajc_session"
    CSRF_COOKIE_NAME = "__Host-ajc_csrftoken"

# One JSON object a line in production (for a log collector); readable lines in development.
# Authentication and permission events go to the "ajc.security" logger (ajc.security_log).
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "json" if PRODUCTION else "plain")
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
