from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple

from sessions.admin_recovery import RecoverDeletedAdmin

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
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "featured", "item_count"]
    list_filter = ["featured"]
    search_fields = ["name", "slug", "description"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(num_items=Count("themed_items"))

    @admin.display(description="items", ordering="num_items")
    def item_count(self, obj):
        return obj.num_items


class ItemAdmin(ThemesInFormMixin, RecoverDeletedAdmin):
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

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("themes")

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
