"""What the risk register shows of risks tracked across sessions: each risk's current state
and trend where it is tracked, and the section with the heat map and the tracked risks by
state. The follow-up app keeps them and sits above findings, so findings never imports it: it
tells this module how to ask when it starts (``followup.apps``), as it tells the theme briefs
each recommendation's status; a site without it shows the register without them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RiskTracking:
    """A risk item's tracked risk as its reader may see it."""

    title: str  # the tracked risk's own name
    state: str  # "Escalated"
    trend: str  # "Rising", "New", "Not assessed"…
    url: str  # its history
    # The sessions and risk items its state and trend are worked out from (``findings.listed``:
    # a narrowing edit that hid any of them takes the row out of a page made safe).
    sessions: frozenset[int] = frozenset()
    items: frozenset[int] = frozenset()


# (risk items' ids, reader) -> {id: tracking} for those tracked in what the reader may see.
TrackingSource = Callable[[Iterable[int], object], dict[int, RiskTracking]]
# (request) -> the register's section on tracked risks, as HTML; raises ajc.errors.Problem
# for a state it does not know.
SectionSource = Callable[[object], str]
_tracking: TrackingSource | None = None
_section: SectionSource | None = None


def tell_risk_tracking_with(tracking: TrackingSource, section: SectionSource) -> None:
    """Called once by the follow-up app when it starts (``followup.apps``)."""
    global _tracking, _section
    _tracking, _section = tracking, section


def with_tracking(items, user):
    """Give each risk among ``items`` its ``tracking`` (or None) for the register."""
    risks = [item for item in items if item.kind == "risk"]
    # Asked about every item listed: one query for any page that lists something.
    found = _tracking([item.pk for item in items], user) if _tracking and items else {}
    for item in risks:
        item.tracking = found.get(item.pk)
    return items


def tracked_section(request) -> str:
    return _section(request) if _section else ""
