"""Admin for themes and items, and the session's page.

The session's page edits the session with its parts (sectors present, topic headings, programme,
figures) and lists its learning points, risks, recommendations and questions raised by kind, with
their counts, each opening on its own page: a session of 40 items stays a small, quick page.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify

from ajc.ids import as_id
from ajc.stale_saves import StaleSaveGuard, StaleSaveGuardAdmin
from ajc.visibility import PUBLISH_PERMISSION, Visibility, held_back, may_publish
from sessions.admin import (
    AttendanceInline,
    ContentChangeAdmin,
    FigureInline,
    ProgrammeRowInline,
    TopicHeadingInline,
)
from sessions.admin_forms import SessionAdminForm
from sessions.edits import content_changed, was_narrowed
from sessions.models import LearningGroup, Session, TopicHeading

from .admin_recovery import RecoverDeletedAdmin
from .edits import themes_of
from .models import Finding, Item, Question, Recommendation, Risk, Theme


class ThemePickerField(forms.ModelMultipleChoiceField):
    """Themes chosen in the picker. A name typed there that is no theme yet comes back as text
    rather than an id: it is left to the form, which creates the theme on save."""

    def clean(self, value):
        return super().clean([choice for choice in value or [] if as_id(choice) is not None])


def theme_field(admin_site):
    """Themes picked with the admin's autocomplete (a plain multi-select without JavaScript);
    typing a new theme's name in the picker offers it as a new theme (select2's tags)."""
    return ThemePickerField(
        queryset=Theme.objects.all(),
        widget=AutocompleteSelectMultiple(
            Item._meta.get_field("themes"), admin_site, attrs={"data-tags": "true"}
        ),
        required=False,
        help_text="Start typing a theme's name; a name that is no theme yet becomes a new theme "
        "when you save (or type new themes, separated by commas, in the box below).",
    )


class ItemAdminForm(StaleSaveGuard):
    """An item's own page: themes from the picker or typed new, created on save; a save over
    another facilitator's is refused (``StaleSaveGuard``)."""

    new_themes = forms.CharField(
        required=False,
        label="New themes",
        help_text="Themes not offered above, separated by commas: created when you save.",
    )

    def clean(self):
        cleaned = super().clean()
        names = [name.strip() for name in cleaned.get("new_themes", "").split(",")]
        # Names typed in the picker itself (see ThemePickerField).
        names += [name.strip() for name in self.data.getlist("themes") if as_id(name) is None]
        cleaned["new_theme_names"] = list(dict.fromkeys(name for name in names if name))
        if "themes" in self.fields and not cleaned.get("themes") and not cleaned["new_theme_names"]:
            self.add_error("themes", "Give the item at least one theme.")
        return cleaned

    def _save_m2m(self):
        super()._save_m2m()
        for name in self.cleaned_data.get("new_theme_names", []):
            slug = slugify(name)[:100] or "theme"
            # A theme of that name or address already there is the one meant.
            theme = Theme.objects.filter(Q(name__iexact=name) | Q(slug=slug)).first()
            if theme is None:
                theme = Theme.objects.create(name=name, slug=slug)
            self.instance.themes.add(theme)


class ThemesInFormMixin:
    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "themes":
            return theme_field(self.admin_site)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Theme)
class ThemeAdmin(ContentChangeAdmin, StaleSaveGuardAdmin, admin.ModelAdmin):
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

    def change_of(self, obj) -> dict:
        # Read before a deletion takes the theme off its items.
        carrying = list(Item.objects.with_theme(obj).values_list("pk", "session_id"))
        return {
            "sessions": [session_id for _, session_id in carrying],
            "items": [pk for pk, _ in carrying],
            "themes": [obj.pk],
            "themes_left": [obj.pk],
        }


