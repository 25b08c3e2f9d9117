"""Tables a PDF draws without ruling lines, found from where its words stand (issue 24): a
gutter (a gap of at least 1.5 line heights before a word) at the same place on three or more
lines, in a run of lines no word crosses, is a column's edge; the run is the table, a larger
gap between lines than the run's closest starts a row, and each word goes in the column it
starts in. Justified prose has no such gutter; a list's bullet stands closer to its text.

pdfplumber's own "text" strategy was tried first: on a whole page it takes prose for columns
(every page of the corpus became a table of word fragments), so it is not used.
"""

GAP = 1.5  # a gutter: a gap before a word of at least this many times the line's height
ALIGN = 2.0  # points: words that start one column start within this of each other
MIN_LINES = 3  # lines with a gutter at one place, for it to be a column's edge
ROW_GAP = 1.3  # a gap between lines this many times the run's smallest starts a row
CELL_PITCH = 1.6  # a line at most this many line heights under the last is in its cell


def borderless_tables(page, boxes=()) -> list[list[list[str]]]:
    """The page's tables without ruling lines, each a list of rows of cells (a cell's lines
    joined by "\\n"), leaving out words inside ``boxes`` (the tables found by their lines)."""
    words = [w for w in page.extract_words() if not any(_inside(w, box) for box in boxes)]
    lines = _lines(words)
    gutters = [_gutters(line) for line in lines]
    tables = []
    for first, last, columns in _regions(lines, gutters):
        table = _cells(lines[first : last + 1], columns)
        if len(table) >= 2 and sum(sum(bool(c) for c in row) >= 2 for row in table) >= 2:
            tables.append(table)
    return tables


def _inside(word, box) -> bool:
    x0, top, x1, bottom = box
    return word["x0"] >= x0 - 1 and word["x1"] <= x1 + 1 and top - 1 <= word["top"] <= bottom


def _lines(words) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= ALIGN:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _gutters(line) -> list[float]:
    """Where the line's words start after a gutter (not after a lone bullet or list number)."""
    found = []
    for before, word in zip(line, line[1:], strict=False):
        height = word["bottom"] - word["top"]
        lone_mark = before is line[0] and len(before["text"].rstrip(".)")) <= 2
        if word["x0"] - before["x1"] >= GAP * height and not lone_mark:
            found.append(word["x0"])
    return found


def _crosses(line, x) -> bool:
    return any(w["x0"] < x - ALIGN and w["x1"] > x + ALIGN for w in line)


def _columns(gutters) -> list[float]:
    """Places where MIN_LINES or more lines have a gutter."""
    starts = sorted(x for found in gutters for x in found)
    columns: list[float] = []
    for x in starts:
        near = [s for s in starts if abs(s - x) <= ALIGN]
        if len(near) >= MIN_LINES and not any(abs(c - x) <= ALIGN for c in columns):
            columns.append(x)
    return columns


def _regions(lines, gutters):
    """(first line, last line, column edges) of each run of lines that no word crosses, from
    its first line with a gutter at an edge to its last and the lines that close up under it."""
    columns = _columns(gutters)
    regions = []
    for x in columns:
        hits = [i for i, found in enumerate(gutters) if any(abs(g - x) <= ALIGN for g in found)]
        for i in hits:
            # Within a run found for this edge already (another edge's run may hold it: a
            # third column's edge lies inside the second's run).
            if any(first <= i <= last and edge == x for first, last, edge in regions):
                continue
            last = i
            while last + 1 < len(lines) and not _crosses(lines[last + 1], x):
                last += 1
            inside = [h for h in hits if i <= h <= last]
            if len(inside) >= MIN_LINES:
                regions.append((i, _closing(lines, inside[-1], last), x))
    return _merged(regions)


def _closing(lines, last_hit, last) -> int:
    """The last gutter line and the lines under it as close as a cell's lines."""
    end = last_hit
    while end + 1 <= last and _pitch(lines, end) <= CELL_PITCH * _height(lines[end]):
        end += 1
    return end


def _pitch(lines, i) -> float:
    return lines[i + 1][0]["top"] - lines[i][0]["top"]


def _height(line) -> float:
    return max(w["bottom"] - w["top"] for w in line)


def _merged(regions):
    """Regions over the same lines are one table with several column edges."""
    merged: list[tuple[int, int, list[float]]] = []
    for first, last, x in sorted(regions):
        if merged and first <= merged[-1][1]:
            top_first, top_last, edges = merged[-1]
            merged[-1] = (top_first, max(top_last, last), sorted([*edges, x]))
        else:
            merged.append((first, last, [x]))
    return merged


def _cells(lines, columns) -> list[list[str]]:
    pitches = [b[0]["top"] - a[0]["top"] for a, b in zip(lines, lines[1:], strict=False)]
    smallest = min(pitches, default=0)
    rows: list[list[list[str]]] = []
    for n, line in enumerate(lines):
        if n == 0 or pitches[n - 1] > ROW_GAP * smallest:
            rows.append([[] for _edge in range(len(columns) + 1)])
        parts: list[list[str]] = [[] for _edge in range(len(columns) + 1)]
        for word in line:
            column = sum(word["x0"] >= edge - ALIGN for edge in columns)
            parts[column].append(word["text"])
        for column, part in enumerate(parts):
            if part:
                rows[-1][column].append(" ".join(part))
    return [["\n".join(cell) for cell in row] for row in rows]
