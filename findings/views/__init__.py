"""The public side of the findings, one module per kind of page: the home page and What's new
(``home``), the browser and the registers (``browser``), an item (``item``), a theme and its
brief (``themes``). The feed is ``findings.feeds``.

Views stay thin: filtering is ``ItemFilter``'s, search is ``search``'s, facet counts are
``facets``'s, visibility is ``Item.objects.visible_to``'s, and each page or fragment is cached
once per content revision and audience (``ajc.cache``).
"""

from .browser import item_csv, item_list, recommendation_list, risk_list
from .home import home, most_read_paths, whats_new
from .item import item_detail
from .themes import theme_brief, theme_brief_csv, theme_brief_json, theme_detail

__all__ = [
    "home",
    "item_csv",
    "item_detail",
    "item_list",
    "most_read_paths",
    "recommendation_list",
    "risk_list",
    "theme_brief",
    "theme_brief_csv",
    "theme_brief_json",
    "theme_detail",
    "whats_new",
]
