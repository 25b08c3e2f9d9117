"""Admin for themes and items, and the session's page, which edits a session with its parts
and its learning points, risks and recommendations on one screen."""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html

from ajc.stale_saves import StaleSaveGuardAdmin
from ajc.visibility import PUBLISH_PERMISSION, Visibility
from sessions.admin import AttendanceInline, FigureInline, TopicHeadingInline
from sessions.admin_forms import SessionAdminForm
from sessions.models import Session, TopicHeading

from .admin_recovery import RecoverDeletedAdmin
from .models import Finding, Item, Recommendation, Risk, Theme


def theme_field(admin_site):
    """Themes picked with the admin's autocomplete (a plain multi-select without JavaScript)."""
    return forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        widget=AutocompleteSelectMultiple(Item._meta.get_field("themes"), admin_site),
        help_text="Start typing a theme's name. Add new themes under Themes.",
    )


class ThemesInFormMixin:
    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "themes":
            return theme_field(self.admin_site)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Theme)
class ThemeAdmin(StaleSaveGuardAdmin, admin.ModelAdmin):
    list_display = ["name", "slug", "featured", "item_count"]
    list_filter = ["featured"]
    search_fields = ["name", "slug", "description"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_items=Count("themed_items"))

    @admin.display(description="items", ordering="num_items")
    def item_count(self, obj):
        return obj.num_items


class ItemAdmin(StaleSaveGuardAdmin, ThemesInFormMixin, RecoverDeletedAdmin):
    """One list per kind; the session's own page edits them all together.

    History, revert and recovery come from RecoverDeletedAdmin; a revert also brings back the
    themes the item had in that version.
    """

    recovery_model = Item

    list_display = ["short_text", "session", "topic", "visibility", "theme_list"]
    list_filter = ["visibility", "session__group", "session", "themed_items__tag"]
    list_select_related = ["session__group", "topic"]
    search_fields = ["text", "session__subject", "topic__title"]
    autocomplete_fields = ["session"]
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 50

    delete_confirmation_template = "admin/findings/delete_confirmation.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("themes")

    def delete_view(self, request, object_id, extra_context=None):
        # Say which risks or recommendations lose their link to this one.
        item = Item.objects.filter(pk=object_id).first() if str(object_id).isdigit() else None
        unlinked = [*item.answers.all(), *item.answered_by.all()] if item is not None else []
        return super().delete_view(
            request, object_id, {**(extra_context or {}), "unlinked": unlinked}
        )

    @admin.display(description="text")
    def short_text(self, obj):
        return str(obj).split(": ", 1)[-1]

    @admin.display(description="themes")
    def theme_list(self, obj):
        return ", ".join(theme.name for theme in obj.themes.all())

    kind_fields: list[str] = []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        match = request.resolver_match
        if match and match.url_name.endswith("_simple_history"):
            version_id = match.args[1]
            record = Item.history.filter(history_id=version_id).first()
            if record is not None:
                themes = list(Theme.objects.filter(slug__in=record.theme_slug_list))

                class RevertForm(form):
                    def __init__(self, *args, **kwargs):
                        super().__init__(*args, **kwargs)
                        self.initial["themes"] = themes

                return RevertForm
        return form

    def get_fields(self, request, obj=None):
        return ["session", "topic", "order", "text", *self.kind_fields, "themes", "visibility"]


@admin.register(Finding)
class FindingAdmin(ItemAdmin):
    kind_fields = ["agreement", "sectors"]
    list_display = [*ItemAdmin.list_display, "agreement"]
    list_filter = [*ItemAdmin.list_filter, "agreement", "sectors"]
    filter_horizontal = ["sectors"]


@admin.register(Risk)
class RiskAdmin(ItemAdmin):
    kind_fields = ["exposed"]
    list_display = [*ItemAdmin.list_display, "exposed"]
    list_filter = [*ItemAdmin.list_filter, "exposed"]


@admin.register(Recommendation)
class RecommendationAdmin(ItemAdmin):
    kind_fields = ["audience", "strength", "answers"]
    list_display = [*ItemAdmin.list_display, "audience", "strength"]
    list_filter = [*ItemAdmin.list_filter, "audience", "strength"]
    autocomplete_fields = ["session", "answers"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "answers":
            kwargs["queryset"] = Item.objects.filter(kind=Item.Kind.RISK)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Item)
class AnyItemAdmin(ItemAdmin):
    """Searchable list of every kind together; also what 'answers' autocompletes against."""

    list_display = ["short_text", "kind", "session", "visibility"]
    list_filter = ["kind", *ItemAdmin.list_filter]
    kind_fields = ["kind"]

    def has_add_permission(self, request):
        return False


