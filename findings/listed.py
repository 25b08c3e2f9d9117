"""A page of items as it is kept in the cache: each item's rendered row with what it shows, and
the page's counts, so that after an edit that narrowed what readers may see the previous version
can be made safe (``ajc.cache.Policy.made_safe``) by taking out the rows that show anything
hidden and what was hidden from the counts, instead of its reader waiting for the whole page to
be computed again (issue 28).
"""

import math
from dataclasses import dataclass, replace

from django.db.models import Q
from django.template.loader import get_template

from ajc.cache import Hidden

from .facets import Option
from .models import Item


@dataclass(frozen=True)
class Row:
    """One item's row as a list shows it, with every session and item it shows, links to or
    is worked out from (a tracked risk's state and trend: ``findings.risk_tracking``)."""

    html: str
    sessions: frozenset[int]
    items: frozenset[int]
    # Where it sits on its page, for a page that groups its rows under headings (a theme's
    # page: its session, then its kind).
    place: tuple = ()

    def shows(self, hidden: Hidden) -> bool:
        return bool(self.sessions & hidden.sessions or self.items & hidden.items)


def _linked(item) -> list:
    """The items a row links to beside its own (``findings.queries.with_relations``)."""
    return [
        *getattr(item, "visible_drawn", ()),
        *getattr(item, "visible_answers", ()),
        *getattr(item, "visible_answered_by", ()),
    ]


def rows_of(
    items, template_name: str = "includes/item_summary.html", place=None, **context
) -> list[Row]:
    """Each item rendered on its own by ``template_name`` (as ``item``, with ``context``, and
    whatever ``place(item)`` gives it: its place and the template's context there), with what
    it shows. The template must depend on nothing but these: no request, no reader."""
    template = get_template(template_name)
    rows = []
    for item in items:
        linked = _linked(item)
        tracking = getattr(item, "tracking", None)
        where, there = place(item) if place else ((), {})
        rows.append(
            Row(
                html=template.render({"item": item, **context, **there}),
                sessions=frozenset(
                    [
                        item.session_id,
                        *(other.session_id for other in linked),
                        *(tracking.sessions if tracking else ()),
                    ]
                ),
                items=frozenset(
                    [
                        item.pk,
                        *(other.pk for other in linked),
                        *(tracking.items if tracking else ()),
                    ]
                ),
                place=where,
            )
        )
    return rows


def hidden_items(hidden: Hidden, levels):
    """The items a narrowing edit hid that ``levels`` could see before it: those of the hidden
    sessions that are themselves at one of ``levels``, and the items hidden one by one."""
    return Item.objects.filter(
        Q(session_id__in=hidden.sessions, visibility__in=levels) | Q(pk__in=hidden.items)
    )


@dataclass(frozen=True)
class PageInfo:
    """What the pagination and the headings read of a page of results (as Django's ``Page``
    and its ``Paginator`` give it), kept with the page."""

    number: int
    count: int
    per_page: int

    @property
    def paginator(self):
        return self

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.per_page))

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def less(facets: dict[str, list[Option]], hidden: dict[str, dict]) -> dict[str, list[Option]]:
    """The facets' options with what was hidden (``findings.facets.hidden_counts``) taken out of
    their counts; an option left with nothing is no longer offered, unless it is chosen (as
    ``findings.facets.facet_options`` offers them)."""
    kept = {}
    for name, options in facets.items():
        taken = hidden.get(name, {})
        counted = [
            replace(option, count=max(0, (option.count or 0) - taken.get(option.value, 0)))
            for option in options
        ]
        kept[name] = [option for option in counted if option.count or option.selected]
    return kept
