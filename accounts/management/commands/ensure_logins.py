"""Create (or reset) the demonstration logins and print how to sign in.

``make run`` calls this so a new user can sign in as a facilitator straight away. Passwords
are generated afresh each time unless AJC_FACILITATOR_PASSWORD / AJC_MEMBER_PASSWORD are set.
The facilitator needs a second factor for the admin: a fresh TOTP secret is printed (type it
into an authenticator app, or compute a code with ``python -c "import pyotp;
print(pyotp.TOTP('SECRET').now())"``), with recovery codes that work once each.
"""

import os
import secrets

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand


def reset_second_factor(user) -> tuple[str, list[str]]:
    """A fresh TOTP secret and recovery codes for the user, replacing any they had."""
    Authenticator.objects.filter(user=user).delete()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret, RecoveryCodes.activate(user).get_unused_codes()


class Command(BaseCommand):
    help = "Create the 'facilitator' and 'member' logins for trying the site, and print them."

    def handle(self, *args, **options):
        User = get_user_model()
        facilitators = Group.objects.get(name="Facilitators")
        logins = [
            ("facilitator", os.environ.get("AJC_FACILITATOR_PASSWORD"), True),
            ("member", os.environ.get("AJC_MEMBER_PASSWORD"), False),
        ]
        lines = []
        for username, password, is_facilitator in logins:
            password = password or secrets.token_urlsafe(12)
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = is_facilitator
            user.is_active = True
            # An address at a reserved domain: digests reach the console in development.
            user.email = f"{username}@example.org"
            user.set_password(password)
            user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
            lines.append(f"  {username:<12} password: {password}")
            if is_facilitator:
                user.groups.add(facilitators)
                secret, codes = reset_second_factor(user)
                lines.append(f"  {'':<12} two-factor (TOTP) secret: {secret}")
                lines.append(f"  {'':<12} recovery codes (once each): {' '.join(codes[:3])}")
        self.stdout.write(
            self.style.SUCCESS("Sign in at http://127.0.0.1:8000/accounts/login/ as:")
        )
        self.stdout.write("\n".join(lines))
        self.stdout.write(
            "The facilitator can also use the admin: http://127.0.0.1:8000/admin/ (after the "
            "password, type the code an authenticator app shows for the secret, or a recovery "
            "code)."
        )
