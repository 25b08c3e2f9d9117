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

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F

from ajc.ids import OneOf
from ajc.visibility import levels_for
from sessions.models import LearningGroup, Sector, Session

from . import search, tallies
from .models import Item, Party, Theme, ThemedItem, named_voices

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
    Item.Kind.QUESTION: "Questions raised",
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


# Long facets offer their most frequent options only (and whatever is chosen), so a page's
# size does not grow with the data: at a million items there are thousands of sessions.
MAX_OPTIONS = 50


def _through_counts(rows, item_column: str, target: str, items, ids=None) -> dict:
    """{target id: count} over a many-to-many table's ``rows``, for the items of ``items``, or
    of ``ids`` when given (their ids: the table is then read by id, with no join)."""
    if ids is not None:
        matching = rows.filter(OneOf(F(f"{item_column}_id"), ids))
    else:
        matching = rows.filter(**{f"{item_column}__in": items.order_by().values("pk")})
    return dict(matching.values_list(target).annotate(n=Count("pk")).order_by())


def _most(counts: dict) -> dict:
    """The MAX_OPTIONS largest counts (ties by id, so the choice is stable)."""
    if len(counts) <= MAX_OPTIONS:
        return counts
    kept = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:MAX_OPTIONS]
    return dict(kept)


# Filters the kept counts (``findings.tallies``) cannot answer: with any of them chosen, the
# facets are counted over the matching items.
SCANNED_FILTERS = ("q", "theme", "group", "session", "sector", "agreement", "audience", "since")


def tallied(filterset) -> bool:
    """Whether the kept counts answer this query: nothing chosen but, at most, kinds."""
    cleaned = filterset.form.cleaned_data
    return not any(cleaned.get(name) for name in SCANNED_FILTERS)


def tallied_theme(filterset):
    """The theme, if the kept counts answer this query as counted among one theme's items: one
    theme chosen and nothing else but, at most, kinds (the browser as a theme page links to
    it). Else None."""
    cleaned = filterset.form.cleaned_data
    chosen = cleaned.get("theme") or []
    others = (name for name in SCANNED_FILTERS if name != "theme")
    if len(chosen) != 1 or any(cleaned.get(name) for name in others):
        return None
    return chosen[0]


# The facets counted from the items' own columns (``audience`` is the party facet: who is
# exposed to a risk or addressed by a recommendation).
COLUMN_FACETS = ("kind", "agreement", "audience", "session", "group")


def _chosen_facets(filterset) -> set[str]:
    return {name for name in FACETS if filterset.form.cleaned_data.get(name)}


# The columns the column facets count, in the order ``_column_counts`` reads them.
COUNTED_COLUMNS = ("kind", "agreement", "exposed", "audience", "session_id", "session__group_id")
# Which columns each facet counts (a party is the exposed of a risk or the audience of a
# recommendation; no item has both).
FACET_COLUMNS = {
    "kind": ("kind",),
    "agreement": ("agreement",),
    "audience": ("exposed", "audience"),
    "session": ("session_id",),
    "group": ("session__group_id",),
}


