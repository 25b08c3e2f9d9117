"""The findings browser's filters: what the query string may say, checked by a form.

Every facet is disjunctive: several themes widen the result (``?theme=localism&theme=funding``
lists the items tagged with *either*), and the counts beside a facet's options ignore that
facet's own choice (``findings.facets``), so ticking a box never moves or hides the others.
Different facets narrow each other (AND). Unknown values are form errors, never a 500.
"""

import django_filters
import django_filters.fields
from django.db.models import Q
from django.utils.functional import cached_property

from sessions.models import LearningGroup, Sector, Session

from . import search, tallies
from .models import Item, Party, named_voices

SEARCH_MAX_LENGTH = 200
MONTH, DAY = "%Y-%m", "%Y-%m-%d"
# How a result may be ordered besides report order (or relevance, for a search).
ORDERINGS = {
    "published": ("-published_at", "-pk"),
    "session": ("-session__date", "-session__number", "kind_order", "order", "pk"),
}
ORDER_CHOICES = [
    ("published", "Newest published first"),
    ("session", "Newest session first"),
]


class ThemesField(django_filters.fields.ModelMultipleChoiceField):
    """Several themes by slug; an empty ``theme=`` in a hand-edited address means no theme."""

    def clean(self, value):
        return super().clean([slug for slug in value or [] if slug.strip()])


class ThemesFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = ThemesField


def visible_themes(request):
    return tallies.visible_themes(getattr(request, "user", None))


def visible_groups(request):
    return LearningGroup.objects.visible_to(getattr(request, "user", None))


def visible_sessions(request):
    return Session.objects.visible_to(getattr(request, "user", None)).select_related("group")


def _unknown(what):
    return {
        "invalid_choice": f"There is no {what} “%(value)s”. Choose one from the list.",
        "invalid_pk_value": f"“%(pk)s” is not a valid {what}.",
    }


class ItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        max_length=SEARCH_MAX_LENGTH,
        error_messages={
            "max_length": f"Search for at most {SEARCH_MAX_LENGTH} characters "
            "(you typed %(show_value)d).",
            "null_characters_not_allowed": "The search contains a character it cannot use.",
        },
    )
    kind = django_filters.ChoiceFilter(
        label="Kind",
        choices=Item.Kind,
        empty_label="All kinds",
        error_messages=_unknown("kind"),
    )
    theme = ThemesFilter(
        label="Themes",
        queryset=visible_themes,
        to_field_name="slug",
        method="filter_themes",
        error_messages=_unknown("theme"),
    )
    group = django_filters.ModelChoiceFilter(
        label="Learning group",
        queryset=visible_groups,
        to_field_name="slug",
        field_name="session__group",
        empty_label="All learning groups",
        error_messages=_unknown("learning group"),
    )
    session = django_filters.ModelChoiceFilter(
        label="Session",
        queryset=visible_sessions,
        empty_label="All sessions",
        error_messages=_unknown("session"),
    )
    sector = django_filters.ModelChoiceFilter(
        label="Sector that voiced it",
        queryset=Sector.objects.all(),
        to_field_name="slug",
        method="filter_sector",
        empty_label="Any sector",
        error_messages=_unknown("sector"),
    )
    agreement = django_filters.ChoiceFilter(
        label="How far the group agreed",
        choices=Item.Agreement,
        empty_label="Any level of agreement",
        error_messages=_unknown("level of agreement"),
    )
    audience = django_filters.ChoiceFilter(
        label="Who it concerns",
        choices=Party,
        method="filter_party",
        empty_label="Anyone",
        error_messages=_unknown("party"),
    )

    since = django_filters.DateFilter(
        label="Published since",
        method="filter_since",
        input_formats=[MONTH, DAY],
        error_messages={
            "invalid": "Give a month as YYYY-MM (for example 2026-11) or a day as YYYY-MM-DD."
        },
    )
    order = django_filters.ChoiceFilter(
        label="Order",
        choices=ORDER_CHOICES,
        method="filter_order",
        empty_label="Report order",
        error_messages=_unknown("order"),
    )

    class Meta:
        model = Item
        fields = [
            "q",
            "kind",
            "theme",
            "group",
            "session",
            "sector",
            "agreement",
            "audience",
            "since",
            "order",
        ]

    def filter_since(self, queryset, name, value):
        return queryset.published_since(value) if value else queryset

    def filter_order(self, queryset, name, value):
        # The view orders the result last, after search has ranked it (``ordered``).
        return queryset

    def ordered(self, items):
        """``items`` in the order asked for; unchanged when none was."""
        order = self.form.cleaned_data.get("order")
        return items.order_by(*ORDERINGS[order]) if order else items

    def filter_search(self, queryset, name, value):
        return search.matching(queryset, value) if value else queryset

    def filter_themes(self, queryset, name, value):
        return queryset.with_any_theme(value) if value else queryset

    def filter_sector(self, queryset, name, value):
        # Only where members may be told the sector voiced it (``named_voices``).
        if not value:
            return queryset
        return queryset.filter(pk__in=named_voices().filter(sector=value).values("item"))

    def filter_party(self, queryset, name, value):
        # Risks say who is exposed, recommendations whom they address: one question, "who?".
        return queryset.filter(Q(exposed=value) | Q(audience=value)) if value else queryset

    def queryset_without(self, name):
        """The result with every filter applied but ``name``'s: what that facet counts."""
        queryset = self.queryset.all()
        for field, filter_ in self.filters.items():
            if field != name:
                queryset = filter_.filter(queryset, self.form.cleaned_data.get(field))
        return queryset

    @property
    def search_text(self) -> str:
        return self.form.cleaned_data.get("q") or ""

    @cached_property
    def best_matches(self) -> list[int]:
        """A search's most relevant matches, best first (``search.best_ids``: one more than
        ``search.BEST`` says there are more), ranked once for the page and its facets alike."""
        return search.best_ids(self.qs, self.search_text)

    def best_without(self, name) -> list[int]:
        """``best_matches`` with every filter applied but ``name``'s: what that facet counts."""
        return search.best_ids(self.queryset_without(name), self.search_text)
