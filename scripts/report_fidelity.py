"""How faithfully the generated PDF reports reproduce the group's own written reports.

    .venv/bin/python scripts/report_fidelity.py            # all three reports, from the database
    .venv/bin/python scripts/report_fidelity.py --missing  # and list what is missing

For each written report it prints: the sentences found in the PDF (all, for a faithful report),
how many the PDF prints more often than the report does (none), the word count against the
report's (within ±10%) and the figures found where the text places them. How it is measured is
in tests/fidelity.py, which the tests use too. The written reports are read from
tests/data/reports/ (copies of the group's published reports).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv):
    import os

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ajc.settings")
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser

    from reports.pdf import render_pdf
    from reports.report import build_report
    from sessions.models import LearningGroup
    from tests.fidelity import measure_all

    group = LearningGroup.objects.get(slug="pilot-learning-group")
    results = measure_all(lambda numbers: render_pdf(build_report(AnonymousUser(), group, numbers)))
    for result in results:
        print(result)
        if "--missing" in argv:
            for sentence in result.missing:
                print("   missing:", sentence)
            for sentence in result.duplicated:
                print("   printed more often than written:", sentence)
            for problem in result.figure_problems:
                print("   ", problem)
    return 0 if all(result.faithful for result in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