class ItemInline(ThemesInFormMixin, admin.StackedInline):
    extra = 0
    kind_fields: list[str] = []
    classes = ["collapse"]

    def get_fields(self, request, obj=None):
        return ["order", "topic", "text", *self.kind_fields, "themes", "visibility"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the headings of the session being edited.
        if db_field.name == "topic":
            session_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = TopicHeading.objects.filter(session_id=session_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class FindingInline(ItemInline):
    model = Finding
    kind_fields = ["agreement", "sectors"]
    verbose_name = "learning point"


class RiskInline(ItemInline):
    model = Risk
    kind_fields = ["exposed"]


class RecommendationInline(ItemInline):
    model = Recommendation
    kind_fields = ["audience", "strength", "answers"]
    autocomplete_fields = ["answers"]


@admin.register(Session)
class SessionAdmin(StaleSaveGuardAdmin, RecoverDeletedAdmin):
    form = SessionAdminForm
    list_display = [
        "__str__",
        "date_display",
        "location",
        "status",
        "visibility",
        "item_count",
        "pdf_report_link",
    ]
    list_display_links = ["__str__"]
    list_filter = ["group", "status", "visibility"]
    list_select_related = ["group"]
    search_fields = ["subject", "location", "focus", "conclusion"]
    date_hierarchy = "date"
    save_on_top = True
    actions = [
        "publish_publicly",
        "publish_to_members",
        "unpublish",
        "download_pdf_report",
    ]
    readonly_fields = [
        "revision",
        "published_at",
        "created_at",
        "updated_at",
        "pdf_report_link",
    ]
    fieldsets = [
        (None, {"fields": ["group", "number", "subject", "heading_subject"]}),
        ("When and where", {"fields": ["location", "date", "date_precision", "status"]}),
        (
            "Publishing",
            {"fields": ["visibility", "published_at", "revision", "updated_at", "pdf_report_link"]},
        ),
        (
            "The report",
            {
                "fields": [
                    "report_note",
                    "focus",
                    "circumstances",
                    "learning_points_intro",
                    "risks_intro",
                    "conclusion",
                ]
            },
        ),
        ("Private", {"fields": ["facilitator_notes"], "classes": ["collapse"]}),
    ]
    inlines = [
        AttendanceInline,
        TopicHeadingInline,
        FindingInline,
        RiskInline,
        RecommendationInline,
        FigureInline,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_items=Count("items"))

    def get_readonly_fields(self, request, obj=None):
        # Publishing is a permission of its own: without it, visibility is shown, not offered,
        # so no form post can change it (a new session stays a draft).
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(PUBLISH_PERMISSION):
            readonly.append("visibility")
        return readonly

    @admin.display(description="items", ordering="num_items")
    def item_count(self, obj):
        return obj.num_items

    @admin.display(description="date", ordering="date")
    def date_display(self, obj):
        return obj.date_display

    def _set_visibility(self, request, queryset, visibility, verb):
        if not request.user.has_perm(PUBLISH_PERMISSION):
            self.message_user(request, "You do not have permission to publish.", messages.ERROR)
            return
        count = 0
        for session in queryset:
            session.visibility = visibility
            session.save()
            count += 1
        self.message_user(request, f"{count} session(s) {verb}.", messages.SUCCESS)

    @admin.action(description="Publish selected sessions to everyone", permissions=["change"])
    def publish_publicly(self, request, queryset):
        self._set_visibility(request, queryset, Visibility.PUBLIC, "published to everyone")

    @admin.action(description="Publish selected sessions to members only", permissions=["change"])
    def publish_to_members(self, request, queryset):
        self._set_visibility(request, queryset, Visibility.MEMBERS, "published to members only")

    @admin.action(description="Unpublish selected sessions (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_visibility(request, queryset, Visibility.DRAFT, "returned to draft")

    @admin.display(description="PDF report")
    def pdf_report_link(self, obj):
        if obj is None or obj.pk is None:
            return "Save the session first."
        url = reverse(
            "reports:session_pdf", kwargs={"group_slug": obj.group.slug, "number": obj.number}
        )
        return format_html(
            '<a href="{}">PDF<span class="visually-hidden"> report of session {}</span></a>',
            url,
            obj.number,
        )

    @admin.action(description="Download PDF report of selected sessions", permissions=["view"])
    def download_pdf_report(self, request, queryset):
        # One session gives its own report; several of one group give one combined report,
        # served (and checked against what the facilitator may see) by the report's own URL.
        sessions = list(queryset.select_related("group").order_by("number"))
        if len({session.group_id for session in sessions}) > 1:
            self.message_user(
                request,
                "A report covers sessions of one learning group: choose sessions of one group "
                "only.",
                messages.ERROR,
            )
            return None
        group = sessions[0].group
        numbers = urlencode([("session", session.number) for session in sessions])
        return redirect(
            reverse("reports:combined_pdf", kwargs={"group_slug": group.slug}) + f"?{numbers}"
        )
