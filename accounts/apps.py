from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Members' and facilitators' own accounts, on django-allauth: invitations, two-factor
    for staff, "Your account", the privacy notice."""

    name = "accounts"
    verbose_name = "People and invitations"
