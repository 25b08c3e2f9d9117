"""Admin for groups, sectors and a session's parts. The session's own page, which edits its
items too, is in ``findings.admin`` (the app above this one)."""

from django.contrib import admin
from django.db.models import Count

from ajc.stale_saves import StaleSaveGuardAdmin

from .admin_forms import FigureAdminForm, FigureForm
from .models import Attendance, Figure, LearningGroup, ProgrammeRow, Sector, Speaker, TopicHeading

admin.site.site_header = "AJC learning groups: facilitators"
admin.site.site_title = "AJC knowledge base admin"
admin.site.index_title = "Write up and publish sessions"


@admin.register(LearningGroup)
class LearningGroupAdmin(StaleSaveGuardAdmin, admin.ModelAdmin):
    list_display = ["name", "organisation", "focus", "inaugural_meeting", "session_count"]
    list_filter = ["organisation"]
    search_fields = ["name", "focus", "introduction", "series_title"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "organisation", "focus"]}),
        (
            "The report frame",
            {
                "description": "How this group's or series' reports name it and number its "
                "events: 'Round Table Action Learning Session 4' or 'Seminar Four'.",
                "fields": [
                    "series_title",
                    "report_kind",
                    "event_word",
                    "heading_prefix",
                    "number_style",
                    "schedule_caption",
                    "conclusion_heading",
                ],
            },
        ),
        (
            "Introduction",
            {
                "fields": [
                    "introduction",
                    "inaugural_meeting",
                    "inaugural_location",
                    "findings_sharing",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_sessions=Count("sessions"))

    @admin.display(description="sessions", ordering="num_sessions")
    def session_count(self, obj):
        return obj.num_sessions


@admin.register(Sector)
class SectorAdmin(StaleSaveGuardAdmin, admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_filter = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    verbose_name = "sector present"
    verbose_name_plural = (
        "Sectors present (leave the headcount empty if the report gives none). Participants "
        "are never named: only their sectors"
    )


class TopicHeadingInline(admin.TabularInline):
    model = TopicHeading
    extra = 0
    fields = ["order", "level", "title", "introduction"]
    verbose_name_plural = "Topic headings (typed here, they are offered to items after saving)"


class ProgrammeRowInline(admin.TabularInline):
    model = ProgrammeRow
    extra = 0
    fields = ["order", "time", "title"]
    show_change_link = True
    verbose_name_plural = (
        "Programme (time and title; add each row's speakers from its own page). Speakers are "
        "public presenters and are named; participants are never named"
    )


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 1
    fields = ["order", "name", "role", "organisation"]
    verbose_name_plural = (
        "Speakers: public presenters, named in the programme. Never enter participants here"
    )


@admin.register(ProgrammeRow)
class ProgrammeRowAdmin(StaleSaveGuardAdmin, admin.ModelAdmin):
    list_display = ["__str__", "session"]
    list_filter = ["session__group"]
    list_select_related = ["session__group"]
    search_fields = ["title", "speakers__name", "speakers__organisation"]
    autocomplete_fields = ["session"]
    fields = ["session", "order", "time", "title"]
    inlines = [SpeakerInline]


class FigureInline(admin.StackedInline):
    model = Figure
    form = FigureForm
    extra = 0
    fields = ["number", "order", "image", "caption", "alt_text"]


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
    fields = ["session", "sector", "headcount"]
    list_filter = ["sector", "session__group"]
    list_select_related = ["session__group", "sector"]
    search_fields = ["session__subject", "sector__name"]
    autocomplete_fields = ["session"]


@admin.register(Figure)
class FigureAdmin(StaleSaveGuardAdmin, admin.ModelAdmin):
    form = FigureAdminForm
    fields = ["session", "number", "order", "image", "caption", "alt_text"]
    list_display = ["__str__", "session"]
    list_filter = ["session__group"]
    list_select_related = ["session__group"]
    search_fields = ["caption", "alt_text"]
    autocomplete_fields = ["session"]
