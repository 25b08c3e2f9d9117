"""Admin for themes and items, each item on its own page; the session's page, which lists
them, is in ``findings.admin_session``."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.db.models import Count, Max, Q
from django.utils.text import slugify

from ajc.ids import as_id
from ajc.stale_saves import StaleSaveGuard, StaleSaveGuardAdmin
from ajc.visibility import Visibility, held_back, may_publish
from sessions.admin import (
    ContentChangeAdmin,
)
from sessions.models import TopicHeading

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


# The session's page lists the items by kind: registered here, where Django looks for admins.
from . import admin_session  # noqa: E402, F401
