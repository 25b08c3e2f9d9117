"""How well an import matches the group's curated content (scripts/import_quality.py and
tests/test_import_quality.py): the figures in docs/importing.md.

- sentences: every sentence of the report's text lands in some record the import made
  (the group's introduction and findings sharing, a session's fields, a learning point, a risk);
  headings and the schedule table are counted separately, as topics and planned sessions;
- learning points recovered: a curated learning point is recovered when an imported one starts
  with the same sentence;
- risks and recommendations: recall is the share of curated ones that share a sentence with a
  proposal of the same kind and session (a curated one drawn from a passage shares the
  passage's sentences), precision the share of proposals that share one with a curated one;
- topics: curated topic titles found among the imported topics of the same session.
"""

import re


def norm(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-")
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _sentences(text):
    from imports.records import sentences

    return [norm(s) for s in sentences(text) if len(norm(s)) > 3]


def sentence_set(text):
    return set(_sentences(text))


def _own_or_source_text(item: dict, session: dict) -> str:
    """A curated item's words: its own text, or, for one drawn from a passage (each sentence is
    stored once, issue 10), the passage it points at: a proposal recalls it when it comes from
    the same passage."""
    if item["fields"].get("text"):
        return item["fields"]["text"]
    if item.get("source"):
        by_key = {other.get("key"): other for other in session["items"]}
        return by_key.get(item["source"], {}).get("fields", {}).get("text", "")
    section = item["fields"].get("source_section")
    return session["fields"].get(section, "") if section else ""


def compare(imported: dict, curated: dict) -> dict:
    """``imported``: {"texts": [str], "sessions": {number: {"findings": [str], "risks": [str],
    "recommendations": [str], "topics": [str]}}}, from the database or an extraction;
    ``curated``: the content file's JSON."""
    out = {}
    curated_sessions = {
        s["fields"]["number"]: s
        for s in curated["sessions"]
        if s["fields"]["number"] in imported["sessions"]
    }
    # Learning points.
    total = found = 0
    out["missing_learning_points"] = []
    for number, session in curated_sessions.items():
        starts = {(_sentences(t) or [""])[0] for t in imported["sessions"][number]["findings"]}
        for item in session["items"]:
            if item["fields"]["kind"] == "finding":
                total += 1
                first = _sentences(item["fields"]["text"])[0]
                found += first in starts
                if first not in starts:
                    out["missing_learning_points"].append(first)
    out["learning_points"] = (found, total)
    for kind, key in (("risk", "risks"), ("recommendation", "recommendations")):
        hit = total = proposed = correct = 0
        for number, session in curated_sessions.items():
            mine = [sentence_set(t) for t in imported["sessions"][number][key]]
            theirs = [
                sentence_set(_own_or_source_text(i, session))
                for i in session["items"]
                if i["fields"]["kind"] == kind
            ]
            total += len(theirs)
            hit += sum(1 for t in theirs if any(t & m for m in mine))
            proposed += len(mine)
            correct += sum(1 for m in mine if any(t & m for t in theirs))
        out[key] = {"recall": (hit, total), "precision": (correct, proposed)}
    total = found = 0
    for number, session in curated_sessions.items():
        mine = {norm(t) for t in imported["sessions"][number]["topics"]}
        for topic in session["topics"]:
            total += 1
            found += norm(topic["title"]) in mine
    out["topics"] = (found, total)
    return out


def sentence_coverage(
    report_blocks: list[str], blocks_skipped: list[str], record_texts: list[str]
) -> tuple:
    """(landed, total, missing): sentences of the report's blocks of prose (less headings and
    schedule rows) that one record's text holds, word for word (case, punctuation, bullets and
    whitespace aside). Each block is split into sentences on its own, as the report wrote it:
    a list's lead-in ("These were:") is a sentence, and so is each item of the list."""
    records = [f" {norm(t)} " for t in record_texts if t]
    skipped = {norm(t) for t in blocks_skipped}
    missing, total = [], 0
    for block in report_blocks:
        for sentence in _sentences(block):
            if sentence in skipped:
                continue
            total += 1
            if not any(f" {sentence} " in record for record in records):
                missing.append(sentence)
    return total - len(missing), total, missing


def ratio(pair) -> float:
    found, total = pair
    return found / total if total else 1.0


def total(figures, pick) -> float:
    """The share of what several reports state that was found, all of them together: ``pick``
    gives each report's (found, stated)."""
    return ratio((sum(pick(f)[0] for f in figures), sum(pick(f)[1] for f in figures)))


# Word and PDF versions of a text report, made the way a facilitator's would be: headings as
# headings, lists as lists, the schedule as a table.


def _parts(text_report: bytes):
    from imports.document import read_text
    from imports.frame import is_schedule_text
    from imports.frame import schedule_rows as _schedule

    blocks = read_text(text_report)
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "heading" and re.match(r"^subject\b", b.text, re.I):
            texts = []
            i += 1
            while (
                i < len(blocks) and blocks[i].kind != "heading" and is_schedule_text(blocks[i].text)
            ):
                texts.append(blocks[i].text)
                i += 1
            rows, rest = _schedule(texts)
            yield (
                "table",
                0,
                [["", "Subject", "Location", "Date"]]
                + [
                    [str(r["number"]), r["subject"], r["location"], _month(r["date"])] for r in rows
                ],
            )
            if rest:
                yield "paragraph", 0, rest
            continue
        if b.kind == "table_row":  # a tab-separated table (sessions 4 and 5's schedule)
            rows = []
            while i < len(blocks) and blocks[i].kind == "table_row":
                rows.append(blocks[i].cells)
                i += 1
            yield "table", 0, rows
            continue
        text = f"{b.cells[0]}. {b.text}" if b.kind == "numbered" else b.text
        yield b.kind, b.level, text
        i += 1


def _month(iso):
    import datetime

    return datetime.date.fromisoformat(iso).strftime("%B %Y")


def make_docx(text_report: bytes) -> bytes:
    import io

    import docx

    document = docx.Document()
    for kind, level, content in _parts(text_report):
        if kind == "heading":
            document.add_heading(content, level=level)
        elif kind == "table":
            table = document.add_table(rows=len(content), cols=4)
            for r, row in enumerate(content):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        elif kind == "bullet":
            document.add_paragraph(content, style="List Bullet")
        else:
            document.add_paragraph(content)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_pdf(text_report: bytes) -> bytes:
    from django.utils.html import escape
    from weasyprint import HTML

    html = ["<style>body{font:11pt serif} p,li{margin:0 0 0.8em}</style>"]
    for kind, level, content in _parts(text_report):
        if kind == "heading":
            html.append(f"<h{level}>{escape(content)}</h{level}>")
        elif kind == "table":
            cells = "".join(
                "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in content
            )
            html.append(f"<table>{cells}</table>")
        elif kind == "bullet":
            html.append(f"<ul><li>{escape(content)}</li></ul>")
        else:
            html.append(f"<p>{escape(content)}</p>")
    return HTML(string="\n".join(html)).write_pdf()


REPORTS = {
    "session-1-partnership.txt": [1],
    "session-2-localism.txt": [2],
    "sessions-4-and-5.txt": [4, 5],
}


def make_version(text_report: bytes, fmt: str) -> bytes:
    return {"txt": lambda t: t, "docx": make_docx, "pdf": make_pdf}[fmt](text_report)


def from_extraction(extraction: dict) -> dict:
    """What ``compare`` needs, read from an extraction with every proposal accepted."""
    texts = [extraction["group"]["introduction"], extraction["group"]["findings_sharing"]]
    texts.append(extraction["report_note"])
    texts.append(extraction["authors_text"])
    sessions = {}
    for session in extraction["sessions"]:
        texts.extend(session["fields"].values())
        texts.extend(figure["caption_text"] for figure in session["figures"])
        texts.append(session["authors_text"])
        texts.extend(row["text"] for row in session["programme"])
        records = session["records"]
        texts.extend(r["text"] for r in records)
        sessions[session["number"]] = {
            "findings": [r["text"] for r in records if r["kind"] == "finding"],
            "risks": [r["text"] for r in records if r["kind"] == "risk"],
            "recommendations": [r["text"] for r in records if r["kind"] == "recommendation"],
            "topics": [t["title"] for t in session["topics"]],
        }
    return {"texts": texts, "sessions": sessions}


def from_database(sessions) -> dict:
    """What ``compare`` needs, read back from the database after an import with every proposal
    accepted: the records the facilitator would publish. A risk or recommendation drawn from a
    passage is compared by that passage's words, as the curated ones are."""
    texts = []
    found = {}
    for session in sessions:
        group = session.group
        texts += [group.introduction, group.findings_sharing, session.report_note]
        texts += [session.authors, session.focus, session.circumstances]
        texts += [session.learning_points_intro, session.risks_intro, session.conclusion]
        texts += [f"Figure {figure.number}: {figure.caption}" for figure in session.figures.all()]
        texts += [f"{row.time} {row.title}" for row in session.programme.all()]
        items = list(session.items.select_related("source"))
        texts += [item.text for item in items]

        def words(item, session=session):
            if item.text:
                return item.text
            if item.source_id:
                return item.source.text
            return getattr(session, item.source_section, "") if item.source_section else ""

        found[session.number] = {
            "findings": [i.text for i in items if i.kind == "finding"],
            "risks": [words(i) for i in items if i.kind == "risk"],
            "recommendations": [words(i) for i in items if i.kind == "recommendation"],
            "topics": [t.title for t in session.topics.all()],
        }
    return {"texts": texts, "sessions": found}


def measure(extraction: dict, imported: dict, curated: dict) -> dict:
    """All the figures for one import: ``imported`` as ``compare`` takes it."""
    figures = compare(imported, curated)
    # The report's sentences: every block of prose (not headings, title lines or the schedule).
    schedule_like = []
    prose = []
    first_session = min((s["paragraph"] for s in extraction["sessions"]), default=0)
    intro_at = next(
        (p["index"] for p in extraction["paragraphs"] if p["text"].lower() == "introduction"), -1
    )
    for p in extraction["paragraphs"]:
        if p["kind"] in ("heading", "table_row", "figure") or p["index"] <= intro_at:
            continue
        # Before the first session, what is not prose is the schedule: a row starts with its
        # number ("5 Influences – … evidence base?") or does not end a sentence.
        if p["index"] < first_session and (
            re.match(r"^\d{1,2}\s+[A-Z]", p["text"])
            or not re.search(r"[a-z]{3,}.*[.:?!]$", p["text"])
        ):
            schedule_like.append(p["text"])
            continue
        prose.append(p["text"])
    landed, total, missing = sentence_coverage(prose, schedule_like, imported["texts"])
    figures["sentences"] = (landed, total)
    figures["missing_sentences"] = missing
    figures["schedule_rows"] = len(extraction["schedule"])
    return figures


# The team's own corpus (tests/import_corpus): other series and layouts --------------------------


def _has(expected: str, found: str) -> bool:
    return bool(norm(expected)) and f" {norm(expected)} " in f" {norm(found)} "


def _frame_found(extraction: dict, key: str, sessions: list[dict]) -> str:
    """The value an import found for a frame field: the group's frame or its first event's."""
    frame = extraction.get("frame", {})
    event = next((s.get("event") for s in sessions if s.get("event")), {}) or {}
    found = {
        "series": frame.get("series", ""),
        "organisation": frame.get("organisation", ""),
        "event_word": event.get("word", ""),
        "number_style": event.get("number_style", ""),
        "date": sessions[0]["date"] if sessions else "",
        "date_precision": sessions[0].get("date_precision", "") if sessions else "",
        "venue": sessions[0].get("venue", "") if sessions else "",
        "authors": extraction.get("authors", ""),
        "affiliations": extraction.get("authors", ""),
    }
    return found.get(key, "")


def frame_fields(extraction: dict, expected: dict) -> tuple[int, int, list[str]]:
    """(found, stated, missing): each frame field the report states, found as stated."""
    sessions = extraction["sessions"]
    stated = found = 0
    missing = []
    checks = list(expected.get("frame", {}).items())
    for n, event_frame in enumerate(expected.get("event_frames", [])):
        checks += [(f"{key} of event {n + 1}", value) for key, value in event_frame.items()]
    for key, value in checks:
        values = value if isinstance(value, list) else [value]
        if key.endswith(tuple(f"of event {n}" for n in range(1, 10))):
            field, n = key.split(" of event ")
            got = sessions[int(n) - 1].get(field, "") if int(n) <= len(sessions) else ""
        else:
            got = _frame_found(extraction, key, sessions)
        for one in values:
            stated += 1
            ok = (
                _has(one, got)
                if key in ("venue", "authors", "affiliations") or " of " in key
                else norm(one) == norm(str(got))
            )
            found += ok
            if not ok:
                missing.append(f"{key}: {one!r} (found {got!r})")
    return found, stated, missing


def programme_figures(extraction: dict, expected: dict) -> dict:
    rows = [row for s in extraction["sessions"] for row in s["programme"]]
    want = expected.get("programme", [])
    row_hits = speaker_hits = speakers = 0
    for time, title, names in want:
        row = next((r for r in rows if r["time"] == time and _has(title, r["title"])), None)
        row_hits += row is not None
        speakers += len(names)
        found = {norm(sp["name"]) for sp in row["speakers"]} if row else set()
        speaker_hits += sum(norm(name) in found for name in names)
    return {"rows": (row_hits, len(want)), "speakers": (speaker_hits, speakers), "found": len(rows)}


RECORD_KINDS = ("finding", "risk", "recommendation", "question")


def record_figures(extraction: dict, expected: dict) -> dict:
    """Recall: expected records (a sentence or phrase each) that a proposal of the kind holds;
    precision: proposals of the kind that hold an expected one (learning points: recall only)."""
    records = [r for s in extraction["sessions"] for r in s["records"]]
    out = {}
    for kind in RECORD_KINDS:
        want = expected["records"].get(kind, [])
        mine = [r["text"] for r in records if r["kind"] == kind]
        hit = sum(any(_has(w, m) for m in mine) for w in want)
        correct = sum(any(_has(w, m) for w in want) for m in mine)
        out[kind] = {
            "recall": (hit, len(want)),
            "precision": (correct, len(mine)),
            "missed": [w for w in want if not any(_has(w, m) for m in mine)],
            "wrong": [m for m in mine if not any(_has(w, m) for w in want)],
        }
    return out


def corpus_sentences(extraction: dict) -> tuple:
    """Sentences of the report's prose (not its title block, headings, tables or attendance
    list) that the import keeps in a field or record."""
    left_out = {i for s in extraction["sessions"] for i in s.get("left_out", [])}
    prose = [
        p["text"]
        for p in extraction["paragraphs"]
        if p["kind"] in ("paragraph", "bullet", "numbered") and p["index"] not in left_out
    ]
    texts = from_extraction(extraction)["texts"]
    texts += [s.get("held_text", "") for s in extraction["sessions"]]
    texts += extraction.get("title", [])
    return sentence_coverage(prose, [], texts)


def measure_corpus(extraction: dict, expected: dict) -> dict:
    numbers = [s["number"] for s in extraction["sessions"]]
    want = expected["events"]
    titles = sum(
        _has(e["title"], s["subject"]) for e, s in zip(want, extraction["sessions"], strict=False)
    )
    frame = frame_fields(extraction, expected)
    return {
        "events": (len(numbers), len(want)),
        "numbers_right": numbers == [e["number"] for e in want],
        "titles": (titles, len(want)),
        "frame": frame[:2],
        "missing_frame": frame[2],
        "programme": programme_figures(extraction, expected),
        "records": record_figures(extraction, expected),
        "sentences": corpus_sentences(extraction)[:2],
        "missing_sentences": corpus_sentences(extraction)[2],
    }
