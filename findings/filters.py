"""The findings browser's filters: what the query string may say, checked by a form.

Every facet is disjunctive and takes several values: several themes widen the result
(``?theme=localism&theme=funding`` lists the items tagged with *either*), as do several kinds,
groups, sessions, sectors, levels of agreement and parties; the counts beside a facet's options
ignore that facet's own choice (``findings.facets``), so ticking a box never moves or hides the
others.
Different facets narrow each other (AND). Unknown values are form errors, never a 500.
"""

import django_filters
import django_filters.fields
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.functional import cached_property

from sessions.models import LearningGroup, Sector, Session

from . import search, tallies
from .models import Item, Party, Theme, named_voices

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


class BlanksIgnored:
    """Several values of one facet; an empty one in a hand-edited address means none."""

    def clean(self, value):
        return super().clean([v for v in value or [] if v.strip()])


class ChoicesField(BlanksIgnored, django_filters.fields.MultipleChoiceField):
    pass


# The largest id a database column holds: a longer number names nothing (and would overflow).
LARGEST_ID = 2**63 - 1


class ObjectsField(BlanksIgnored, django_filters.fields.ModelMultipleChoiceField):
    def _check_values(self, value):
        # Objects chosen by id: a word or a number no id can be names nothing, and is said to
        # before the database is asked (SQLite cannot even take the number).
        if self.to_field_name is None:
            for pk in value:
                if not (str(pk).isdecimal() and int(pk) <= LARGEST_ID):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": pk},
                    )
        return super()._check_values(value)


class ChoicesFilter(django_filters.MultipleChoiceFilter):
    """Several codes of a facet (kinds, levels of agreement, parties): items with any of them."""

    field_class = ChoicesField


class ObjectsFilter(django_filters.ModelMultipleChoiceFilter):
    """Several objects of a facet (themes, groups, sessions, sectors): items with any of them."""

    field_class = ObjectsField


def visible_themes(request):
    return tallies.visible_themes(getattr(request, "user", None))


def visible_groups(request):
    return LearningGroup.objects.visible_to(getattr(request, "user", None))


def visible_sessions(request):
    return Session.objects.visible_to(getattr(request, "user", None)).select_related("group")


def _unknown(what):
    return {
        "invalid_choice": f"There is no {what} “%(value)s”. Choose one from the list.",
        "invalid_pk_value": f"There is no {what} “%(pk)s”. Choose one from the list.",
        "invalid_list": f"Give each {what} as its own value.",
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
    kind = ChoicesFilter(
        label="Kind",
        choices=Item.Kind,
        method="filter_kind",
        error_messages=_unknown("kind"),
    )
    theme = ObjectsFilter(
        label="Themes",
        queryset=visible_themes,
        to_field_name="slug",
        method="filter_themes",
        error_messages=_unknown("theme"),
    )
    group = ObjectsFilter(
        label="Learning group",
        queryset=visible_groups,
        to_field_name="slug",
        method="filter_group",
        error_messages=_unknown("learning group"),
    )
    session = ObjectsFilter(
        label="Session",
        queryset=visible_sessions,
        method="filter_session",
        error_messages=_unknown("session"),
    )
    sector = ObjectsFilter(
        label="Sector that voiced it",
        queryset=Sector.objects.all(),
        to_field_name="slug",
        method="filter_sector",
        error_messages=_unknown("sector"),
    )
    agreement = ChoicesFilter(
        label="How far the group agreed",
        choices=Item.Agreement,
        method="filter_agreement",
        error_messages=_unknown("level of agreement"),
    )
    audience = ChoicesFilter(
        label="Who it concerns",
        choices=Party,
        method="filter_party",
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

    def __init__(self, *args, every_choice: bool = False, **kwargs):
        """``every_choice``: themes, groups and sessions are looked up among all there are, not
        only those the reader may see: for a filterset over what a narrowing edit hid, counted
        as a page counted it before (``findings.views.browser``), whose address that page
        already found valid."""
        super().__init__(*args, **kwargs)
        if every_choice:
            self.filters["theme"].queryset = Theme.objects.all()
            self.filters["group"].queryset = LearningGroup.objects.all()
            self.filters["session"].queryset = Session.objects.select_related("group")

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

    def filter_kind(self, queryset, name, value):
        return queryset.filter(kind__in=value) if value else queryset

    def filter_group(self, queryset, name, value):
        return queryset.filter(session__group__in=value) if value else queryset

    def filter_session(self, queryset, name, value):
        return queryset.filter(session__in=value) if value else queryset

    def filter_agreement(self, queryset, name, value):
        return queryset.filter(agreement__in=value) if value else queryset

    def filter_sector(self, queryset, name, value):
        # Only where members may be told the sector voiced it (``named_voices``).
        if not value:
            return queryset
        return queryset.filter(pk__in=named_voices().filter(sector__in=value).values("item"))

    def filter_party(self, queryset, name, value):
        # Risks say who is exposed, recommendations whom they address: one question, "who?".
        if not value:
            return queryset
        return queryset.filter(Q(exposed__in=value) | Q(audience__in=value))

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
