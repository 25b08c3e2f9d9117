"""How allauth fits this site: nobody signs up (people join by invitation)."""

from allauth.account.adapter import DefaultAccountAdapter

QUIET_MESSAGES = {"account/messages/logged_in.txt", "account/messages/logged_out.txt"}


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Members join by a facilitator's invitation (accounts.invitations), never by signing
        # themselves up.
        return False

    def pre_authenticate(self, request, **credentials):
        # Failed passwords are counted by django-axes (ajc.auth_backend), with its three limits
        # and its lockout page; allauth's "login_failed" limit is left to second-factor codes
        # (ACCOUNT_RATE_LIMITS), so one wrong password is not counted twice.
        pass

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        # Signing in and out say nothing, as before allauth: the page itself shows who is
        # signed in, and no messages cookie is set beside the session's on sign-in.
        if message_template in QUIET_MESSAGES:
            return
        super().add_message(request, level, message_template, *args, **kwargs)
