"""The CSV download of a filtered result: one row per item, safe to open in a spreadsheet.

Rows are produced as the queryset is read in chunks, so a large result streams rather than
being built in memory. A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return) would be read as a formula by spreadsheet programs, so it is prefixed with a
single quote: the report's words are data, never instructions.
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER = [
    "id",
    "kind",
    "learning group",
    "session",
    "session subject",
    "session date",
    "text",
    "themes",
    "how far the group agreed",
    "sectors that voiced it",
    "who is exposed",
    "addressed to",
    "strength",
    "address",
]
CHUNK = 2000


class _Echo:
    """A file-like object whose write returns the line, for streaming with csv.writer."""

    def write(self, value):
        return value


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def item_row(item, base_url="") -> list[str]:
    return [
        safe_cell(cell)
        for cell in (
            item.pk,
            item.get_kind_display(),
            item.session.group.name,
            item.session.number,
            item.session.subject,
            item.session.date_display,
            item.summary,
            # Featured first, as everywhere (Theme's ordering), whatever order the join gave.
            "; ".join(
                theme.name
                for theme in sorted(item.themes.all(), key=lambda t: (not t.featured, t.name))
            ),
            item.get_agreement_display(),
            "; ".join(sector.name for sector in item.named_sectors),
            item.get_exposed_display(),
            item.get_audience_display(),
            item.get_strength_display(),
            base_url + item.get_absolute_url(),
        )
    ]


def csv_rows(items, base_url="", more=None):
    """Yield the CSV, header first, reading the items ``CHUNK`` at a time.

    ``more``: columns a download adds after these, as (their names, item -> their cells).
    """
    names, cells = more or ([], lambda item: [])
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a byte-order mark, so spreadsheet programs read the text as UTF-8
    yield writer.writerow(HEADER + names)
    for item in items.iterator(chunk_size=CHUNK):
        yield writer.writerow(item_row(item, base_url) + [safe_cell(cell) for cell in cells(item)])
