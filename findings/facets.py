"""Facets of the findings browser: how many items fall in each theme, kind, learning group,
session, sector, level of agreement and party; which filters are chosen; what the page shows.

The facets are disjunctive: each facet is counted over the result with every *other* filter
applied, ignoring its own choice. So choosing Kind = Risk still offers the other kinds with
their counts, and ticking a theme leaves every theme box where it was, with the same count.
Options keep one order (the order of their choices, themes featured first then by name) and
are left out only when they would show nothing. Counts are plain data, cached per content
revision and audience.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count

from .models import Item, Party, ThemedItem

# The facets in the order the page offers them, with the words it uses.
FACETS = {
    "kind": "Kind",
    "theme": "Themes",
    "group": "Learning group",
    "session": "Session",
    "sector": "Sector that voiced it",
    "agreement": "How far the group agreed",
    "audience": "Who it concerns",
}
KIND_PLURALS = {
    Item.Kind.FINDING: "Learning points",
    Item.Kind.RISK: "Risks",
    Item.Kind.RECOMMENDATION: "Recommendations",
}


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int | None
    selected: bool
    featured: bool = False


@dataclass(frozen=True)
class Chosen:
    """A filter in force, with the address of the same page without it."""

    facet: str
    label: str
    remove_query: str


def _grouped(items, *fields):
    return items.order_by().values(*fields).annotate(n=Count("pk")).order_by()


def facet_counts(filterset) -> dict:
    """Per facet, ``(value, label, count)`` in the facet's stable order, counted disjunctively
    (themes also say whether they are featured)."""
    without = filterset.queryset_without
    kinds, agreements, parties = {}, {}, {}
    for row in _grouped(without("kind"), "kind"):
        kinds[row["kind"]] = row["n"]
    for row in _grouped(without("agreement"), "agreement"):
        agreements[row["agreement"]] = row["n"]
    for row in _grouped(without("audience"), "exposed", "audience"):
        for party in {row["exposed"], row["audience"]} - {""}:
            parties[party] = parties.get(party, 0) + row["n"]
    sessions = list(
        _grouped(
            without("session"),
            "session",
            "session__number",
            "session__subject",
            "session__group__name",
        ).order_by("session__group__name", "session__number")
    )
    groups = list(
        _grouped(without("group"), "session__group__slug", "session__group__name").order_by(
            "session__group__name"
        )
    )
    themes = list(
        ThemedItem.objects.filter(content_object__in=without("theme").order_by().values("pk"))
        .values("tag__slug", "tag__name", "tag__featured")
        .annotate(n=Count("pk"))
        .order_by("-tag__featured", "tag__name")
    )
    sectors = list(
        Item.sectors.through.objects.filter(item__in=without("sector").order_by().values("pk"))
        .values("sector__slug", "sector__name", "sector__order")
        .annotate(n=Count("pk"))
        .order_by("sector__order", "sector__name")
    )
    return {
        "kind": [(value, label, kinds.get(value, 0)) for value, label in Item.Kind.choices],
        "theme": [
            (row["tag__slug"], row["tag__name"], row["n"], row["tag__featured"]) for row in themes
        ],
        "group": [
            (row["session__group__slug"], row["session__group__name"], row["n"]) for row in groups
        ],
        "session": [
            (
                str(row["session"]),
                f"{row['session__group__name']}: Session {row['session__number']}, "
                f"{row['session__subject']}",
                row["n"],
            )
            for row in sessions
        ],
        "sector": [(row["sector__slug"], row["sector__name"], row["n"]) for row in sectors],
        "agreement": [
            (value, label, agreements.get(value, 0)) for value, label in Item.Agreement.choices
        ],
        "audience": [(value, label, parties.get(value, 0)) for value, label in Party.choices],
    }


def _selected(cleaned, name) -> list[tuple[str, str]]:
    """The chosen values of a facet as ``(value, label)``."""
    value = cleaned.get(name)
    if value in (None, "") or (name == "theme" and not value):
        return []
    if name == "theme":
        return [(theme.slug, theme.name) for theme in value]
    if name in {"group", "sector"}:
        return [(value.slug, value.name)]
    if name == "session":
        return [(str(value.pk), f"{value.group.name}: Session {value.number}, {value.subject}")]
    choices = {"kind": Item.Kind, "agreement": Item.Agreement, "audience": Party}[name]
    return [(str(value), choices(value).label)]


def facet_options(counts: dict, cleaned: dict) -> dict[str, list[Option]]:
    """Options to offer per facet: those with items, and whatever is chosen, in stable order."""
    facets = {}
    for name, rows in counts.items():
        selected = dict(_selected(cleaned, name))
        options = [
            Option(value, label, count, value in selected, *featured)
            for value, label, count, *featured in rows
            if count or value in selected
        ]
        offered = {option.value for option in options}
        missing = [(value, label) for value, label in selected.items() if value not in offered]
        options += [Option(value, label, 0, True) for value, label in missing]
        facets[name] = options
    return facets


def since_label(day) -> str:
    """ "November 2026" for the first of a month (``since=2026-11``), else "3 November 2026"."""
    month = day.strftime("%B %Y")
    return month if day.day == 1 else f"{day.day} {month}"


def split_themes(options: list[Option]) -> tuple[list[Option], list[Option], bool]:
    """The featured themes, offered first; the others, folded unless one of them is chosen;
    and whether one is."""
    others = [o for o in options if not o.featured]
    return [o for o in options if o.featured], others, any(o.selected for o in others)


def chosen_filters(params, cleaned: dict) -> list[Chosen]:
    """Each filter in force, with the query string that removes just that one."""
    chosen = []
    names = ("q", *FACETS, "since", "order")
    pairs = [
        (name, value)
        for name in names
        for value in (params.getlist(name) if name == "theme" else params.getlist(name)[-1:])
        if value
    ]
    if cleaned.get("q"):
        rest = [(n, v) for n, v in pairs if n != "q"]
        chosen.append(Chosen("Search", f"“{cleaned['q']}”", urlencode(rest)))
    for name, facet in FACETS.items():
        for value, label in _selected(cleaned, name):
            rest = [(n, v) for n, v in pairs if not (n == name and v == value)]
            chosen.append(Chosen(facet, label, urlencode(rest)))
    if cleaned.get("since"):
        rest = [(n, v) for n, v in pairs if n != "since"]
        chosen.append(Chosen("Published since", since_label(cleaned["since"]), urlencode(rest)))
    return chosen


def describe(cleaned: dict) -> str:
    """What the page shows, in words, for its title: "Risks on Localism from Session 2, …"."""
    kind = cleaned.get("kind")
    words = [KIND_PLURALS.get(kind, "Findings")]
    themes = [label for _, label in _selected(cleaned, "theme")]
    if themes:
        words.append("on " + " or ".join(themes))
    for name, prefix in (
        ("session", "from"),
        ("group", "from"),
        ("sector", "voiced by"),
        ("audience", "concerning"),
    ):
        for _, label in _selected(cleaned, name):
            words.append(f"{prefix} {label}")
    for _, label in _selected(cleaned, "agreement"):
        words.append(f"({label.lower()})")
    if cleaned.get("q"):
        words.append(f"matching “{cleaned['q']}”")
    if cleaned.get("since"):
        words.append(f"published since {since_label(cleaned['since'])}")
    return " ".join(words)
