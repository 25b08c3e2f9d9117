"""Facet counts for the findings browser: how many items of the current result fall in each
theme, kind, session, level of agreement and sector.

Each facet is one aggregate query over the filtered result, whatever its size, and the result
is plain data so it can be cached per content revision and audience.
"""

from dataclasses import dataclass

from django.db.models import Count

from .models import Item, Party, ThemedItem


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int | None
    selected: bool


def facet_counts(items) -> dict:
    """Count the filtered items per facet value, with the labels needed to show them."""
    items = items.order_by()
    pks = items.values("pk")
    kinds, agreements, parties = {}, {}, {}
    for row in items.values("kind", "agreement", "exposed", "audience").annotate(n=Count("pk")):
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + row["n"]
        if row["agreement"]:
            agreements[row["agreement"]] = agreements.get(row["agreement"], 0) + row["n"]
        for party in {row["exposed"], row["audience"]} - {""}:
            parties[party] = parties.get(party, 0) + row["n"]
    sessions = list(
        items.values(
            "session",
            "session__number",
            "session__subject",
            "session__group__slug",
            "session__group__name",
        )
        .annotate(n=Count("pk"))
        .order_by("session__group__name", "session__number")
    )
    themes = list(
        ThemedItem.objects.filter(content_object__in=pks)
        .values("tag__slug", "tag__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "tag__name")
    )
    sectors = list(
        Item.sectors.through.objects.filter(item__in=pks)
        .values("sector__slug", "sector__name", "sector__order")
        .annotate(n=Count("pk"))
        .order_by("sector__order", "sector__name")
    )
    groups = {}
    for row in sessions:
        slug = row["session__group__slug"]
        name, count = groups.get(slug, (row["session__group__name"], 0))
        groups[slug] = (name, count + row["n"])
    return {
        "kind": [(value, label, kinds.get(value, 0)) for value, label in Item.Kind.choices],
        "agreement": [
            (value, label, agreements.get(value, 0)) for value, label in Item.Agreement.choices
        ],
        "audience": [(value, label, parties.get(value, 0)) for value, label in Party.choices],
        "group": [(slug, name, count) for slug, (name, count) in groups.items()],
        "session": [
            (
                str(row["session"]),
                f"{row['session__group__name']}: Session {row['session__number']}, "
                f"{row['session__subject']}",
                row["n"],
            )
            for row in sessions
        ],
        "theme": [(row["tag__slug"], row["tag__name"], row["n"]) for row in themes],
        "sector": [(row["sector__slug"], row["sector__name"], row["n"]) for row in sectors],
    }


def _selected_values(cleaned, name) -> set[str]:
    value = cleaned.get(name)
    if value in (None, ""):
        return set()
    if name == "theme":
        return {theme.slug for theme in value}
    if name in {"group", "sector"}:
        return {value.slug}
    if name == "session":
        return {str(value.pk)}
    return {str(value)}


def _selected_label(cleaned, name, value) -> str:
    chosen = cleaned.get(name)
    if name == "theme":
        return next((theme.name for theme in chosen if theme.slug == value), value)
    if name == "session":
        return f"{chosen.group.name}: Session {chosen.number}, {chosen.subject}"
    return str(chosen)


def facet_options(counts: dict, cleaned: dict) -> dict[str, list[Option]]:
    """Options to offer per facet: those with items in the result, and whatever is chosen.

    Options with no items in the current result are left out (choosing one would show
    nothing), except a chosen one, which stays so it can be seen and cleared.
    """
    facets = {}
    for name, rows in counts.items():
        selected = _selected_values(cleaned, name)
        options = [
            Option(value, label, count, value in selected)
            for value, label, count in rows
            if count or value in selected
        ]
        offered = {option.value for option in options}
        for value in sorted(selected - offered):
            options.append(Option(value, _selected_label(cleaned, name, value), 0, True))
        facets[name] = options
    return facets
