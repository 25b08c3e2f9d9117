"""Records as plain data: sentences, the cue that produced a record, its proposed short
statement, themes, agreement, party and strength (``imports.rules`` and
``imports.record_cues`` hold the patterns)."""

import re
from functools import lru_cache

import pysbd

from . import record_cues, rules


@lru_cache(maxsize=1)
def _segmenter():
    return pysbd.Segmenter(language="en", clean=False)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _segmenter().segment(" ".join(text.split())) if s.strip()]


def first_match(table, text):
    for value, pattern in table:
        if pattern.search(text):
            return value, pattern
    return "", None


def cue_of(table, text):
    for name, pattern in table:
        match = pattern.search(text)
        if match:
            return f"{name}: “{match.group(0)}”"
    return ""


def themes_of(text: str) -> list[str]:
    return [slug for slug, _name, pattern in record_cues.THEME_PATTERNS if pattern.search(text)]


def short_statement(sentence: str, words: int = 30) -> str:
    text = rules.ATTRIBUTION.sub("", sentence, count=1).strip()
    text = text[:1].upper() + text[1:]
    parts = text.split()
    if len(parts) <= words:
        return text
    cut = " ".join(parts[:words])
    for stop in (", ", " and ", " which ", " whilst "):
        at = cut.rfind(stop)
        if at > len(cut) // 2:
            cut = cut[:at]
            break
    return cut.rstrip(",;: ") + "…"


def first_in_text(table, text):
    found = []
    for value, pattern in table:
        match = pattern.search(text)
        if match:
            found.append((match.start(), value))
    return min(found)[1] if found else ""


def new_record(kind, text, paragraph, topic, cue) -> dict:
    record = {
        "kind": kind,
        "text": text,
        "statement": short_statement(
            sentences(text)[0] if kind == "risk" and len(text) > 400 else text
        ),
        "cue": cue,
        "paragraph": paragraph,
        "topic": topic,
        "themes": themes_of(text),
        "agreement": "",
        "party": "",
        "strength": "",
        "sectors": [],
    }
    if kind in ("risk", "recommendation"):
        record["party"] = first_match(record_cues.PARTY_CUES, text)[0] or (
            "commissioners" if kind == "recommendation" else "service_users"
        )
    if kind == "recommendation":
        record["strength"] = first_match(record_cues.STRENGTH_CUES, text)[0]
    return record


def cell_read_as_line(block) -> bool:
    """A paragraph of a few words that ends no sentence ("10.15", "Employment subgroup",
    "Mutuals in probation: early les-"): a table's cell or a heading that text out of a PDF
    gave as a line of its own (pdftotext reads a table column by column), not a learning
    point."""
    return (
        block.kind == "paragraph"
        and len(block.text.split()) <= 5
        and not re.search(r"[.!?]$", block.text)
    )
