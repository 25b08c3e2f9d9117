"""Admin for groups, sectors and a session's parts. The session's own page, which edits its
items too, is in ``findings.admin`` (the app above this one)."""

from django.contrib import admin
from django.db.models import Count

from ajc.stale_saves import StaleSaveGuardAdmin

from .admin_forms import FigureAdminForm, FigureForm
from .models import Attendance, Figure, LearningGroup, Sector, TopicHeading

admin.site.site_header = "AJC learning groups: facilitators"
admin.site.site_title = "AJC knowledge base admin"
admin.site.index_title = "Write up and publish sessions"


@admin.register(LearningGroup)
class LearningGroupAdmin(StaleSaveGuardAdmin, admin.ModelAdmin):
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
class SectorAdmin(StaleSaveGuardAdmin, admin.ModelAdmin):
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


class FigureInline(admin.StackedInline):
    model = Figure
    form = FigureForm
    extra = 0
    fields = ["number", "image", "caption", "alt_text"]


@admin.register(TopicHeading)
class TopicHeadingAdmin(StaleSaveGuardAdmin, admin.ModelAdmin):
    list_display = ["title", "session", "order"]
    list_filter = ["session__group", "session"]
    list_select_related = ["session__group"]
    search_fields = ["title", "introduction"]
    autocomplete_fields = ["session"]


@admin.register(Attendance)
class AttendanceAdmin(StaleSaveGuardAdmin, admin.ModelAdmin):
    list_display = ["session", "sector", "headcount"]
    list_filter = ["sector", "session__group"]
    list_select_related = ["session__group", "sector"]
    search_fields = ["session__subject", "sector__name"]
    autocomplete_fields = ["session"]


@admin.register(Figure)
class FigureAdmin(StaleSaveGuardAdmin, admin.ModelAdmin):
    form = FigureAdminForm
    fields = ["session", "number", "image", "caption", "alt_text"]
    list_display = ["__str__", "session"]
    list_filter = ["session__group"]
    list_select_related = ["session__group"]
    search_fields = ["caption", "alt_text"]
    autocomplete_fields = ["session"]
