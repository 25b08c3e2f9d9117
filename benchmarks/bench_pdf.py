"""Benchmark: the cost of a session report PDF, against WeasyPrint's own floor.

    .venv/bin/python benchmarks/bench_pdf.py [--repeat 5]

For session 2 (with its figure) and for the combined report of sessions 4 and 5 it times, in
the same run and the same process:

* baseline: WeasyPrint rendering the already-rendered HTML of that report (same stylesheets,
  fonts and figure): the floor no report code can go below;
* full render: what a request pays on a cache miss (queries, template, WeasyPrint);
* cached download: a GET of the PDF's URL once it is in the cache (view, queries, cache read).

Each figure is the median of ``--repeat`` runs, and each is given as a ratio to its baseline.
It builds its own throw-away SQLite database and media folder, loads the Pilot Learning Group's
content into them, and touches nothing else.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup(workdir: Path):
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ajc.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's "testserver" host through
    call_command("migrate", verbosity=0)
    call_command("load_reports", verbosity=0)


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def median_seconds(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench(numbers, repeat):
    from django.contrib.auth.models import AnonymousUser
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from reports import pdf
    from reports.report import build_report
    from sessions.models import LearningGroup

    group = LearningGroup.objects.get(slug="pilot-learning-group")
    report = build_report(AnonymousUser(), group, numbers)
    html = pdf.report_html(report)
    pdf.html_to_pdf(html, report)  # warm up: fonts, Python imports

    # Interleaved, so a busy moment on a shared machine weighs on both alike.
    baseline_times, full_times = [], []
    for _ in range(repeat):
        baseline_times.append(timed(lambda: pdf.html_to_pdf(html, report)))
        full_times.append(
            timed(lambda: pdf.render_pdf(build_report(AnonymousUser(), group, numbers)))
        )
    baseline = statistics.median(baseline_times)
    full = statistics.median(full_times)

    if len(numbers) == 1:
        url = reverse(
            "reports:session_pdf", kwargs={"group_slug": group.slug, "number": numbers[0]}
        )
        query = {}
    else:
        url = reverse("reports:combined_pdf", kwargs={"group_slug": group.slug})
        query = {"session": numbers}
    client = Client()
    cache.clear()
    first = client.get(url, query)
    assert first.status_code == 200, first.status_code
    cached = median_seconds(lambda: client.get(url, query), max(repeat, 20))
    return {
        "report": report.covers,
        "size_kb": len(first.content) / 1024,
        "baseline": baseline,
        "full": full,
        "cached": cached,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ajc-bench-pdf-") as workdir:
        setup(Path(workdir))
        rows = [bench([2], args.repeat), bench([4, 5], args.repeat)]
    print(f"PDF benchmark: median of {args.repeat} runs (cached: median of {max(args.repeat, 20)})")
    print(
        f"{'report':<16}{'size':>8}  {'WeasyPrint alone':>17}  {'full render':>20}  "
        f"{'cached download':>22}"
    )
    for row in rows:
        print(
            f"{row['report']:<16}{row['size_kb']:>6.0f}KB  {row['baseline'] * 1000:>14.0f} ms  "
            f"{row['full'] * 1000:>7.0f} ms ({row['full'] / row['baseline']:.2f}×)  "
            f"{row['cached'] * 1000:>8.1f} ms ({row['cached'] / row['baseline']:.3f}×)"
        )


if __name__ == "__main__":
    main()