def _column_counts(items, facets) -> dict:
    """The column facets in ``facets``, counted over ``items`` in one pass, and how many items
    there are: on PostgreSQL each facet's column grouped on its own in that pass (``GROUPING
    SETS``), elsewhere grouped by every column together and added up here."""
    if connection.vendor == "postgresql":
        return _grouping_sets_counts(items, facets)
    counts: dict = {name: {} for name in facets}
    total = 0
    rows = (
        items.order_by()
        .values_list("kind", "agreement", "exposed", "audience", "session_id", "session__group_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for kind, agreement, exposed, audience, session_id, group_id, n in rows:
        total += n
        values = {
            "kind": [kind],
            "agreement": [agreement],
            "audience": list({exposed, audience} - {""}),
            "session": [session_id],
            "group": [group_id],
        }
        for name in facets:
            for value in values[name]:
                counts[name][value] = counts[name].get(value, 0) + n
    return counts | {"count": total}


def _grouping_sets_counts(items, facets) -> dict:
    """``_column_counts`` on PostgreSQL: one pass that hashes each counted column on its own.
    Grouping by all six columns together sorted and returned every combination (49,000 rows
    for a common theme at a million items, 350 ms); this returns each facet's values (about
    4,700 rows, 180 ms)."""
    names = [f"c{n}" for n in range(len(COUNTED_COLUMNS))]
    wanted = sorted({COUNTED_COLUMNS.index(c) for name in facets for c in FACET_COLUMNS[name]})
    try:
        sql, params = items.order_by().values_list(*COUNTED_COLUMNS).query.sql_with_params()
    except EmptyResultSet:  # nothing to count (a search that matched nothing)
        return {name: {} for name in facets} | {"count": 0}
    grouped = [names[n] for n in wanted]
    if not grouped:  # every column facet chosen: only the count is wanted
        return {"count": items.count()}
    sets = ", ".join(["()", *(f"({name})" for name in grouped)])
    bits = ", ".join(grouped)
    query = (
        f"SELECT {bits}, GROUPING({bits}), COUNT(*) "  # noqa: S608 (the ORM's own SQL, params)
        f"FROM ({sql}) AS matching ({', '.join(names)}) GROUP BY GROUPING SETS ({sets})"
    )
    # GROUPING(...) has a bit per grouped column, the first the highest, set where a row is not
    # grouped by that column: all set for the total, all but one for each column's rows.
    everything = (1 << len(grouped)) - 1
    grouped_by = {everything ^ (1 << (len(grouped) - 1 - n)): n for n in range(len(grouped))}
    counts: dict = {name: {} for name in facets}
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    by_column: dict[str, dict] = {column: {} for column in COUNTED_COLUMNS}
    for *values, grouping, count in rows:
        if grouping == everything:
            total = count
        else:
            n = grouped_by[grouping]
            by_column[COUNTED_COLUMNS[wanted[n]]][values[n]] = count
    for name in facets:
        for column in FACET_COLUMNS[name]:
            for value, count in by_column[column].items():
                if value == "" and name == "audience":
                    continue
                counts[name][value] = counts[name].get(value, 0) + count
    return counts | {"count": total}


def _counted(filterset, without=None):
    """The items a facet counts: the result with every filter applied but ``without``'s, and,
    for a search, their ids. A search counts its most relevant matches only (``search.BEST``,
    ranked once): counting every match of a common word is what made a search slow."""
    if not filterset.search_text:
        return (filterset.queryset_without(without) if without else filterset.qs), None
    best = (filterset.best_without(without) if without else filterset.best_matches)[: search.BEST]
    return filterset.queryset.filter(OneOf(F("pk"), best)), best


def _scanned_counts(filterset, kept: bool = True) -> dict:
    """The facets counted over the matching items (a search's most relevant ones), disjunctively:
    each facet over the result without its own choice. Facets with no choice of their own all
    count the same result, so they are counted together in one pass; a facet that is the only
    choice counts the whole visible collection, which the kept counts answer
    (``findings.tallies``). ``kept=False``: counted over ``filterset``'s own items however it
    is asked, for a filterset over some items only (``hidden_counts``)."""
    cleaned = filterset.form.cleaned_data
    chosen = _chosen_facets(filterset)
    only_facets = not any(cleaned.get(name) for name in ("q", "since"))
    everything = None
    if kept and only_facets and len(chosen) == 1:
        everything = tallies.counts(levels_for(filterset.request.user), most=MAX_OPTIONS)
        everything["audience"] = everything.pop("party")
    matching, ids = _counted(filterset)
    result = _column_counts(matching, [f for f in COLUMN_FACETS if f not in chosen])
    for name in (f for f in COLUMN_FACETS if f in chosen):
        result[name] = (
            everything[name]
            if everything
            else (_column_counts(_counted(filterset, name)[0], [name])[name])
        )
    links = {
        "theme": (ThemedItem.objects, "content_object", "tag_id"),
        # Only the attributions members may be told (a sector too small to name counts nowhere).
        "sector": (named_voices(), "item", "sector_id"),
    }
    for name, (rows, item_column, target) in links.items():
        if name in chosen and everything:
            result[name] = everything[name]
        else:
            items, item_ids = _counted(filterset, name) if name in chosen else (matching, ids)
            result[name] = _through_counts(rows, item_column, target, items, item_ids)
    result["party"] = result.pop("audience")
    result["session"] = _most(result["session"])
    return result


def raw_counts(filterset) -> dict:
    """The facets' counts by id or code, disjunctively: from the kept counts when they answer
    the query (nothing chosen but kinds, or one theme and kinds), else over the matching
    items (``_scanned_counts``)."""
    levels = levels_for(filterset.request.user)
    kinds = filterset.form.cleaned_data.get("kind") or []
    if tallied(filterset):
        return tallies.counts(levels, kinds, most=MAX_OPTIONS)
    theme = tallied_theme(filterset)
    if theme is not None:
        # Every facet among the theme's items but the themes facet, which counts every item.
        return tallies.counts(levels, kinds, most=MAX_OPTIONS, theme=theme.pk) | {
            "theme": tallies.themes(levels, kinds)
        }
    return _scanned_counts(filterset)


def hidden_counts(filterset, refs: dict[str, dict]) -> dict[str, dict]:
    """``{facet: {value: count}}`` and ``"count"``, counted over ``filterset``'s own items
    whatever their visibility: what a narrowing edit hid (a filterset over its items), to take
    out of a page's counts (``findings.views.browser``). ``refs``: each object facet's values
    by id, as ``facet_counts`` gave them to that page (an object it did not offer is not
    counted)."""
    raw = _scanned_counts(filterset, kept=False)
    raw["audience"] = raw.pop("party")
    counted = {"count": raw.pop("count")}
    for name, counts in raw.items():
        values = refs.get(name)
        counted[name] = {
            (values.get(ref) if values is not None else str(ref)): n
            for ref, n in counts.items()
            if values is None or ref in values
        }
    return counted


def facet_counts(filterset, raw: dict | None = None) -> dict:
    """Per facet, ``(value, label, count)`` in the facet's stable order, counted disjunctively
    (themes also say whether they are featured; ``raw_counts``, unless ``raw`` gives them).
    Under ``"count"``, how many items match, if the counting learnt it."""
    raw = raw_counts(filterset) if raw is None else raw
    kinds, agreements, parties = raw["kind"], raw["agreement"], raw["party"]
    sessions, groups = raw["session"], _most(raw["group"])
    themes, sectors = raw["theme"], raw["sector"]
    themes_shown = Theme.objects.filter(pk__in=themes).order_by("-featured", "name")
    groups_shown = LearningGroup.objects.filter(pk__in=groups).order_by("name")
    sectors_shown = Sector.objects.filter(pk__in=sectors).order_by("order", "name")
    return {
        # How many items the query finds, where the counting found it on the way (else None).
        "count": raw.get("count"),
        # Each object facet's values by id (``hidden_counts``).
        "refs": {
            "theme": {theme.pk: theme.slug for theme in themes_shown},
            "group": {group.pk: group.slug for group in groups_shown},
            "sector": {sector.pk: sector.slug for sector in sectors_shown},
        },
        "kind": [(value, label, kinds.get(value, 0)) for value, label in Item.Kind.choices],
        "theme": [
            (theme.slug, theme.name, themes[theme.pk], theme.featured) for theme in themes_shown
        ],
        "group": [(group.slug, group.name, groups[group.pk]) for group in groups_shown],
        "session": [
            (str(session.pk), f"{session.group.name}: {session.title}", sessions[session.pk])
            for session in Session.objects.filter(pk__in=sessions)
            .select_related("group")
            .order_by("group__name", "number")
        ],
        "sector": [(sector.slug, sector.name, sectors[sector.pk]) for sector in sectors_shown],
        "agreement": [
            (value, label, agreements.get(value, 0)) for value, label in Item.Agreement.choices
        ],
        "audience": [(value, label, parties.get(value, 0)) for value, label in Party.choices],
    }


def _selected(cleaned, name) -> list[tuple[str, str]]:
    """The chosen values of a facet as ``(value, label)``."""
    values = cleaned.get(name) or []
    if name in {"theme", "group", "sector"}:
        return [(value.slug, value.name) for value in values]
    if name == "session":
        return [
            (str(value.pk), f"{value.group.name}: Session {value.number}, {value.subject}")
            for value in values
        ]
    choices = {"kind": Item.Kind, "agreement": Item.Agreement, "audience": Party}[name]
    return [(str(value), choices(value).label) for value in values]


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
        for value in (params.getlist(name) if name in FACETS else params.getlist(name)[-1:])
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


def _kinds(cleaned: dict) -> str:
    """ "Risks and recommendations", the kinds chosen in their usual order; else "Findings"."""
    plurals = [KIND_PLURALS[kind] for kind in Item.Kind if kind in (cleaned.get("kind") or [])]
    return " and ".join([plurals[0], *(p.lower() for p in plurals[1:])]) if plurals else "Findings"


def describe(cleaned: dict) -> str:
    """What the page shows, in words, for its title: "Risks on Localism from Session 2, …"."""
    words = [_kinds(cleaned)]
    for name, prefix in (
        ("theme", "on"),
        ("session", "from"),
        ("group", "from"),
        ("sector", "voiced by"),
        ("audience", "concerning"),
    ):
        labels = [label for _, label in _selected(cleaned, name)]
        if labels:
            words.append(f"{prefix} {' or '.join(labels)}")
    agreements = [label.lower() for _, label in _selected(cleaned, "agreement")]
    if agreements:
        words.append(f"({' or '.join(agreements)})")
    if cleaned.get("q"):
        words.append(f"matching “{cleaned['q']}”")
    if cleaned.get("since"):
        words.append(f"published since {since_label(cleaned['since'])}")
    return " ".join(words)
