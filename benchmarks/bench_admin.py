"""Benchmark: the facilitators' session pages in the admin, for a session of 40 items.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/bench_admin.py [--items 40] [--repeat 9]

It creates a fresh PostgreSQL database (``ajc_bench_admin``; dropped first if it exists),
migrates it, loads the Pilot Learning Group's content, adds a session of ``--items`` learning
points, risks, recommendations and questions raised (each with themes and sectors) with topic
headings, sectors present and a programme, then times, with Django's test client in this one
process and a signed-in facilitator: the session's change page, its add page and one item's
own page (the median of ``--repeat`` requests, server time), with each page's HTML size. The
goal (issue 10): under 1 s and under 150 KB for the change page. Output: a Markdown table for
docs/performance.md.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
BENCH_DB = "ajc_bench_admin"


def fresh_database():
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1/postgres"
        )
    server = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {BENCH_DB}")
    return urlunparse(parsed._replace(path=f"/{BENCH_DB}"))


def setup(url):
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ajc.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_DEBUG"] = "false"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_reports", verbosity=0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args(argv)
    setup(fresh_database())

    from django.test import Client
    from django.urls import reverse

    from tests.factories import FacilitatorFactory, big_session

    session = big_session(args.items)
    client = Client()
    client.force_login(FacilitatorFactory(username="bench-facilitator"))
    item = session.items.first()
    pages = {
        f"session change page ({args.items} items)": reverse(
            "admin:ajc_sessions_session_change", args=[session.pk]
        ),
        "session add page": reverse("admin:ajc_sessions_session_add"),
        "an item's own page": reverse("admin:findings_finding_change", args=[item.pk]),
    }
    print("| page | median server time | HTML |")
    print("| --- | --- | --- |")
    for name, url in pages.items():
        times, size = [], 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
            size = len(response.content)
        print(f"| {name} | {statistics.median(times) * 1000:.0f} ms | {size / 1024:.0f} KB |")


if __name__ == "__main__":
    main()
