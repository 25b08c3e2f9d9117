"""Signing in: password rules, accounts on django-allauth (invitations, resets, two-factor),
sign-in throttling (django-axes) and the open data API's limits. Part of every environment's
settings (imported by ``base``)."""

import datetime
import os

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
    # Emailed sign-in codes: 3 mails to one address in 10 minutes; each code takes 3 tries
    # (ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS) and lasts ACCOUNT_LOGIN_BY_CODE_TIMEOUT.
    "request_login_code": "20/m/ip,3/10m/key",
}
# Signing in by a code sent to one's address instead of a password (issue 26, point 1). Anyone
# with a second factor is still asked for it after the code.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 60 * 10
# Second factors: an authenticator app (TOTP) with recovery codes, or a security key or passkey
# (WebAuthn, which the fido2 package verifies). A passkey that checks its owner (fingerprint,
# PIN) also signs in on its own, both factors in one ("Sign in with a passkey").
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "AJC learning groups"
MFA_RECOVERY_CODE_COUNT = 10
# Signed-in devices are recorded when they sign in, not stamped on every request: a member's
# page view reads the database and writes nothing (a write per request would cost every page).
USERSESSIONS_TRACK_ACTIVITY = False
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
# The open data API's limits per reader (findings.api.ReaderThrottle): requests per second,
# minute, hour or day ("120/m") from one address when signed out, one account when signed in.
# Past it, a 429 with Retry-After.
AJC_API_RATE_LIMITS = {
    "anonymous": os.environ.get("AJC_API_RATE_ANONYMOUS", "120/m"),
    "signed_in": os.environ.get("AJC_API_RATE_SIGNED_IN", "600/m"),
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
