"""Importing the group's three reports, as text and as Word and PDF files made from it,
recovers the curated content (figures in docs/importing.md, from scripts/import_quality.py).

The floors are the issue's: every sentence of the report lands in some record, at least 90% of
the learning points are recovered, at least 80% of the curated risks and recommendations are
proposed (precision is reported in docs/importing.md, not held to a floor), and every topic."""

import copy
import functools
import json
from pathlib import Path

import pytest

from imports.document import read_document
from imports.extract import extract

from .import_quality import (
    REPORTS,
    from_database,
    from_extraction,
    make_version,
    measure,
    ratio,
    sentence_coverage,
)

ROOT = Path(__file__).parent.parent
CURATED = json.loads((ROOT / "content" / "pilot_learning_group.json").read_text())


# Each report's Word and PDF versions are made, and each version read, once for the module: a
# PDF is drawn by WeasyPrint and read back by pdfplumber, seconds each, and three tests use them.
@functools.cache
def version(name: str, fmt: str) -> bytes:
    return make_version((ROOT / "tests" / "data" / "reports" / name).read_bytes(), fmt)


@functools.cache
def _extraction(name: str, fmt: str) -> dict:
    return extract(read_document(version(name, fmt), name.replace(".txt", f".{fmt}")))


def extraction_of(name: str, fmt: str) -> dict:
    return copy.deepcopy(_extraction(name, fmt))


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
@pytest.mark.parametrize("name", list(REPORTS))
def test_import_recovers_the_curated_content(name, fmt):
    extraction = extraction_of(name, fmt)
    assert [s["number"] for s in extraction["sessions"]] == REPORTS[name]
    figures = measure(extraction, from_extraction(extraction), CURATED)
    assert figures["sentences"][1] > 50
    assert ratio(figures["sentences"]) == 1.0, figures["missing_sentences"]
    assert ratio(figures["learning_points"]) >= 0.9, figures["missing_learning_points"]
    assert ratio(figures["risks"]["recall"]) >= 0.8
    assert ratio(figures["recommendations"]["recall"]) >= 0.8
    assert ratio(figures["topics"]) == 1.0
    assert figures["schedule_rows"] == 5


def test_a_sentence_lands_only_when_one_record_holds_it_word_for_word():
    blocks = ["These were:", "The group met twice. It agreed on one thing."]
    # Split across two records, or with a word changed, a sentence has not landed.
    landed, total, missing = sentence_coverage(
        blocks, [], ["… these were: 1. Technical issues", "The group met", "twice. It agreed"]
    )
    assert (landed, total) == (1, 3)
    assert missing == ["the group met twice", "it agreed on one thing"]
    landed, total, _missing = sentence_coverage(
        blocks, [], ["These were:", "The group met twice.  It agreed on one thing."]
    )
    assert (landed, total) == (3, 3)


def test_each_format_gives_the_same_extraction():
    for name in REPORTS:
        extractions = [extraction_of(name, fmt) for fmt in ("txt", "docx", "pdf")]
        shapes = [
            [
                (
                    s["number"],
                    s["subject"],
                    s["fields"],
                    [(r["kind"], r["text"]) for r in s["records"]],
                )
                for s in extraction["sessions"]
            ]
            + [extraction["schedule"]]
            for extraction in extractions
        ]
        assert shapes[1] == shapes[0], f"{name}: Word differs from text"
        assert shapes[2] == shapes[0], f"{name}: PDF differs from text"


# What the import writes follows from the extraction alone, and each format gives the same
# extraction (above): each report is written once as text, and the largest once from its PDF
# too, so the file's whole road to the database is taken (a Word or PDF import each costs
# seconds of accepting proposals, and the other four would repeat these).
WRITTEN = [(name, "txt") for name in REPORTS] + [("sessions-4-and-5.txt", "pdf")]


@pytest.mark.parametrize(("name", "fmt"), WRITTEN)
def test_importing_into_an_empty_group_and_accepting_everything_keeps_the_figures(db, name, fmt):
    """The same measure on what the import writes: each report imported into an empty group
    with every proposal accepted, read back from the database (drawn risks and
    recommendations by their passage's words), reaches the same figures as its extraction."""
    from imports import apply, review
    from sessions.models import Session

    report = apply.import_bytes(
        version(name, fmt), name.replace(".txt", f".{fmt}"), new_group_name="Empty"
    )
    for proposal in report.proposals.filter(decision="pending"):
        review.accept(proposal)
    sessions = Session.objects.filter(imports=report).select_related("group")
    figures = measure(report.extracted, from_database(sessions), CURATED)
    expected = measure(report.extracted, from_extraction(report.extracted), CURATED)
    assert figures["sentences"] == expected["sentences"], figures["missing_sentences"]
    assert ratio(figures["sentences"]) == 1.0
    assert figures["learning_points"] == expected["learning_points"]
    assert ratio(figures["learning_points"]) >= 0.9
    for kind in ("risks", "recommendations"):
        assert figures[kind]["recall"] == expected[kind]["recall"]
        assert ratio(figures[kind]["recall"]) >= 0.8
    assert figures["topics"] == expected["topics"]
