from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from ajc.visibility import Visibility
from findings.admin import ThemesInFormMixin
from findings.models import Finding, Recommendation, Risk

from .admin_forms import FigureAdminForm, SessionAdminForm
from .admin_recovery import RecoverDeletedAdmin
from .models import Attendance, Figure, LearningGroup, Sector, Session, TopicHeading
from .report import ReportRequestError, select_report_for_sessions
from .report_views import pdf_response

admin.site.site_header = "AJC learning groups: facilitators"
admin.site.site_title = "AJC knowledge base admin"
admin.site.index_title = "Write up and publish sessions"


@admin.register(LearningGroup)
class LearningGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "focus", "inaugural_meeting", "session_count"]
    list_filter = ["organisation"]
    search_fields = ["name", "focus", "introduction"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_sessions=Count("sessions"))

    @admin.display(description="sessions", ordering="num_sessions")
    def session_count(self, obj):
        return obj.num_sessions


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    list_filter = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    verbose_name = "attendance (headcount per sector: never names)"


class TopicHeadingInline(admin.TabularInline):
    model = TopicHeading
    extra = 0
    fields = ["order", "title", "introduction"]


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


class FigureInline(admin.StackedInline):
    model = Figure
    form = FigureAdminForm
    extra = 0
    fields = ["number", "image", "caption", "alt_text"]


@admin.register(Session)
class SessionAdmin(RecoverDeletedAdmin):
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
        (None, {"fields": ["group", "number", "subject", "heading_subject", "opened_at_revision"]}),
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

    @admin.display(description="items", ordering="num_items")
    def item_count(self, obj):
        return obj.num_items

    @admin.display(description="date", ordering="date")
    def date_display(self, obj):
        return obj.date_display

    def _set_visibility(self, request, queryset, visibility, verb):
        if not request.user.has_perm("ajc_sessions.publish_session"):
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
        # One session gives its own report; several of one group give one combined report.
        sessions = list(queryset.select_related("group").order_by("number"))
        try:
            selection = select_report_for_sessions(request.user, sessions)
        except ReportRequestError as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        except Session.DoesNotExist:
            self.message_user(request, "You may not see all of these sessions.", messages.ERROR)
            return None
        return pdf_response(request, selection, selection.group)


@admin.register(TopicHeading)
class TopicHeadingAdmin(admin.ModelAdmin):
    list_display = ["title", "session", "order"]
    list_filter = ["session__group", "session"]
    list_select_related = ["session__group"]
    search_fields = ["title", "introduction"]
    autocomplete_fields = ["session"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["session", "sector", "headcount"]
    list_filter = ["sector", "session__group"]
    list_select_related = ["session__group", "sector"]
    search_fields = ["session__subject", "sector__name"]
    autocomplete_fields = ["session"]


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    form = FigureAdminForm
    fields = ["session", "number", "image", "caption", "alt_text"]
    list_display = ["__str__", "session"]
    list_filter = ["session__group"]
    list_select_related = ["session__group"]
    search_fields = ["caption", "alt_text"]
    autocomplete_fields = ["session"]
