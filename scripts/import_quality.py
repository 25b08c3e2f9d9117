"""How well importing the group's reports recovers the curated content (docs/importing.md).

    .venv/bin/python scripts/import_quality.py            # every report, as text, Word and PDF

Each report in tests/data/reports/ is imported as it is and as Word and PDF files made from
it, with every proposal accepted, and compared with content/pilot_learning_group.json.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ajc.settings")

import django  # noqa: E402

django.setup()

from imports.document import read_document  # noqa: E402
from imports.extract import extract  # noqa: E402
from tests.import_quality import (  # noqa: E402
    REPORTS,
    from_extraction,
    make_version,
    measure,
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


if __name__ == "__main__":
    main(verbose="-v" in sys.argv)
