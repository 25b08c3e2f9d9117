from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from . import invitations
from .forms import InviteForm
from .models import Invitation, InvitationState


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
