from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from . import invitations, people
from .forms import InviteForm
from .middleware import SECOND_FACTORS
from .models import Invitation, InvitationState, Person


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return InvitationState.choices

    def queryset(self, request, queryset):
        if self.value() in InvitationState.values:
            return queryset.in_state(self.value())
        return queryset


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "organisation", "sector", "state", "sent_at", "expires_at"]
    list_filter = [StateFilter, "sector"]
    list_select_related = ["sector", "invited_by"]
    search_fields = ["name", "email", "organisation"]
    readonly_fields = [
        "name",
        "email",
        "organisation",
        "sector",
        "next_url",
        "invited_by",
        "state",
        "sent_at",
        "expires_at",
        "accepted_at",
        "withdrawn_at",
        "user",
    ]
    fields = readonly_fields
    actions = ["resend", "withdraw"]

    @admin.display(description="state")
    def state(self, invitation):
        return invitation.state.label

    def add_view(self, request, form_url="", extra_context=None):
        """Adding is inviting: one person or a list, pasted or from a CSV file."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = InviteForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            for row in form.cleaned_data["rows"]:
                invitation, note = invitations.invite(
                    row, request.user, form.cleaned_data["next_url"]
                )
                messages.add_message(
                    request, messages.SUCCESS if invitation else messages.WARNING, note
                )
            return redirect("admin:accounts_invitation_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "Invite people",
            "days": settings.AJC_INVITATION_DAYS,
            "form": form,
            "opts": self.model._meta,
            "has_view_permission": self.has_view_permission(request),
        }
        return TemplateResponse(
            request,
            "admin/accounts/invitation/invite.html",
            context,
            status=400 if form.errors else 200,
        )

    def has_delete_permission(self, request, obj=None):
        # Withdrawn and expired invitations stay listed: what was sent to whom, and when.
        return request.user.is_superuser

    @admin.action(description="Send again (a new link; the old one stops working)")
    def resend(self, request, queryset):
        sent = 0
        for invitation in queryset.exclude(accepted_at__isnull=False):
            invitations.send(invitation)
            sent += 1
        skipped = queryset.count() - sent
        self.message_user(request, f"Sent again: {sent}. Already accepted, not sent: {skipped}.")

    @admin.action(description="Withdraw (the link stops working)")
    def withdraw(self, request, queryset):
        count = 0
        for invitation in queryset.in_state(InvitationState.SENT):
            invitations.withdraw(invitation)
            count += 1
        self.message_user(request, f"Withdrawn: {count}.")


class PersonForm(forms.ModelForm):
    role = forms.ChoiceField(
        choices=people.ROLES,
        help_text="Facilitators write up and publish sessions in this admin, and need "
        "two-factor authentication to open it.",
    )

    class Meta:
        model = Person
        fields = ["first_name", "last_name", "email", "is_active"]
        labels = {"is_active": "Active (may sign in)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["role"] = people.role_of(self.instance)

    def clean(self):
        cleaned = super().clean()
        leaving = not cleaned.get("is_active", True) or cleaned.get("role") == people.ROLE_MEMBER
        if self.instance.pk and leaving:
            refusal = people.last_facilitator_refusal(self.instance)
            if refusal:
                raise forms.ValidationError(refusal)
        return cleaned


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """People with an account: facilitators deactivate them, change their role and see when
    they last signed in. Administrators (superusers) are not listed for facilitators."""

    form = PersonForm
    list_display = [
        "username",
        "full_name",
        "email",
        "role",
        "is_active",
        "two_factor",
        "last_login",
    ]
    list_filter = ["is_staff", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    readonly_fields = ["username", "last_login", "date_joined", "two_factor"]
    fields = [
        "username",
        "first_name",
        "last_name",
        "email",
        "role",
        "is_active",
        "two_factor",
        "last_login",
        "date_joined",
    ]
    actions = ["deactivate", "make_member", "make_facilitator"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("authenticator_set")
        return queryset if request.user.is_superuser else queryset.filter(is_superuser=False)

    def has_add_permission(self, request):
        return False  # people join by invitation

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead; people delete their own accounts

    @admin.display(description="name")
    def full_name(self, person):
        return person.get_full_name()

    @admin.display(description="role")
    def role(self, person):
        return dict(people.ROLES)[people.role_of(person)]

    @admin.display(description="two-factor", boolean=True)
    def two_factor(self, person):
        return any(a.type in SECOND_FACTORS for a in person.authenticator_set.all())

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        people.set_role(obj, form.cleaned_data["role"])
        if not obj.is_active:
            people.end_sessions(obj)

    def _change_each(self, request, queryset, change, done):
        changed, refused = 0, []
        for person in queryset:
            refusal = people.last_facilitator_refusal(person)
            if refusal:
                refused.append(refusal)
                continue
            change(person)
            changed += 1
        if changed:
            self.message_user(request, f"{done}: {changed}.")
        for refusal in refused:
            self.message_user(request, refusal, messages.ERROR)

    @admin.action(description="Deactivate (they can no longer sign in)")
    def deactivate(self, request, queryset):
        def change(person):
            person.is_active = False
            person.save(update_fields=["is_active"])
            people.end_sessions(person)

        self._change_each(request, queryset.filter(is_active=True), change, "Deactivated")

    @admin.action(description="Make member")
    def make_member(self, request, queryset):
        self._change_each(
            request,
            queryset.filter(is_staff=True),
            lambda person: people.set_role(person, people.ROLE_MEMBER),
            "Made members",
        )

    @admin.action(description="Make facilitator")
    def make_facilitator(self, request, queryset):
        for person in queryset.filter(is_staff=False):
            people.set_role(person, people.ROLE_FACILITATOR)
        self.message_user(
            request,
            "Made facilitators. They set up two-factor authentication the first time they "
            "open the admin.",
        )
