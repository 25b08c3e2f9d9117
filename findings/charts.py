"""Agreement by sector: which sectors voiced a learning point, and, for a theme, how many of its
learning points each sector voiced at each level of agreement. Drawn as SVG on the server (no
client script) with a data table beside it.

Only attributions members may be told are drawn or counted (``Item.named_sectors``, the same
rule as ``named_voices`` in SQL): a sector with fewer than ``SMALLEST_NAMED_SECTOR`` people at a
session is never named as having voiced one of that session's points, and is counted nowhere,
so no chart, table, filter or count can be compared with another to work it back out.
"""

from dataclasses import dataclass, field

from sessions.models import SMALLEST_NAMED_SECTOR

from .models import Item

NOT_STATED = "Agreement not stated"
# One colour per level of agreement, each at least 3:1 against the white page and the white
# gaps between segments (WCAG 1.4.11); the table and the legend say the same in words.
COLOURS = {
    Item.Agreement.UNANIMOUS.label: "#1d4f91",
    Item.Agreement.BROAD.label: "#2f6f3e",
    Item.Agreement.MANY.label: "#6b3d8f",
    Item.Agreement.SOME.label: "#9a4a00",
    Item.Agreement.CONTESTED.label: "#a4262c",
    NOT_STATED: "#555555",
}
LABEL_WIDTH = 270
BAR_WIDTH = 380
ROW_HEIGHT = 30
BAR_HEIGHT = 20
LEGEND_ROW = 22


@dataclass
class Segment:
    level: str
    count: int
    x: float
    width: float
    colour: str


@dataclass
class SectorRow:
    name: str
    counts: dict
    total: int = 0
    y: int = 0
    total_x: float = 0
    cells: list = field(default_factory=list)
    segments: list = field(default_factory=list)


@dataclass
class ThemeChart:
    levels: list
    rows: list
    legend: list
    height: int
    smallest: int = SMALLEST_NAMED_SECTOR

    @property
    def width(self) -> int:
        return LABEL_WIDTH + BAR_WIDTH + 40


def _level(item) -> str:
    return item.get_agreement_display() if item.agreement else NOT_STATED


def theme_chart(learning_points) -> ThemeChart | None:
    """For a theme's learning points (with ``sectors`` and ``session.attendance`` prefetched):
    per named sector, how many it voiced at each level. None when no point names a sector."""
    levels = [*Item.Agreement.labels, NOT_STATED]
    rows: dict[int, SectorRow] = {}
    order: dict[int, tuple] = {}
    for item in learning_points:
        for sector in item.named_sectors:
            row = rows.setdefault(sector.pk, SectorRow(sector.name, dict.fromkeys(levels, 0)))
            order[sector.pk] = (sector.order, sector.name)
            row.counts[_level(item)] += 1
    if not rows:
        return None
    shown = [level for level in levels if any(row.counts[level] for row in rows.values())]
    legend = [(level, COLOURS[level], 10 + index * LEGEND_ROW) for index, level in enumerate(shown)]
    top = 10 + len(shown) * LEGEND_ROW + 10
    ordered = [rows[pk] for pk in sorted(rows, key=order.get)]
    most = max(sum(row.counts.values()) for row in ordered)
    for index, row in enumerate(ordered):
        row.total = sum(row.counts.values())
        row.y = top + index * ROW_HEIGHT
        x = float(LABEL_WIDTH)
        for level in shown:
            if row.counts[level]:
                width = BAR_WIDTH * row.counts[level] / most
                row.segments.append(Segment(level, row.counts[level], x, width, COLOURS[level]))
                x += width
        row.total_x = x + 6
        row.cells = [row.counts[level] for level in shown]
    return ThemeChart(
        levels=shown,
        rows=ordered,
        legend=legend,
        height=top + len(ordered) * ROW_HEIGHT + 10,
    )


@dataclass
class PointRow:
    name: str
    state: str  # "voiced", "silent" or "unnamed"
    y: int


@dataclass
class PointChart:
    rows: list
    attendance_recorded: bool
    smallest: int = SMALLEST_NAMED_SECTOR

    @property
    def height(self) -> int:
        return len(self.rows) * ROW_HEIGHT + 10

    @property
    def width(self) -> int:
        return LABEL_WIDTH + 300


def point_chart(item) -> PointChart | None:
    """For one point: each sector present at its session and whether it voiced the point. A
    sector too small to name is shown as "not shown" whether or not it voiced it, so its row
    says nothing. None when no sector may be named as having voiced it."""
    named = {sector.pk for sector in item.named_sectors}
    attendance = list(item.session.attendance.all())
    entries = []
    if attendance:
        for row in attendance:
            state = "unnamed" if row.too_small_to_name else "voiced"
            if state == "voiced" and row.sector_id not in named:
                state = "silent"
            entries.append((row.sector.name, state))
    else:
        entries = [(sector.name, "voiced") for sector in item.named_sectors]
    if not named:
        # Drawn only when a sector is named: whether a hidden attribution exists shows nowhere.
        return None
    rows = [PointRow(name, state, 5 + i * ROW_HEIGHT) for i, (name, state) in enumerate(entries)]
    return PointChart(rows=rows, attendance_recorded=bool(attendance))
