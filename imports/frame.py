"""The frame of a report: its title block, the group's introduction, the schedule table, the
authors and a session's programme. Pure functions over blocks, no database (as ``extract``).
"""

import datetime
import re

from . import rules


def schedule_rows(texts: list[str]) -> tuple[list[dict], str]:
    """Rows of the schedule table from its text, and any prose that followed it."""
    joined = " ".join(texts)
    rows, end = [], 0
    for match in rules.SCHEDULE_ROW.finditer(joined):
        number, subject, location, month, year = match.groups()
        month_number = rules.MONTHS.split("|").index(month) + 1
        rows.append(
            {
                "number": int(number),
                "subject": " ".join(subject.split()),
                "location": location,
                "date": datetime.date(int(year), month_number, 1).isoformat(),
            }
        )
        end = match.end()
    return rows, joined[end:].strip()


def is_schedule_text(text: str) -> bool:
    """Text that continues a schedule table read as lines (a row, or part of one)."""
    return bool(
        re.match(r"^\d", text)
        or re.match(rf"^\S+\s+(?:{rules.MONTHS})\s+\d{{4}}", text)
        or not re.search(r"[.?!]$", text)
        or rules.SCHEDULE_ROW.search(text)
    )


def introduction_index(blocks) -> int:
    for i, b in enumerate(blocks):
        if b.kind == "heading" and b.text.lower() == "introduction":
            return i
    return -1


def authors_line(blocks) -> tuple[str, str]:
    """The report's authors and the line that names them ("Authors: …", "Written by …")."""
    found = ("", "")
    for b in blocks:
        match = rules.AUTHORS.match(b.text) if b.kind in ("paragraph", "heading") else None
        if match and len(b.text.split()) <= 25:
            found = (match.group(1).strip(), b.text)
    return found


def front_matter(blocks, result, title_end=0):
    """The group's part of a report: its title lines, authors, introduction, schedule and how
    findings are shared. Without an "Introduction" heading the title block (``title_end``
    blocks) is the title and what follows it the introduction."""
    # An authors line names the authors of every session the report covers.
    result["authors"], result["authors_text"] = authors_line(blocks)

    def kept(part):
        return [b for b in part if not result["authors_text"] or b.text != result["authors_text"]]

    intro_at = introduction_index(blocks)
    split = intro_at if intro_at >= 0 else title_end
    title = [b.text for b in kept(blocks[:split])]
    result["title"] = title
    group = result["group"]
    group["name"] = next(
        (
            line
            for line in title
            if re.search(r"\bgroup\b", line, re.I) and not rules.SESSION_HEADING.match(line)
        ),
        "",
    )
    rest = kept(blocks[intro_at + 1 :] if intro_at >= 0 else blocks[title_end:])
    introduction, sharing, schedule_texts, note = _introduction_parts(rest)
    rows, rest = schedule_rows(schedule_texts)
    if rest:
        sharing.insert(0, rest)
    result["report_note"] = note or result["report_note"]
    result["schedule"] = rows
    group["introduction"] = "\n\n".join(introduction)
    group["findings_sharing"] = "\n\n".join(sharing)
    group.update(_inaugural(group["introduction"]))
    focus = re.search(r"focuses on one key area of commissioning; ([^,]+)", group["introduction"])
    group["focus"] = focus.group(1).strip() if focus else ""


def _is_schedule_start(b) -> bool:
    return b.kind == "table_row" or (
        b.kind == "heading" and bool(re.match(r"^\s*subject\b", b.text, re.I))
    )


def _introduction_parts(blocks):
    """The introduction's prose, how findings are shared, the schedule's text and any note on
    combined sessions: before the schedule table is introduction, after it the rest."""
    introduction, sharing, schedule_texts, note = [], [], [], ""
    in_schedule = False
    for b in blocks:
        if _is_schedule_start(b):
            in_schedule = True
            if b.kind == "table_row" and not re.match(r"^\s*subject\b", b.text, re.I):
                schedule_texts.append(" ".join(b.cells) if b.cells else b.text)
        elif in_schedule and not sharing and is_schedule_text(b.text):
            schedule_texts.append(b.text)
        elif not in_schedule:
            introduction.append(b.text)
        elif re.search(r"\bcombined\b", b.text, re.I):
            note = b.text
        else:
            sharing.append(b.text)
    return introduction, sharing, schedule_texts, note