class ItemAdmin(ContentChangeAdmin, StaleSaveGuardAdmin, ThemesInFormMixin, RecoverDeletedAdmin):
    """One list per kind; the session's own page edits them all together.

    History, revert and recovery come from RecoverDeletedAdmin; a revert also brings back the
    themes the item had in that version.
    """

    recovery_model = Item
    form = ItemAdminForm

    list_display = ["short_text", "session", "topic", "visibility", "theme_list"]
    list_filter = ["visibility", "session__group", "session", "themed_items__tag"]
    list_select_related = ["session__group", "topic"]
    search_fields = ["text", "statement", "session__subject", "topic__title"]
    autocomplete_fields = ["session"]
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 50

    delete_confirmation_template = "admin/findings/delete_confirmation.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("themes")

    def get_readonly_fields(self, request, obj=None):
        # As on the session's page: without the permission to publish, visibility is shown,
        # not offered.
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if may_publish(request.user) else [*readonly, "visibility"]

    def save_model(self, request, obj, form, change):
        # The form cannot change a read-only visibility, but a revert brings back the
        # version's, and a new item takes the default: both are held back here.
        stored = Item.objects.filter(pk=obj.pk).values_list("visibility", flat=True).first()
        obj.visibility = held_back(
            request.user,
            stored if change else None,
            obj.visibility,
            under_draft=obj.session.visibility == Visibility.DRAFT,
        )
        # The briefs of the themes it drops change too.
        obj._themes_before = themes_of([obj.pk]) if obj.pk else set()
        super().save_model(request, obj, form, change)

    def change_of(self, obj) -> dict:
        return {
            **super().change_of(obj),
            "items": [obj.pk],
            "themes_left": getattr(obj, "_themes_before", set()),
        }

    def delete_view(self, request, object_id, extra_context=None):
        # Say which risks or recommendations lose their link to this one.
        item = Item.objects.filter(pk=as_id(object_id)).first() if as_id(object_id) else None
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
        return [
            "session",
            "topic",
            "order",
            "text",
            *self.kind_fields,
            "themes",
            "new_themes",
            "visibility",
        ]

    def _session_id(self, request, obj=None):
        if obj is not None:
            return obj.session_id
        return as_id(request.GET.get("session") or request.POST.get("session"))

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        session_id = self._session_id(request)
        # A session given in the address that is no id would break the form's select.
        initial.pop("session", None)
        if session_id is not None:
            initial["session"] = session_id
        if session_id:
            # The next free place in the report, after everything already there.
            last = Item.objects.filter(session_id=session_id).aggregate(last=Max("order"))
            initial.setdefault("order", (last["last"] or 0) + 1)
        return initial

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "sectors":
            # A handful of sectors: tick boxes, rather than a two-list filter widget.
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Headings and passages of the session being edited (chosen by ?session= on add).
        if db_field.name in {"topic", "source"}:
            object_id = request.resolver_match.kwargs.get("object_id")
            obj = Item.objects.filter(pk=object_id).first() if object_id else None
            session_id = self._session_id(request, obj) or 0
            if db_field.name == "topic":
                kwargs["queryset"] = TopicHeading.objects.filter(session_id=session_id)
            else:
                kwargs["queryset"] = Item.objects.filter(session_id=session_id).exclude(text="")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    class Media:
        js = ["js/admin-labels.js"]


DRAWN_FIELDS = ["source", "source_section", "statement"]


@admin.register(Finding)
class FindingAdmin(ItemAdmin):
    kind_fields = ["agreement", "sectors"]
    list_display = [*ItemAdmin.list_display, "agreement"]
    list_filter = [*ItemAdmin.list_filter, "agreement", "sectors"]


@admin.register(Risk)
class RiskAdmin(ItemAdmin):
    kind_fields = [*DRAWN_FIELDS, "exposed", "sectors"]
    list_display = [*ItemAdmin.list_display, "exposed"]
    list_filter = [*ItemAdmin.list_filter, "exposed"]


@admin.register(Recommendation)
class RecommendationAdmin(ItemAdmin):
    kind_fields = [*DRAWN_FIELDS, "audience", "strength", "answers", "sectors"]
    list_display = [*ItemAdmin.list_display, "audience", "strength"]
    list_filter = [*ItemAdmin.list_filter, "audience", "strength"]
    autocomplete_fields = ["session", "answers"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "answers":
            kwargs["queryset"] = Item.objects.filter(kind=Item.Kind.RISK)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Question)
class QuestionAdmin(ItemAdmin):
    """Questions the session raised and left open: neither learning points nor risks."""

    kind_fields = ["sectors"]


@admin.register(Item)
class AnyItemAdmin(ItemAdmin):
    """Searchable list of every kind together; also what 'answers' autocompletes against."""

    list_display = ["short_text", "kind", "session", "visibility"]
    list_filter = ["kind", *ItemAdmin.list_filter]
    kind_fields = ["kind"]

    def has_add_permission(self, request):
        return False


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
            content_changed([session.pk], narrowing=was_narrowed(before, session))
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
