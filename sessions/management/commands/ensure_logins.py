"""Create (or reset) the demonstration logins and print how to sign in.

``make run`` calls this so a new user can sign in as a facilitator straight away. Passwords
are generated afresh each time unless AJC_FACILITATOR_PASSWORD / AJC_MEMBER_PASSWORD are set.
"""

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand


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
            user.set_password(password)
            user.save()
            if is_facilitator:
                user.groups.add(facilitators)
            lines.append(f"  {username:<12} password: {password}")
        self.stdout.write(
            self.style.SUCCESS("Sign in at http://127.0.0.1:8000/accounts/login/ as:")
        )
        self.stdout.write("\n".join(lines))
        self.stdout.write("The facilitator can also use the admin: http://127.0.0.1:8000/admin/")