def _inaugural(introduction: str) -> dict:
    match = rules.INAUGURAL.search(introduction)
    if not match:
        return {}
    day, month, year, place = match.groups()
    month_number = rules.MONTHS.split("|").index(month) + 1
    return {
        "inaugural_meeting": datetime.date(int(year), month_number, int(day)).isoformat(),
        "inaugural_location": place,
    }


def programme_rows(b, index) -> list[dict]:
    """The rows a programme's line or table row gives: one, or one per parallel session when
    two or more cells after the time each hold a title and its speakers ("A1 Measuring … — Dr
    A" beside "B1 Commissioning … — B")."""
    cells = [cell for cell in b.cells[1:] if cell.strip()] if b.kind == "table_row" else []
    if (
        len(cells) >= 2
        and rules.PROGRAMME_CELL_TIME.match(b.cells[0])
        and all(len(rules.PROGRAMME_SPEAKERS.split(cell, maxsplit=1)) == 2 for cell in cells)
    ):
        return [_row(b.cells[0], *_title_and_speakers(cell), b.text, index) for cell in cells]
    row = programme_row(b, index)
    return [row] if row else []


def programme_row(b, index) -> dict | None:
    """A row of a programme: a table row whose first cell is a time, or a line that starts
    with one ("10.30 Markets and justice – Dr Cy Speaker, Reader, University of Havant")."""
    if b.kind == "table_row" and b.cells and rules.PROGRAMME_CELL_TIME.match(b.cells[0]):
        time, title = b.cells[0], b.cells[1] if len(b.cells) > 1 else ""
        speakers = "; ".join(cell for cell in b.cells[2:] if cell)
        if not speakers:
            title, speakers = _speakers_under_title(title)
        if not speakers:  # "Welcome — Professor Lena Hart" in the title's cell
            title, speakers = _title_and_speakers(title)
    else:
        match = rules.PROGRAMME_LINE.match(b.text) if b.kind != "table_row" else None
        if match is None:
            return None
        time, rest = match.groups()
        title, speakers = _title_and_speakers(rest)
    return _row(time, title, speakers, b.text, index)


def _title_and_speakers(text: str) -> tuple[str, str]:
    parts = rules.PROGRAMME_SPEAKERS.split(text, maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def _row(time, title, speakers, text, index) -> dict:
    return {
        "time": time,
        "title": title.strip(),
        "speakers": speakers_in(speakers),
        "text": text,
        "paragraph": index,
    }


def speakers_in(text: str) -> list[dict]:
    """The speakers a row names: "Dr A, Role, Organisation; B, …" (one a part), or names alone
    ("Dee Harrow, Sam Whitlock and Kezia Moran", "Lena Hart and Martin Osei"): one each."""
    found = []
    for part in (part for part in re.split(r";\s*", text) if part.strip()):
        names = [n.strip() for n in re.split(r",\s*|\s+and\s+|\s+&\s+", part) if n.strip()]
        listed = re.search(r"\s(?:and|&)\s", part) and len(names) >= 2
        if listed and all(rules.PERSON_NAME.fullmatch(n) for n in names):
            found += [{"name": n, "role": "", "organisation": ""} for n in names]
        else:
            found.append(speaker(part))
    return found


def _speakers_under_title(cell: str) -> tuple[str, str]:
    """A title cell whose later lines name the speakers ("Welcome" / "Cllr Dana Whitlock,
    Chair, …"): the title, and the speakers' lines (each a speaker, or several with ";")."""
    lines = [line.strip() for line in cell.split("\n") if line.strip()]
    at = next((n for n in range(1, len(lines)) if rules.SPEAKER_LINE.match(lines[n])), None)
    if at is None:
        return " ".join(cell.split()), ""
    return " ".join(lines[:at]), "; ".join(lines[at:])


def is_speakers_line(text: str) -> bool:
    """A line of its own that names a row's speakers, not a sentence."""
    return (
        bool(rules.SPEAKER_LINE.match(text))
        and len(text.split()) <= 30
        and not re.search(r"[.!?]$", text)
    )


def speaker(text: str) -> dict:
    parts = [part.strip() for part in text.split(",") if part.strip()]
    return {
        "name": parts[0],
        "role": ", ".join(parts[1:-1]) if len(parts) > 2 else "".join(parts[1:2]),
        "organisation": parts[-1] if len(parts) > 2 else "",
    }
