"""Benchmark: the public pages on a large knowledge base, against a trivial Django view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/bench_pages.py [--items 100000] [--repeat 15]

It creates a fresh PostgreSQL database (``ajc_bench_pages`` on the server DATABASE_URL points
at; dropped first if it exists), migrates it, and generates ``--items`` learning points, risks
and recommendations across many learning groups and sessions, with themes, sectors and
answered risks, all with ``bulk_create``, by the tests' own builder (``build_corpus`` in
tests/factories.py). Then, with Django's test client in this one process, it times:

* trivial: a view that renders ``templates/base.html`` and nothing else (the yardstick);
* home, the findings browser filtered by a common theme and by the rare one (on one item in
  ``--rare-theme-every``), a search, and a theme page, each
  - cached: the median of ``--repeat`` requests once the page's work is in the cache (the
    knowledge base is read-mostly, so this is what nearly every request pays), and
  - uncached: the median of ``--repeat`` requests with the cache cleared before each (what
    the first request after an edit pays);
* the search's own plain SQL: the ranked ``tsvector`` query for one page of results, run raw.

Every page is given as a ratio to the trivial view, and the search also as a ratio to its own
SQL. The output is a Markdown table for docs/performance.md. It is a script, not a test:
timings depend on the machine. Around five minutes at 100,000 items on a small machine.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
BENCH_DB = "ajc_bench_pages"
SEARCH = "cherry picking"
THEME = "payment-by-results"


def database_urls():
    url = os.environ.get("DATABASE_URL", "")
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL server, e.g. "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres"
        )
    return urlunparse(parsed._replace(path="/postgres")), urlunparse(
        parsed._replace(path=f"/{BENCH_DB}")
    )


def fresh_database():
    import psycopg

    server, bench = database_urls()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {BENCH_DB}")
    return bench


def setup(bench_url):
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ajc.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_DEBUG"] = "false"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's "testserver" host through
    call_command("migrate", verbosity=0)


def generate(items, rare_theme_every, seed):
    """The tests' own corpus builder (tests/factories.py), then statistics for the planner."""
    from django.db import connection

    from tests.factories import build_corpus

    corpus = build_corpus(items, rare_theme_every=rare_theme_every, seed=seed)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return corpus


def median_seconds(function, repeat, clear_cache=False):
    from django.core.cache import cache

    times = []
    for _ in range(repeat):
        if clear_cache:
            cache.clear()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def trivial_urlconf():
    """The project's URLs plus one view that renders base.html: the yardstick."""
    import types

    from django.shortcuts import render
    from django.urls import path

    from ajc import urls

    module = types.ModuleType("bench_urls")
    module.urlpatterns = [
        path("__trivial__/", lambda request: render(request, "base.html")),
        *urls.urlpatterns,
    ]
    sys.modules["bench_urls"] = module
    return "bench_urls"


PLAIN_SEARCH_SQL = """
SELECT item.id, ts_rank(item.search_document, query) AS rank
FROM findings_item AS item
JOIN ajc_sessions_session AS session ON session.id = item.session_id,
     websearch_to_tsquery('english', %s) AS query
WHERE item.search_document @@ query
  AND item.visibility = 'public' AND session.visibility = 'public'
ORDER BY rank DESC, item.id
LIMIT 25
"""

# The same, plus the highlighted snippet of each of the 25 rows, as the page shows them.
PLAIN_SEARCH_WITH_HEADLINE_SQL = f"""
SELECT page.id, page.rank,
       ts_headline('english', item.text, websearch_to_tsquery('english', %s),
                   'MaxWords=40, MinWords=15, MaxFragments=2')
FROM ({PLAIN_SEARCH_SQL}) AS page
JOIN findings_item AS item ON item.id = page.id
ORDER BY page.rank DESC, page.id
"""


