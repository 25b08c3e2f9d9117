"""Facilitators record what happened next: each recommendation's response, rating, evidence
and review date; tracked risks and their observations; and see the digests sent.

The response (status, who, when) may be changed only with the "Can change a recommendation's
response" permission: without it those fields are read-only, and a forged post is refused.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.utils.html import format_html

from ajc.visibility import Visibility, held_back, may_publish

from .edits import follow_up_changed
from .models import (
    CHANGE_STATUS_PERMISSION,
    DigestPreference,
    DigestSent,
    Evidence,
    Follow,
    FollowUp,
    Observation,
    TrackedRisk,
)

RESPONSE_FIELDS = ("status", "responded_by", "responded_on")


class FollowUpChangeAdmin:
    """ModelAdmin mixin: every save, deletion and action ends in one call of
    ``followup.edits.follow_up_changed`` (what it causes is listed there), inside the
    transaction that made it."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        deleted = any(formset.deleted_objects for formset in formsets)
        follow_up_changed([obj] if isinstance(obj, FollowUp) else (), narrowing=deleted)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        follow_up_changed(narrowing=True)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        follow_up_changed(narrowing=True)

    def response_action(self, request, queryset, **kwargs):
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().response_action(request, queryset, **kwargs)


class PublishingInline:
    """Evidence and observations have a visibility of their own: as an item's, it is shown,
    not offered, without the permission to publish (``hold_back_publishing``)."""

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if may_publish(request.user) else [*readonly, "visibility"]


def hold_back_publishing(request, formset, under_draft):
    """Save an inline formset of things with a visibility, with each one's visibility as
    ``ajc.visibility.held_back`` allows; ``under_draft(instance)`` says whether what holds
    it is a draft."""
    instances = formset.save(commit=False)
    model = formset.model
    for instance in instances:
        stored = (
            None
            if instance._state.adding
            else model.objects.filter(pk=instance.pk).values_list("visibility", flat=True).first()
        )
        instance.visibility = held_back(
            request.user, stored, instance.visibility, under_draft=under_draft(instance)
        )
        instance.save()
    for instance in formset.deleted_objects:
        instance.delete()
    formset.save_m2m()


class EvidenceInline(PublishingInline, admin.StackedInline):
    model = Evidence
    extra = 0
    fields = ["date", "what", "link", "visibility"]


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["status", "responded_by", "responded_on", "rating", "review_date"]
        widgets = {"responded_by": forms.TextInput(attrs={"size": 60})}


@admin.register(FollowUp)
class FollowUpAdmin(FollowUpChangeAdmin, admin.ModelAdmin):
    form = FollowUpForm
    inlines = [EvidenceInline]
    list_display = ["recommendation_statement", "session", "status", "rating", "review"]
    list_filter = ["status", "rating", "recommendation__session__group"]
    list_select_related = ["recommendation__session__group"]
    search_fields = ["recommendation__statement", "recommendation__text", "responded_by"]
    readonly_fields = ["recommendation_link"]
    fieldsets = [
        (None, {"fields": ["recommendation_link"]}),
        (
            "Response",
            {
                "fields": list(RESPONSE_FIELDS),
                "description": "Who responded is an organisation or a role, never a person's "
                "name: what the groups record stays non-attributed.",
            },
        ),
        ("Implementation", {"fields": ["rating", "review_date"]}),
    ]

    def has_add_permission(self, request):
        return False  # every recommendation has its ledger from the start

    def may_change_response(self, request):
        return request.user.has_perm(CHANGE_STATUS_PERMISSION)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.may_change_response(request):
            fields += RESPONSE_FIELDS
        return fields

    def save_model(self, request, obj, form, change):
        if change and not self.may_change_response(request):
            stored = FollowUp.objects.get(pk=obj.pk)
            if any(getattr(stored, f) != getattr(obj, f) for f in RESPONSE_FIELDS):
                raise PermissionDenied("You may not change a recommendation's response.")
        super().save_model(request, obj, form, change)
        if obj.review_overdue:
            messages.warning(
                request,
                f"The review date {obj.review_date:%d %B %Y} has passed: this review is "
                "overdue and is listed as such.",
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is not Evidence:
            return super().save_formset(request, form, formset, change)
        recommendation = form.instance.recommendation
        hidden = Visibility.DRAFT in {recommendation.visibility, recommendation.session.visibility}
        return hold_back_publishing(request, formset, lambda evidence: hidden)

    @admin.display(description="Recommendation", ordering="recommendation__order")
    def recommendation_statement(self, obj):
        return obj.recommendation.summary[:100]

    @admin.display(description="Session")
    def session(self, obj):
        return obj.recommendation.session.title

    @admin.display(description="Review", ordering="review_date")
    def review(self, obj):
        if obj.review_date is None:
            return "—"
        if obj.review_overdue:
            return format_html("<strong>Overdue</strong> ({})", obj.review_date)
        return obj.review_date

    @admin.display(description="Recommendation")
    def recommendation_link(self, obj):
        return format_html(
            '<a href="{}">{}</a> — {}',
            obj.get_absolute_url(),
            obj.recommendation.summary,
            obj.recommendation.session.title,
        )


class ObservationInline(PublishingInline, admin.TabularInline):
    model = Observation
    extra = 0
    fields = ["session", "risk", "stage", "likelihood", "impact", "exposed", "visibility", "note"]
    autocomplete_fields = ["session", "risk"]


@admin.register(TrackedRisk)
class TrackedRiskAdmin(FollowUpChangeAdmin, admin.ModelAdmin):
    list_display = ["title", "observation_count"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ObservationInline]

    def save_formset(self, request, form, formset, change):
        def under_draft(observation):
            holders = [observation.session, observation.risk]
            return any(holder.visibility == Visibility.DRAFT for holder in holders if holder)

        return hold_back_publishing(request, formset, under_draft)

    @admin.display(description="Observations")
    def observation_count(self, obj):
        return obj.observations.count()


@admin.register(DigestSent)
class DigestSentAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency", "period_start", "claimed_at", "delivered"]
    list_filter = ["frequency", ("delivered_at", admin.EmptyFieldListFilter)]
    readonly_fields = [f.name for f in DigestSent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Delivered", boolean=True)
    def delivered(self, obj):
        return obj.delivered_at is not None


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "target_kind", "created_at"]
    list_select_related = ["user"]
    raw_id_fields = ["user", "recommendation", "tracked_risk", "theme", "group"]


@admin.register(DigestPreference)
class DigestPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency", "subscribed"]
    list_filter = ["frequency", "subscribed"]
    raw_id_fields = ["user"]
