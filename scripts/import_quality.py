"""How well importing reports recovers what they say (docs/importing.md).

    .venv/bin/python scripts/import_quality.py            # the pilot's reports, then the corpus
    .venv/bin/python scripts/import_quality.py -v         # and what each one misses
    .venv/bin/python scripts/import_quality.py --corpus --round-five   # the fifth round only
    .venv/bin/python scripts/import_quality.py --corpus --round-six    # the sixth round only
    .venv/bin/python scripts/import_quality.py --corpus --round-seven  # the seventh round only
    .venv/bin/python scripts/import_quality.py --corpus --pdf-text     # and each PDF's pdftotext
    .venv/bin/python scripts/import_quality.py --corpus --pdf-text-layout   # pdftotext -layout

Each pilot report in tests/data/reports/ is imported as it is and as Word and PDF files made
from it, with every proposal accepted, and compared with content/pilot_learning_group.json.
Then each report of the team's own corpus (tests/import_corpus/, ten reports in as many
layouts) is imported as text, as Word and as the PDF LibreOffice made from the Word file, and
compared with the answer written beside it; then the five reports held out of it (written after
the rules), apart, each set with its totals of records by kind.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ajc.settings")

import django  # noqa: E402

django.setup()

from imports.document import ImportRefused, read_document  # noqa: E402
from imports.extract import extract  # noqa: E402
from tests import import_corpus  # noqa: E402
from tests.import_quality import (  # noqa: E402
    RECORD_KINDS,
    REPORTS,
    from_extraction,
    make_version,
    measure,
    measure_corpus,
    ratio,
)


def pct(pair):
    return f"{100 * ratio(pair):5.1f}% ({pair[0]}/{pair[1]})"


def main(verbose=False):
    curated = json.loads((ROOT / "content" / "pilot_learning_group.json").read_text())
    print(
        "| report | format | sentences | learning points | risks recall | risks precision "
        "| recommendations recall | recommendations precision | topics | schedule rows |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name in REPORTS:
        text = (ROOT / "tests" / "data" / "reports" / name).read_bytes()
        for fmt in ("txt", "docx", "pdf"):
            data = make_version(text, fmt)
            extraction = extract(read_document(data, name.replace(".txt", "." + fmt)))
            figures = measure(extraction, from_extraction(extraction), curated)
            print(
                f"| {name} | {fmt} | {pct(figures['sentences'])} "
                f"| {pct(figures['learning_points'])} "
                f"| {pct(figures['risks']['recall'])} | {pct(figures['risks']['precision'])} "
                f"| {pct(figures['recommendations']['recall'])} "
                f"| {pct(figures['recommendations']['precision'])} | {pct(figures['topics'])} "
                f"| {figures['schedule_rows']} |"
            )
            if verbose:
                for sentence in figures["missing_sentences"]:
                    print("    missing:", sentence[:100])
                for sentence in figures["missing_learning_points"]:
                    print("    learning point not recovered:", sentence[:100])


def corpus(verbose=False):
    """The first ten reports, then those held out (written after the rules), each with its
    totals of records by kind per form."""
    sets = (
        ("The corpus", import_corpus.NAMES),
        ("Held out", import_corpus.HELD_OUT),
        ("Round five (held out)", import_corpus.ROUND_FIVE),
        ("Round six (held out)", import_corpus.ROUND_SIX),
        ("Round seven (held out)", import_corpus.ROUND_SEVEN),
    )
    if "--round-five" in sys.argv:
        sets = sets[2:3]
    elif "--round-six" in sys.argv:
        sets = sets[3:4]
    elif "--round-seven" in sys.argv:
        sets = sets[4:]
    every_held: dict = {}
    every: dict = {}
    for title, names in sets:
        print(f"\n{title}:")
        totals = corpus_table(names, verbose)
        totals_table(totals)
        for fmt, kinds in totals.items():
            _add(every, fmt, kinds)
            if names is not import_corpus.NAMES:
                _add(every_held, fmt, kinds)
    print("\nEvery report held out (of those measured), together:")
    totals_table(every_held)
    print("\nEvery report measured, together:")
    totals_table(every)


def totals_table(totals) -> None:
    print("\n| form | " + " | ".join(f"{k}s recall | {k}s precision" for k in RECORD_KINDS) + " |")
    print("| --- " * (1 + 2 * len(RECORD_KINDS)) + "|")
    for fmt, kinds in totals.items():
        cells = " | ".join(
            f"{pct(kinds[k]['recall'])} | {pct(kinds[k]['precision'])}" for k in RECORD_KINDS
        )
        print(f"| {fmt} | {cells} |")
    print("\n| form | frame fields | programme rows | speakers |\n| --- | --- | --- | --- |")
    for fmt, kinds in totals.items():
        print(
            f"| {fmt} | {pct(kinds['frame'])} | {pct(kinds['rows'])} | {pct(kinds['speakers'])} |"
        )


def _add(totals, fmt, records):
    mine = totals.setdefault(fmt, {})
    for what in ("frame", "rows", "speakers"):
        mine[what] = tuple(
            a + b for a, b in zip(mine.get(what, (0, 0)), records[what], strict=True)
        )
    for kind in RECORD_KINDS:
        mine = totals.setdefault(fmt, {}).setdefault(kind, {"recall": (0, 0), "precision": (0, 0)})
        for what in ("recall", "precision"):
            mine[what] = tuple(a + b for a, b in zip(mine[what], records[kind][what], strict=True))


# A form's file kind where its name is not one: text that came out of a PDF is a text file.
FILE_KIND = {"pdf text": "txt", "pdf layout text": "txt"}
# Text out of a PDF, by the option that asks for it: pdftotext's reading order, or its
# "-layout" (columns kept by runs of spaces, as many tools and a copy and paste give it).
PDF_TEXT_FORMS = {
    "--pdf-text": ("pdf text", []),
    "--pdf-text-layout": ("pdf layout text", ["-layout"]),
}


def _versions(name) -> dict[str, bytes]:
    """The report's forms; with --pdf-text or --pdf-text-layout, also its PDF as poppler's
    pdftotext reads it."""
    versions = import_corpus.versions(name)
    for option, (form, flags) in PDF_TEXT_FORMS.items():
        if option in sys.argv:
            versions[form] = subprocess.run(  # noqa: S603 (a fixed tool on our own files)
                ["pdftotext", *flags, "-", "-"],  # noqa: S607 (poppler-utils, from make setup)
                input=versions["pdf"],
                capture_output=True,
                check=True,
            ).stdout
    return versions


def corpus_table(names, verbose) -> dict:
    kinds = " | ".join(f"{k}s recall | {k}s precision" for k in RECORD_KINDS[1:])
    print(
        "\n| report | form | events | frame fields | programme rows | speakers "
        f"| learning points recall | {kinds} | sentences kept |"
    )
    print("| --- " * (9 + 2 * len(RECORD_KINDS[1:])) + "|")
    totals: dict = {}
    for name in names:
        for fmt, data in _versions(name).items():
            try:
                extraction = extract(read_document(data, f"{name}.{FILE_KIND.get(fmt, fmt)}"))
            except ImportRefused as refusal:
                print(f"| {name} | {fmt} | refused: {refusal} |")
                continue
            got = measure_corpus(extraction, import_corpus.report(name).EXPECTED)
            _add(totals, fmt, {**got["records"], **_frame_totals(got)})
            print(_corpus_row(name, fmt, got))
            if verbose:
                _misses(got)
    return totals


def _frame_totals(got) -> dict:
    return {
        "frame": got["frame"],
        "rows": got["programme"]["rows"],
        "speakers": got["programme"]["speakers"],
    }


def _corpus_row(name, fmt, got) -> str:
    records = got["records"]
    cells = " | ".join(
        f"{pct(records[k]['recall'])} | {pct(records[k]['precision'])}" for k in RECORD_KINDS[1:]
    )
    events = f"{got['events'][0]} of {got['events'][1]}" + (
        "" if got["numbers_right"] else " (numbers differ)"
    )
    return (
        f"| {name} | {fmt} | {events} | {pct(got['frame'])} "
        f"| {pct(got['programme']['rows'])} | {pct(got['programme']['speakers'])} "
        f"| {pct(records['finding']['recall'])} | {cells} | {pct(got['sentences'])} |"
    )


def _misses(got) -> None:
    for line in got["missing_frame"]:
        print("    frame:", line)
    for sentence in got["missing_sentences"]:
        print("    sentence not kept:", sentence[:100])
    for kind in RECORD_KINDS:
        for text in got["records"][kind]["missed"]:
            print(f"    {kind} missed:", text[:100])
        for text in got["records"][kind]["wrong"]:
            print(f"    {kind} not expected:", text[:100])


if __name__ == "__main__":
    if "--corpus" not in sys.argv:
        main(verbose="-v" in sys.argv)
    corpus(verbose="-v" in sys.argv)