def bench(repeat, rare_theme):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings

    pages = {
        "trivial view (base.html)": "/__trivial__/",
        "home": "/",
        f"findings browser, theme={THEME}": f"/findings/?theme={THEME}",
        f"findings browser, rare theme={rare_theme}": f"/findings/?theme={rare_theme}",
        f"search “{SEARCH}”": "/findings/?q=" + SEARCH.replace(" ", "+"),
        "theme page": f"/findings/themes/{THEME}/",
    }
    client = Client()
    rows = {}
    with override_settings(ROOT_URLCONF=trivial_urlconf()):
        for path in pages.values():  # warm up imports, templates and connections
            assert client.get(path).status_code == 200, path
        for name, path in pages.items():
            cache.clear()
            start = time.perf_counter()
            client.get(path)
            first = time.perf_counter() - start
            uncached = median_seconds(lambda p=path: client.get(p), repeat, clear_cache=True)
            client.get(path)
            cached = median_seconds(lambda p=path: client.get(p), repeat)
            rows[name] = (first, uncached, cached)

    def plain_sql():
        with connection.cursor() as cursor:
            cursor.execute(PLAIN_SEARCH_SQL, [SEARCH])
            cursor.fetchall()

    def plain_sql_with_headline():
        with connection.cursor() as cursor:
            cursor.execute(PLAIN_SEARCH_WITH_HEADLINE_SQL, [SEARCH, SEARCH])
            cursor.fetchall()

    def orm_page():
        # The browser's own ranked page query: match, visibility, rank and headline, one page.
        from django.contrib.auth.models import AnonymousUser

        from findings import search
        from findings.models import Item

        items = search.matching(Item.objects.visible_to(AnonymousUser()), SEARCH)
        list(search.ranked(items, SEARCH)[:25])

    plain_sql()
    plain = median_seconds(plain_sql, repeat)
    plain_sql_with_headline()
    plain_headline = median_seconds(plain_sql_with_headline, repeat)
    orm_page()
    orm = median_seconds(orm_page, repeat)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM findings_item WHERE search_document @@ "
            "websearch_to_tsquery('english', %s)",
            [SEARCH],
        )
        matches = cursor.fetchone()[0]
    return rows, (plain, plain_headline, orm), matches


def report(rows, sql, matches, items, groups, sessions, repeat):
    plain, plain_headline, orm = sql
    trivial = rows["trivial view (base.html)"][2]
    lines = [
        f"{items:,} items, {groups} learning groups, {sessions} sessions; median of {repeat} "
        f"runs; PostgreSQL; anonymous reader.",
        "",
        "| Page | first hit (uncached) | uncached median | cached median "
        "| cached ÷ trivial | uncached ÷ trivial |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, (first, uncached, cached) in rows.items():
        lines.append(
            f"| {name} | {first * 1000:.1f} ms | {uncached * 1000:.1f} ms | "
            f"{cached * 1000:.1f} ms | {cached / trivial:.2f}× | {uncached / trivial:.1f}× |"
        )
    search_name = next(name for name in rows if name.startswith("search"))
    _, uncached, cached = rows[search_name]
    lines += [
        "",
        f"Search “{SEARCH}” ({matches:,} matching items): its plain ranked SQL query "
        f"(one page, visibility applied) takes {plain * 1000:.1f} ms; the search page is "
        f"{cached / plain:.2f}× that when cached and {uncached / plain:.1f}× when uncached. "
        f"The page's own ranked query through the ORM, with the highlighted snippets, takes "
        f"{orm * 1000:.1f} ms: {orm / plain:.2f}× the plain ranked SQL, and "
        f"{orm / plain_headline:.2f}× the plain SQL that also cuts the snippets "
        f"({plain_headline * 1000:.1f} ms).",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000, help="items to generate")
    parser.add_argument("--repeat", type=int, default=15, help="runs per median")
    parser.add_argument(
        "--rare-theme-every", type=int, default=2000, help="one item in N has the rare theme"
    )
    parser.add_argument("--seed", type=int, default=2012)
    args = parser.parse_args()

    bench_url = fresh_database()
    setup(bench_url)
    started = time.perf_counter()
    corpus = generate(args.items, args.rare_theme_every, args.seed)
    print(f"Generated in {time.perf_counter() - started:.0f} s.", file=sys.stderr)
    rows, sql, matches = bench(args.repeat, corpus.rare_theme.slug)
    print(report(rows, sql, matches, args.items, corpus.groups, corpus.sessions, args.repeat))


if __name__ == "__main__":
    main()
