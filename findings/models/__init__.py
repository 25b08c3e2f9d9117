"""What a group learned: learning points (findings), risks and recommendations, with themes.

The three kinds share one table (``Item``) so the findings browser can list, count, facet and
search them together with one index; ``Finding``, ``Risk`` and ``Recommendation`` are proxies
that fix the kind, for the admin and for code that means one kind.

Three modules: ``vocabulary`` (themes, parties), ``items`` (the items, their themes' table,
history and the proxies of each kind) and ``counts`` (the facet counts the browser reads);
everything is imported from here.
"""

from .counts import FacetCount, FacetTally, FacetTotal, TalliedSession
from .items import (
    ITEM_HISTORY,
    Finding,
    Item,
    ItemQuerySet,
    KindManager,
    KindMixin,
    Question,
    Recommendation,
    RelationsSnapshot,
    Risk,
    ThemedItem,
    named_voices,
)
from .vocabulary import Party, Theme

__all__ = [
    "ITEM_HISTORY",
    "FacetCount",
    "FacetTally",
    "FacetTotal",
    "Finding",
    "Item",
    "ItemQuerySet",
    "KindManager",
    "KindMixin",
    "Party",
    "Question",
    "Recommendation",
    "RelationsSnapshot",
    "Risk",
    "TalliedSession",
    "Theme",
    "ThemedItem",
    "named_voices",
]
