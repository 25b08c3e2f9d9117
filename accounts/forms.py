from allauth.account.forms import (
    ChangePasswordForm,
    LoginForm,
    ResetPasswordForm,
    ResetPasswordKeyForm,
)
from allauth.core import ratelimit
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError

from .invitations import parse_rows, safe_next


class SignInForm(LoginForm):
    """allauth's sign-in form, posting its first field as ``username`` (``id_username``) as the
    site's sign-in form always has, so bookmarks, password managers and the throttle's
    username (ajc.auth_backend.throttled_username) keep working. It takes a username or an
    email address."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Username or email address"

    def add_prefix(self, field_name):
        return "username" if field_name == "login" else super().add_prefix(field_name)


class ForgottenPasswordForm(ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"


class NewPasswordForm(ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = "New password"
        self.fields["password2"].label = "New password again"
        self.fields["password1"].help_text = ""


class PasswordChangeForm(ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].label = "Current password"
        self.fields["password1"].label = "New password"
        self.fields["password2"].label = "New password again"
        self.fields["password1"].help_text = ""


BY_PASSWORD, BY_CODE = "password", "code"


class AcceptInvitationForm(forms.Form):
    """An invitee chooses how they sign in: their name, a username, and a password or none (a
    code emailed to them at each sign-in)."""

    name = forms.CharField(label="Your name", max_length=150)
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="You sign in with this or your email address. Letters, digits and @ . + - _",
        validators=[UnicodeUsernameValidator()],
    )
    # Not required: a form posted without it (an older page) means a password.
    sign_in_by = forms.ChoiceField(
        label="How you will sign in",
        choices=[
            (BY_PASSWORD, "With a password I choose now"),
            (BY_CODE, "Without a password: a code emailed to me each time I sign in"),
        ],
        initial=BY_PASSWORD,
        required=False,
        widget=forms.RadioSelect,
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. A few unusual words make a good one.",
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError("That username is taken: choose another.")
        return username

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sign_in_by") == BY_CODE:
            cleaned["password1"] = cleaned["password2"] = None
            return cleaned
        cleaned["sign_in_by"] = BY_PASSWORD
        first, second = cleaned.get("password1"), cleaned.get("password2")
        for field, typed in (("password1", first), ("password2", second)):
            if not typed:
                self.add_error(field, "This field is required.")
        if first and second and first != second:
            self.add_error("password2", "The two passwords are not the same.")
        elif first:
            candidate = get_user_model()(
                username=cleaned.get("username", ""), email=self.invitation.email
            )
            try:
                validate_password(first, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InviteForm(forms.Form):
    """A facilitator invites people: pasted lines or a CSV file, both name, email,
    organisation, sector."""

    people = forms.CharField(
        label="People to invite",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text=(
            "One person a line: name, email, organisation, sector (organisation and sector "
            "may be left empty). For example: Sam Jones, sam@example.org, Havant Council, Public"
        ),
    )
    csv_file = forms.FileField(
        label="Or a CSV file",
        required=False,
        help_text="Columns name, email, organisation, sector; a header row is optional.",
    )
    next_url = forms.CharField(
        label="Page they are invited to",
        initial="/",
        max_length=300,
        help_text="Where they land once they have chosen a password, e.g. /findings/.",
    )

    def clean_csv_file(self):
        upload = self.cleaned_data.get("csv_file")
        if not upload:
            return ""
        if upload.size > 1_000_000:
            raise ValidationError("That file is too large: split the list (1 MB at most).")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                "That file is not text in UTF-8: save it from your spreadsheet as “CSV UTF-8”."
            ) from None

    def clean(self):
        cleaned = super().clean()
        text = "\n".join(filter(None, [cleaned.get("people", ""), cleaned.get("csv_file", "")]))
        if self.errors:
            return cleaned
        rows, problems = parse_rows(text)
        for problem in problems:
            self.add_error(None, problem)
        if not rows and not problems:
            self.add_error("people", "Type at least one person, or choose a CSV file.")
        if safe_next(cleaned.get("next_url", "")) != cleaned.get("next_url"):
            self.add_error("next_url", "Give a page of this site, starting with /.")
        cleaned["rows"] = rows
        return cleaned


class NameForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name"]
        labels = {"first_name": "First name", "last_name": "Last name"}


class DeleteAccountForm(forms.Form):
    """Deleting an account asks for the password: a borrowed, signed-in browser is not
    enough. Someone without a password (they sign in by emailed codes) has confirmed it is them
    by a code before the page opens (accounts.views.delete)."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, **kwargs):
        self.request, self.user = request, request.user
        super().__init__(*args, **kwargs)
        if not self.user.has_usable_password():
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        # Guessing the password here is throttled like allauth's re-authentication page.
        if not ratelimit.consume(self.request, action="reauthenticate", user=self.user):
            raise ValidationError("Too many attempts: wait a minute and try again.")
        if not self.user.check_password(password):
            raise ValidationError("That is not your password.")
        return password
