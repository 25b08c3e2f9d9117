"""The session's page in the admin.

It edits the session with its parts (sectors present, topic headings, programme, figures) and
lists its learning points, risks, recommendations and questions raised by kind, with their
counts, each opening on its own page (``findings.admin``): a session of 40 items stays a small,
quick page.
"""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from ajc.ids import as_id
from ajc.stale_saves import StaleSaveGuardAdmin
from ajc.visibility import PUBLISH_PERMISSION, Visibility, held_back
from sessions.admin import (
    AttendanceInline,
    ContentChangeAdmin,
    FigureInline,
    ProgrammeRowInline,
    TopicHeadingInline,
)
from sessions.admin_forms import SessionAdminForm
from sessions.edits import content_changed, was_narrowed
from sessions.models import LearningGroup, Session

from .admin_recovery import RecoverDeletedAdmin
from .edits import themes_of
from .models import Item

# The item pages by kind, in the order a session lists them.
ITEM_ADMINS = [
    (Item.Kind.FINDING, "findings_finding", "learning point", "Learning points"),
    (Item.Kind.RISK, "findings_risk", "risk", "Risks"),
    (Item.Kind.RECOMMENDATION, "findings_recommendation", "recommendation", "Recommendations"),
    (Item.Kind.QUESTION, "findings_question", "question raised", "Questions raised"),
]


@admin.register(Session)
class SessionAdmin(ContentChangeAdmin, StaleSaveGuardAdmin, RecoverDeletedAdmin):
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
        ("When and where", {"fields": ["location", "venue", "date", "date_precision", "status"]}),
        (
            "Publishing",
            {"fields": ["visibility", "published_at", "revision", "updated_at", "pdf_report_link"]},
        ),
        (
            "The report",
            {
                "fields": [
                    "authors",
                    "report_note",
                    "focus",
                    "circumstances",
                    "learning_points_intro",
                    "risks_intro",
                    "conclusion",
                    "show_register",
                ]
            },
        ),
        ("Private", {"fields": ["facilitator_notes"], "classes": ["collapse"]}),
    ]
    inlines = [AttendanceInline, TopicHeadingInline, ProgrammeRowInline, FigureInline]

    class Media:
        js = ["js/admin-labels.js", "js/admin-session.js"]
        css = {"all": ["css/admin.css"]}

    def get_urls(self):
        return [
            path(
                "number-check/",
                self.admin_site.admin_view(self.number_check),
                name="ajc_sessions_session_number_check",
            ),
            *super().get_urls(),
        ]

    def number_check(self, request):
        """Is this number free in this group? Asked by the session's form as the facilitator
        types, so a clash shows before anything typed could be lost."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        group, number, pk = (
            as_id(request.GET.get(name)) for name in ("group", "number", "session")
        )
        if group is None or number is None:
            return JsonResponse({"free": True})
        taken = Session.objects.filter(group_id=group, number=number)
        if pk is not None:
            taken = taken.exclude(pk=pk)
        last = Session.objects.filter(group_id=group).aggregate(last=Max("number"))["last"]
        return JsonResponse({"free": not taken.exists(), "next": (last or 0) + 1})

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.insert(
                3,
                (
                    "Learning points, risks, recommendations and questions raised",
                    {"fields": ["items_overview"]},
                ),
            )
        return fieldsets

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        # A group given in the address that is no id would break the form's select.
        group_id = as_id(initial.pop("group", None))
        if group_id:
            initial["group"] = group_id
        if not group_id:
            groups = list(LearningGroup.objects.values_list("pk", flat=True)[:2])
            group_id = groups[0] if len(groups) == 1 else None
            if group_id:
                initial["group"] = group_id
        if group_id and "number" not in initial:
            last = Session.objects.filter(group_id=group_id).aggregate(last=Max("number"))
            initial["number"] = (last["last"] or 0) + 1
        return initial

    @admin.display(description="Items")
    def items_overview(self, obj):
        items = list(
            Item.objects.filter(session=obj).only("pk", "kind", "order", "text", "statement")
        )
        sections = []
        for kind, admin_name, singular, plural in ITEM_ADMINS:
            of_kind = [item for item in items if item.kind == kind]
            rows = format_html_join(
                "",
                '<li><a href="{}">{}</a></li>',
                (
                    (
                        reverse(f"admin:{admin_name}_change", args=[item.pk]),
                        f"Place {item.order}: {str(item).split(': ', 1)[-1]}",
                    )
                    for item in of_kind
                ),
            )
            add_url = reverse(f"admin:{admin_name}_add") + f"?session={obj.pk}"
            sections.append(
                format_html(
                    '<details class="session-items" open><summary>{} ({})</summary>'
                    '<ol class="session-item-list">{}</ol><p><a class="addlink" href="{}">'
                    "Add a {}</a></p></details>",
                    plural,
                    len(of_kind),
                    rows,
                    add_url,
                    singular,
                )
            )
        return format_html_join("", "{}", ((section,) for section in sections))

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_items=Count("items"))

    def get_readonly_fields(self, request, obj=None):
        # Publishing is a permission of its own: without it, visibility is shown, not offered,
        # so no form post can change it (a new session stays a draft).
        readonly = [*super().get_readonly_fields(request, obj), "items_overview"]
        if not request.user.has_perm(PUBLISH_PERMISSION):
            readonly.append("visibility")
        return readonly

    def save_model(self, request, obj, form, change):
        # A revert brings back the version's visibility, which the form does not hold.
        stored = Session.objects.filter(pk=obj.pk).values_list("visibility", flat=True).first()
        obj.visibility = held_back(
            request.user, stored if change else None, obj.visibility, under_draft=False
        )
        super().save_model(request, obj, form, change)

    @admin.display(description="items", ordering="num_items")
    def item_count(self, obj):
        return obj.num_items

    def change_of(self, obj) -> dict:
        # A deleted session's items go with it: the briefs of their themes change too.
        items = Item.objects.filter(session_id=obj.pk).values_list("pk", flat=True)
        return {"sessions": [obj.pk], "themes_left": themes_of(items)}

    @admin.display(description="date", ordering="date")
    def date_display(self, obj):
        return obj.date_display

    def _set_visibility(self, request, queryset, visibility, verb):
        if not request.user.has_perm(PUBLISH_PERMISSION):
            self.message_user(request, "You do not have permission to publish.", messages.ERROR)
            return
        if visibility != Visibility.DRAFT:
            # An imported report that states no date has none (never made up): give it first.
            undated = [str(s) for s in queryset.filter(date__isnull=True)]
            if undated:
                self.message_user(
                    request,
                    f"Not published, as it has no date yet (give it on its page): "
                    f"{'; '.join(undated)}.",
                    messages.ERROR,
                )
                queryset = queryset.filter(date__isnull=False)
        count = 0
        for session in queryset:
            before, session.visibility = session.visibility, visibility
            session.save()
            narrowed = was_narrowed(before, session)
            content_changed([session.pk], narrowing=narrowed, only_hidden=narrowed)
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
