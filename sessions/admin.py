"""Admin for groups, sectors and a session's parts. The session's own page, which edits its
items too, is in ``findings.admin`` (the app above this one)."""

from django.contrib import admin
from django.db import router, transaction
from django.db.models import Count

from ajc.stale_saves import StaleSaveGuardAdmin

from .admin_forms import FigureAdminForm, FigureForm
from .edits import content_changed, stored_visibility, was_narrowed
from .models import (
    Attendance,
    Figure,
    LearningGroup,
    ProgrammeRow,
    Sector,
    Session,
    Speaker,
    TopicHeading,
)

admin.site.site_header = "AJC learning groups: facilitators"
admin.site.site_title = "AJC knowledge base admin"
admin.site.index_title = "Write up and publish sessions"


class ContentChangeAdmin:
    """ModelAdmin mixin: every save, revert, deletion and action on content ends in one call of
    ``sessions.edits.content_changed`` (what it causes is listed there), inside the
    transaction that made it.

    A change page's save ends in ``save_related`` (after its inlines and many-to-many fields);
    simple-history's revert calls no ``save_related``, so ``log_change`` (its last step, as it is
    the change page's) finishes what ``save_model`` began if nothing did yet. Actions run in a
    transaction of their own (Django's do not)."""

    def changed_sessions(self, obj) -> list[int]:
        """The sessions whose content ``obj`` is part of."""
        if isinstance(obj, Session):
            return [obj.pk]
        if isinstance(obj, Speaker):
            return list(
                ProgrammeRow.objects.filter(pk=obj.row_id).values_list("session_id", flat=True)
            )
        session_id = getattr(obj, "session_id", None)
        return [session_id] if session_id is not None else []

    def change_of(self, obj) -> dict:
        """``content_changed``'s arguments for a change to ``obj``, but ``narrowing``: its
        sessions, and the one it was in before the save if it moved."""
        return {"sessions": [*self.changed_sessions(obj), *getattr(obj, "_was_in", ())]}

    def narrows(self, obj, *, before, formsets=()) -> bool:
        """Whether saving ``obj`` (whose visibility was ``before``) and ``formsets`` hid
        something from someone who could see it."""
        if hasattr(obj, "visibility") and was_narrowed(before, obj):
            return True
        for formset in formsets:
            if formset.deleted_objects:
                return True
            # A headcount too small to name its sector hides that sector's attributions.
            saved = [*formset.new_objects, *(changed for changed, _ in formset.changed_objects)]
            if any(getattr(row, "too_small_to_name", False) for row in saved):
                return True
        return False

    def save_model(self, request, obj, form, change):
        before = stored_visibility(obj) if hasattr(obj, "visibility") else None
        if change and hasattr(obj, "session_id"):
            stored = type(obj)._base_manager.filter(pk=obj.pk)
            obj._was_in = list(stored.values_list("session_id", flat=True))
        super().save_model(request, obj, form, change)
        request._content_change = (obj, before)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._content_changed(request, formsets)

    def log_change(self, request, obj, message):
        if getattr(request, "_content_change", None) is not None:
            self._content_changed(request, ())
        return super().log_change(request, obj, message)

    def _content_changed(self, request, formsets) -> None:
        obj, before = request._content_change
        request._content_change = None
        narrowing = self.narrows(obj, before=before, formsets=formsets)
        if isinstance(obj, Attendance) and obj.too_small_to_name:
            narrowing = True
        # Made less visible and nothing else narrowed (``content_changed``'s ``only_hidden``).
        only_hidden = (
            narrowing
            and hasattr(obj, "visibility")
            and was_narrowed(before, obj)
            and not self.narrows(obj, before=obj.visibility, formsets=formsets)
            and not getattr(obj, "too_small_to_name", False)
        )
        content_changed(**self.change_of(obj), narrowing=narrowing, only_hidden=only_hidden)

    def delete_model(self, request, obj):
        change = self.change_of(obj)
        super().delete_model(request, obj)
        content_changed(**change, narrowing=True)

    def delete_queryset(self, request, queryset):
        changes = [self.change_of(obj) for obj in queryset]
        super().delete_queryset(request, queryset)
        content_changed(
            sessions=[pk for change in changes for pk in change.get("sessions", ())],
            **_joined(changes, "items", "themes", "themes_left"),
            narrowing=True,
        )

    def response_action(self, request, queryset, **kwargs):
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().response_action(request, queryset, **kwargs)


def _joined(changes, *names) -> dict:
    joined = {}
    for name in names:
        values = [change[name] for change in changes if change.get(name) is not None]
        if values:
            joined[name] = [value for some in values for value in some]
    return joined


@admin.register(LearningGroup)
class LearningGroupAdmin(ContentChangeAdmin, StaleSaveGuardAdmin, admin.ModelAdmin):
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

    def change_of(self, obj) -> dict:
        # Its sessions print its name and frame (and go with it when it is deleted).
        return {"sessions": list(obj.sessions.values_list("pk", flat=True))}


@admin.register(Sector)
class SectorAdmin(ContentChangeAdmin, StaleSaveGuardAdmin, admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_filter = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def change_of(self, obj) -> dict:
        # The sessions it was present at (their attendance goes with it when it is deleted).
        sessions = Attendance.objects.filter(sector=obj).values_list("session_id", flat=True)
        return {"sessions": list(sessions)}


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
class ProgrammeRowAdmin(ContentChangeAdmin, StaleSaveGuardAdmin, admin.ModelAdmin):
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
class TopicHeadingAdmin(ContentChangeAdmin, StaleSaveGuardAdmin, admin.ModelAdmin):
    list_display = ["title", "session", "order"]
    list_filter = ["session__group", "session"]
    list_select_related = ["session__group"]
    search_fields = ["title", "introduction"]
    autocomplete_fields = ["session"]


@admin.register(Attendance)
class AttendanceAdmin(ContentChangeAdmin, StaleSaveGuardAdmin, admin.ModelAdmin):
    list_display = ["session", "sector", "headcount"]
    fields = ["session", "sector", "headcount"]
    list_filter = ["sector", "session__group"]
    list_select_related = ["session__group", "sector"]
    search_fields = ["session__subject", "sector__name"]
    autocomplete_fields = ["session"]


@admin.register(Figure)
class FigureAdmin(ContentChangeAdmin, StaleSaveGuardAdmin, admin.ModelAdmin):
    form = FigureAdminForm
    fields = ["session", "number", "order", "image", "caption", "alt_text"]
    list_display = ["__str__", "session"]
    list_filter = ["session__group"]
    list_select_related = ["session__group"]
    search_fields = ["caption", "alt_text"]
    autocomplete_fields = ["session"]
