"""Benchmark: every public page, warm and on the first request after an edit, against a
trivial Django view timed just before each sample.

    .venv/bin/python benchmarks/bench_pages.py --items 100000 [--repeat 7] [--warm-repeat 51]

What it does, in this one process, with Django's test client (an anonymous reader who comes
by the site's own host name, the first of ALLOWED_HOSTS):

1. makes a throw-away PostgreSQL database of its own (``ajc_bench_pages_<random>`` on
   ``--server-url``, default postgres://postgres@127.0.0.1:5432/postgres), migrates it and
   builds ``--items`` items with the tests' own builder (``build_corpus`` in tests/factories.py:
   18 common themes, each on about one item in nine, and a rare theme on one item in
   ``--rare-theme-every``, 2,000 by default), then ``VACUUM ANALYZE``; the database is dropped
   at the end (``--keep`` keeps it and prints its name; ``--database NAME`` reuses one);
2. uses the production-like shared cache, Redis (``--redis-url``, default
   redis://127.0.0.1:6379/5), flushed at the start;
3. adds a trivial view rendering ``templates/base.html`` through a URLconf of the benchmark's
   own (the app's URLs plus ``/__trivial__/``);
4. for each page (home, the browser plain, by a common theme, by the rare theme, a search with
   many hits, page 200, the Atom feed, a theme page, the risk register, a session page):
   - **warm**: the page once to fill the cache, then ``--warm-repeat`` (51) samples of
     (trivial, page), interleaved across pages in rounds; p50 of page ÷ trivial;
   - **first request after an edit**: ``--repeat`` rounds of: save one public item of a public
     session through the ORM (``Item.save()`` and ``content_changed``: invalidation, the
     session's revision, the PDF queue), time the trivial view, then time the page; p50 of
     page ÷ trivial. Site-wide pages edit an item of some other session each time; the
     session page is measured twice, after an edit to an item of *its own* session (it must
     change) and after an edit elsewhere (it need not);
   - one more, untimed, first-after-edit request of each page with the queries captured: how
     many, their total time, and the slowest, which is then run under
     ``EXPLAIN (ANALYZE, BUFFERS)`` (``--no-explain`` skips it), then the page again, warm,
     its queries counted;
   - one more first-after-edit request of each page under cProfile: the cumulative time in
     Markdown (``ajc.text.render_markdown``, and building converters inside it), in SQL
     (Django's cursor ``_execute``, waiting included) and in the cache, and the functions with
     the most time of their own;
5. times the plain SQL of the filtered and search pages (one page of 25 rows, visibility
   applied, themes by id, in the page's own order, the search ranked) as the baseline for
   their cold requests;
6. prints a Markdown table, and writes every raw sample and the plans to
   ``benchmarks/results/pages-<items>-<timestamp>.json`` (git-ignored).

Nothing runs the task worker here unless ``--worker`` is given (then ``manage.py db_worker``
runs beside, on the same database and Redis, as in production: PDF renders queued by the edits
then compete for the CPU with the requests being timed).

It is a script, not a test: timings depend on the machine. About 5 minutes at 100,000 items
(one of them building), 20–25 minutes at 1,000,000 (8 of them building).
"""

import argparse
import datetime
import gc
import json
import os
import platform
import re
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/5"
COMMON_THEME = "payment-by-results"
MANY_HITS_SEARCH = "partnership"
DEEP_PAGE = 200
TRIVIAL = "/__trivial__/"


# Setting up: a database of its own, Django, the corpus


def admin_connection(server_url):
    import psycopg

    return psycopg.connect(server_url, autocommit=True)


def create_database(server_url, name):
    with admin_connection(server_url) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(server_url, name):
    with admin_connection(server_url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_url(server_url, name):
    return urlsplit(server_url)._replace(path=f"/{name}").geturl()


def setup_django(db_url, redis_url):
    sys.path.insert(0, str(ROOT))
    for name in list(os.environ):
        if name.startswith(("DJANGO_CACHE_", "AJC_")):
            del os.environ[name]
    os.environ.update(
        {
            "DATABASE_URL": db_url,
            "REDIS_URL": redis_url,
            "DJANGO_SETTINGS_MODULE": "ajc.settings",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_DEBUG": "false",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's "testserver" host through
    call_command("migrate", verbosity=0)


def build(items, rare_theme_every, seed):
    from django.db import connection

    from tests.factories import build_corpus

    corpus = build_corpus(items, rare_theme_every=rare_theme_every, seed=seed)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return corpus


def bench_urlconf():
    """The project's URLs plus one view that renders base.html: the yardstick."""
    import types

    from django.shortcuts import render
    from django.urls import path

    from ajc import urls

    module = types.ModuleType("bench_pages_urls")
    module.urlpatterns = [
        path(TRIVIAL.strip("/") + "/", lambda request: render(request, "base.html")),
        *urls.urlpatterns,
    ]
    for handler in ("handler400", "handler403", "handler404", "handler500"):
        setattr(module, handler, getattr(urls, handler))
    sys.modules[module.__name__] = module
    return module.__name__


# What is measured


class World:
    """Ids and addresses taken from the built corpus."""

    def __init__(self):
        from django.db.models import Count, Q

        from findings.models import Item, Theme
        from sessions.models import Session
        from tests.factories import CORPUS_RARE_THEME

        public = ["public"]
        self.rare_theme = Theme.objects.get(slug=CORPUS_RARE_THEME[0])
        self.common_theme = Theme.objects.get(slug=COMMON_THEME)
        sessions = list(
            Session.objects.filter(visibility__in=public)
            .annotate(n=Count("items", filter=Q(items__visibility__in=public)))
            .filter(n__gte=100)
            .select_related("group")
            .order_by("pk")[:60]
        )
        if len(sessions) < 20:
            raise SystemExit("Too few public sessions with items: build at least 20,000 items.")
        self.session = sessions[0]
        self.session_url = f"/groups/{self.session.group.slug}/sessions/{self.session.number}/"
        # One public item in each of the other sessions: the edits of the site-wide pages.
        self.edit_items = [
            Item.objects.filter(session=session, visibility__in=public).order_by("pk")[5]
            for session in sessions[1:]
        ]
        self.own_items = list(
            Item.objects.filter(session=self.session, visibility__in=public).order_by("pk")[:20]
        )
        self.edits = 0

    def pages(self):
        return {
            "home": "/",
            "/findings/": "/findings/",
            "?theme=common": f"/findings/?theme={self.common_theme.slug}",
            "?theme=rare": f"/findings/?theme={self.rare_theme.slug}",
            f"search “{MANY_HITS_SEARCH}” (many hits)": f"/findings/?q={MANY_HITS_SEARCH}",
            f"page {DEEP_PAGE}": f"/findings/?page={DEEP_PAGE}",
            "Atom feed": "/findings/feed/",
            "theme page": f"/findings/themes/{self.common_theme.slug}/",
            "risk register": "/findings/risks/",
            "session page": self.session_url,
        }

    def edit(self, own_session=False):
        """Save one item through the ORM, changing its text: the app's signals run. Returns the
        seconds the save took (signals and their on-commit work included)."""
        pool = self.own_items if own_session else self.edit_items
        item = pool[self.edits % len(pool)]
        self.edits += 1
        item.refresh_from_db()
        marker = " (edited)"
        item.text = item.text[: -len(marker)] if item.text.endswith(marker) else item.text + marker
        start = time.perf_counter()
        _save_as_admin(item)
        return time.perf_counter() - start

    def narrow(self):
        """Make a public item of another session members-only (an edit that narrows)."""
        item = self.edit_items[self.edits % len(self.edit_items)]
        self.edits += 1
        item.refresh_from_db()
        item.visibility = "members"
        _save_as_admin(item, narrowing=True)
        return item

    def widen(self, item):
        item.visibility = "public"
        _save_as_admin(item)


def _save_as_admin(item, narrowing=False):
    """Save an item as the admin does: in one transaction with what it causes
    (``sessions.edits.content_changed``)."""
    from django.db import transaction

    from sessions.edits import content_changed

    with transaction.atomic():
        item.save()
        content_changed([item.session_id], items=[item.pk], narrowing=narrowing)


# When the response was complete: Django's test client closes each response before it returns,
# which sends ``request_finished``, and the work a request leaves for after its response
# (``ajc.cache``: recomputing a value while the reader gets the previous one) runs then. This
# clock is the first receiver, so it reads the moment a reader behind a server has the response.
_response_done = [0.0]


def _mark_response_done(**kwargs):
    _response_done[0] = time.perf_counter()


def install_response_clock():
    from django.core.signals import request_finished

    request_finished.connect(_mark_response_done, dispatch_uid="bench.response_clock")
    request_finished.receivers.insert(0, request_finished.receivers.pop())
    request_finished.sender_receivers_cache.clear()


def timed_get(client, path, *, reader=False):
    """Seconds the request took, with the after-response work; with ``reader``, also the
    seconds until the response was complete (what the reader waits for)."""
    _response_done[0] = 0.0
    start = time.perf_counter()
    response = client.get(path)
    end = time.perf_counter()
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    if reader:
        return end - start, (_response_done[0] or end) - start, response
    return end - start, response


def measure_warm(client, pages, repeat, raw):
    for path in pages.values():
        client.get(path)  # fill the cache for this revision
    for _ in range(repeat):
        for name, path in pages.items():
            gc.collect()  # untimed: a collection owed by the last page lands in neither
            trivial, _ = timed_get(client, TRIVIAL)
            page, response = timed_get(client, path)
            sample = raw["warm"].setdefault(name, [])
            sample.append({"trivial": trivial, "page": page, "bytes": len(response.content)})


def measure_cold(client, world, pages, repeat, raw):
    rows = dict(pages)
    rows["session page (edit elsewhere)"] = pages["session page"]
    for _ in range(repeat):
        for name, path in rows.items():
            save = world.edit(own_session=(name == "session page"))
            gc.collect()  # untimed: a collection owed by the last page lands in neither
            trivial, _ = timed_get(client, TRIVIAL)
            page, reader, _ = timed_get(client, path, reader=True)
            sample = raw["cold"].setdefault(name, [])
            sample.append({"trivial": trivial, "page": page, "reader": reader, "save": save})
    return rows


COLD_CACHE_PAGES = ("?theme=common", "?theme=rare", f"search “{MANY_HITS_SEARCH}” (many hits)")


def measure_cold_cache(client, pages, repeat, raw):
    """The filtered and search pages on an empty cache (nothing computed for the query yet, no
    previous version to give): the whole computation in the request, to set beside the plain
    SQL of the same query."""
    from django.core.cache import cache as django_cache

    for _ in range(repeat):
        for name in COLD_CACHE_PAGES:
            django_cache.clear()
            gc.collect()
            trivial, _ = timed_get(client, TRIVIAL)
            page, reader, _ = timed_get(client, pages[name], reader=True)
            raw["cold_cache"].setdefault(name, []).append(
                {"trivial": trivial, "page": page, "reader": reader}
            )


NARROWED_PAGES = ("home", "/findings/", "Atom feed", "theme page", "risk register")


def measure_narrowed(client, world, pages, repeat, raw):
    """The first request after an edit that narrows what the reader may see (an item of
    another session made members-only): nobody may be given the previous version, so the
    reader waits for the recomputation. The item is made public again, untimed, after each."""
    for _ in range(repeat):
        for name in NARROWED_PAGES:
            client.get(pages[name])  # warm at the current revision
            start = time.perf_counter()
            item = world.narrow()
            save = time.perf_counter() - start
            gc.collect()
            trivial, _ = timed_get(client, TRIVIAL)
            page, reader, _ = timed_get(client, pages[name], reader=True)
            world.widen(item)
            raw["narrowed"].setdefault(name, []).append(
                {"trivial": trivial, "page": page, "reader": reader, "save": save}
            )


def capture_cold_queries(client, world, rows, explain, raw):
    """One more first-after-edit request of each page, untimed, its queries captured."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for name, path in rows.items():
        world.edit(own_session=(name == "session page"))
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        queries = [(float(q["time"]), q["sql"]) for q in captured.captured_queries]
        queries.sort(reverse=True)
        entry = {
            "queries": len(queries),
            "sql_seconds": sum(seconds for seconds, _ in queries),
            "slowest": [{"seconds": s, "sql": sql} for s, sql in queries[:3]],
        }
        if explain and queries and queries[0][0] > 0.005:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + queries[0][1])
                entry["plan"] = [row[0] for row in cursor.fetchall()]
        with CaptureQueriesContext(connection) as captured:
            client.get(path)  # the same page again, now warm
        entry["warm_queries"] = len(captured.captured_queries)
        raw["queries"][name] = entry


# Where a cold request's time goes: the cumulative time of a few entry points (cProfile counts
# a recursive function once), which do not overlap one another. A renamed function reads 0.
PROFILE_ENTRY_POINTS = {
    "Markdown (render_markdown)": ("ajc/text.py", "render_markdown"),
    "of which new converters": ("markdown/core.py", "__init__"),
    "SQL (execute, wait included)": ("django/db/backends/utils.py", "_execute"),
    "cache reads/writes": ("django/core/cache/backends/redis.py", None),
}


def profile_cold(client, world, rows, raw):
    """One more first-after-edit request of each page under cProfile."""
    import cProfile
    import pstats

    for name, path in rows.items():
        world.edit(own_session=(name == "session page"))
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(path)
        profiler.disable()
        stats = pstats.Stats(profiler)
        entry = {"total": stats.total_tt}
        for label, (filename, function) in PROFILE_ENTRY_POINTS.items():
            entry[label] = sum(
                cumulative
                for (file, _, func), (_, _, _, cumulative, _) in stats.stats.items()
                if file.endswith(filename)
                and (func == function if function else func in {"get", "set", "get_many"})
            )
        own = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:6]
        entry["top_own_time"] = [
            (f"{Path(file).name}:{line}({func})", tottime)
            for (file, line, func), (_, _, tottime, _, _) in own
        ]
        raw["profile"][name] = entry


def plain_sql(world):
    """The plain SQL of the filtered and search pages: one page of 25 rows, visibility applied
    (item and session public), themes by id, in the page's own order (report order: group name,
    session number, kind, order; the search ranked). The baseline of their cold requests: what
    one pass over the matching rows costs.

    Runs before the night of 4 December ordered the theme pages' baseline by session id rather
    than as the page does, which the item index serves without reading every match: not the
    same query. It is still timed ("index order"), for comparison with those figures."""
    from findings.models import Item, ThemedItem
    from sessions.models import LearningGroup, Session

    item, session = Item._meta.db_table, Session._meta.db_table
    themed, group = ThemedItem._meta.db_table, LearningGroup._meta.db_table
    by_theme = f"""
        SELECT item.id FROM {item} AS item
        JOIN {session} AS session ON session.id = item.session_id
        JOIN {group} AS grp ON grp.id = session.group_id
        WHERE item.visibility = 'public' AND session.visibility = 'public'
          AND EXISTS (SELECT 1 FROM {themed} AS t
                      WHERE t.content_object_id = item.id AND t.tag_id = %s)
        ORDER BY grp.name, session.number, item.kind_order, item."order", item.id
        LIMIT 25"""
    by_theme_index_order = f"""
        SELECT item.id FROM {item} AS item
        JOIN {session} AS session ON session.id = item.session_id
        WHERE item.visibility = 'public' AND session.visibility = 'public'
          AND EXISTS (SELECT 1 FROM {themed} AS t
                      WHERE t.content_object_id = item.id AND t.tag_id = %s)
        ORDER BY item.session_id, item.kind_order, item."order", item.id
        LIMIT 25"""
    search = f"""
        SELECT item.id, ts_rank(item.search_document, query) AS rank
        FROM {item} AS item
        JOIN {session} AS session ON session.id = item.session_id,
             websearch_to_tsquery('english', %s) AS query
        WHERE item.search_document @@ query
          AND item.visibility = 'public' AND session.visibility = 'public'
        ORDER BY rank DESC, item.id
        LIMIT 25"""
    return {
        "?theme=common": (by_theme, [world.common_theme.pk]),
        "?theme=rare": (by_theme, [world.rare_theme.pk]),
        "?theme=common (index order)": (by_theme_index_order, [world.common_theme.pk]),
        "?theme=rare (index order)": (by_theme_index_order, [world.rare_theme.pk]),
        f"search “{MANY_HITS_SEARCH}” (many hits)": (search, [MANY_HITS_SEARCH]),
    }


def measure_plain_sql(world, repeat, raw):
    from django.db import connection

    for name, (sql, params) in plain_sql(world).items():
        times = []
        with connection.cursor() as cursor:
            cursor.execute(sql, params)  # warm-up
            cursor.fetchall()
            for _ in range(repeat):
                start = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchall()
                times.append(time.perf_counter() - start)
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
        raw["plain_sql"][name] = {"sql": " ".join(sql.split()), "times": times, "plan": plan}


def matches(world):
    from django.db import connection

    from findings.models import Item

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {Item._meta.db_table} WHERE search_document @@ "
            "websearch_to_tsquery('english', %s)",
            [MANY_HITS_SEARCH],
        )
        return cursor.fetchone()[0]


# Reporting


def p50(values):
    return statistics.median(values)


def ratios(samples):
    return [s["page"] / s["trivial"] for s in samples]


def report(raw):
    meta = raw["meta"]
    lines = [
        f"{meta['items']:,} items ({meta['groups']} groups, {meta['sessions']} sessions; "
        f"rare theme on {meta['rare_items']} items; “{MANY_HITS_SEARCH}” matches "
        f"{meta['search_matches']:,}); PostgreSQL {meta['postgres']}; Redis cache "
        f"({meta['redis_url']}, flushed at start); Django test client in-process, anonymous "
        f"reader by the site's host name; {meta['date']}; load average "
        f"{meta['load_before']} before, "
        f"{meta['load_after']} after; while measuring, {meta['cpu']['machine_busy_cores']} of "
        f"{meta['cpus']} cores were busy, {meta['cpu']['this_process_cores']} of them this "
        "process (the rest: PostgreSQL, Redis and everyone else's work).",
        "",
        f"Warm: p50 of {meta['warm_repeat']} samples; first after an edit: p50 of "
        f"{meta['repeat']} samples (one ORM save of an item just before each). Ratios are "
        "the p50 of page ÷ the trivial view (base.html) timed just before the same sample; in "
        "brackets, the warm page's p50 ÷ the p50 of those trivial samples.",
        "",
        "| page | warm p50 | warm ÷ trivial | HTML KB | after edit p50 | after edit ÷ trivial "
        "| reader waits ÷ trivial | ÷ plain SQL | cold queries (SQL ms) | warm queries |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    plain = {name: p50(entry["times"]) for name, entry in raw["plain_sql"].items()}
    for name, cold in raw["cold"].items():
        warm = raw["warm"].get(name)
        cold_page = p50([s["page"] for s in cold])
        cells = [name]
        if warm:
            cells += [
                f"{p50([s['page'] for s in warm]) * 1000:.1f} ms",
                f"{p50(ratios(warm)):.1f}× "
                f"({p50([s['page'] for s in warm]) / p50([s['trivial'] for s in warm]):.1f}×)",
                f"{warm[-1]['bytes'] / 1024:.0f}",
            ]
        else:
            cells += ["", "", ""]
        cells += [f"{cold_page * 1000:.0f} ms", f"{p50(ratios(cold)):,.0f}×"]
        readers = [c["reader"] / c["trivial"] for c in cold if "reader" in c]
        cells.append(f"{p50(readers):,.1f}×" if readers else "")
        # Set beside the plain SQL: the page on an empty cache (``measure_cold_cache``).
        cold_cache = raw.get("cold_cache", {}).get(name)
        cells.append(
            f"{p50([c['page'] for c in cold_cache]) / plain[name]:.1f}×"
            if name in plain and cold_cache
            else ""
        )
        queries = raw["queries"].get(name)
        cells.append(
            f"{queries['queries']} ({queries['sql_seconds'] * 1000:.0f})" if queries else ""
        )
        cells.append(str(queries.get("warm_queries", "")) if queries else "")
        lines.append("| " + " | ".join(cells) + " |")
    if raw.get("narrowed"):
        lines += [
            "",
            "After an edit that narrows (an item of another session made members-only, p50 of "
            f"{meta['repeat']}): nobody is given the previous version. The save is the "
            "editing process's time, with the most-read pages it computes again once the edit "
            "has committed (``ajc.warming``; in a request, after its response).",
            "",
            "| page | p50 | ÷ trivial | reader waits ÷ trivial | save p50 |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, samples in raw["narrowed"].items():
            readers = [c["reader"] / c["trivial"] for c in samples]
            saves = [c["save"] for c in samples if "save" in c]
            lines.append(
                f"| {name} | {p50([c['page'] for c in samples]) * 1000:.0f} ms | "
                f"{p50(ratios(samples)):,.0f}× | {p50(readers):,.1f}× | "
                f"{p50(saves) * 1000 if saves else float('nan'):.0f} ms |"
            )
    if raw.get("cold_cache"):
        plain_times = {name: p50(entry["times"]) for name, entry in raw["plain_sql"].items()}
        lines += [
            "",
            f"On an empty cache (p50 of {meta['repeat']}; the cache emptied before each): the "
            "whole computation in the request, beside the plain SQL of the same query.",
            "",
            "| page | p50 | ÷ trivial | ÷ plain SQL |",
            "|---|---:|---:|---:|",
        ]
        for name, samples in raw["cold_cache"].items():
            page = p50([c["page"] for c in samples])
            lines.append(
                f"| {name} | {page * 1000:.0f} ms | {p50(ratios(samples)):,.0f}× | "
                f"{page / plain_times[name]:.1f}× |"
            )
    trivial = [s["trivial"] for samples in raw["cold"].values() for s in samples]
    trivial += [s["trivial"] for samples in raw["warm"].values() for s in samples]
    saves = [s["save"] for samples in raw["cold"].values() for s in samples]
    lines += [
        "",
        f"Trivial view: p50 {p50(trivial) * 1000:.2f} ms, min {min(trivial) * 1000:.2f}, "
        f"max {max(trivial) * 1000:.2f} over {len(trivial)} samples. "
        f"The edit (one `Item.save()` with `content_changed`): p50 {p50(saves) * 1000:.0f} ms, "
        f"max {max(saves) * 1000:.0f} ms.",
        "",
        "Plain SQL baselines (one page of 25, visibility applied, p50 of "
        f"{meta['warm_repeat']}): "
        + "; ".join(f"{name} {seconds * 1000:.1f} ms" for name, seconds in plain.items())
        + ".",
    ]
    if raw.get("profile"):
        labels = [label for label in next(iter(raw["profile"].values())) if label != "top_own_time"]
        lines += [
            "",
            "One more first-after-edit request of each page under cProfile: cumulative ms of "
            "a few entry points and their share of the request (the profiler slows Python "
            "down, so compare shares, not totals):",
            "",
            "| page | " + " | ".join(labels) + " |",
            "|---|" + "---:|" * len(labels),
        ]
        for name, entry in raw["profile"].items():
            cells = [f"{entry['total'] * 1000:.0f}"] + [
                f"{entry[label] * 1000:.0f} ({entry[label] / entry['total']:.0%})"
                for label in labels[1:]
            ]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines += ["", "Own time, top functions, of the same profiled requests:", ""]
        for name, entry in raw["profile"].items():
            top = ", ".join(
                f"{where} {seconds * 1000:.0f}" for where, seconds in entry["top_own_time"][:4]
            )
            lines.append(f"- {name}: {top}")
    slow = [
        (entry["slowest"][0]["seconds"], name, entry)
        for name, entry in raw["queries"].items()
        if entry["slowest"]
    ]
    lines += ["", "Slowest query of each page's first request after an edit:", ""]
    for seconds, name, entry in sorted(slow, reverse=True):
        sql = " ".join(entry["slowest"][0]["sql"].split())
        lines.append(
            f"- {name}: {seconds * 1000:.0f} ms, `{sql[:90]}…`; plan: "
            f"{plan_summary(entry.get('plan', []))}"
        )
    return "\n".join(lines)


SCAN = re.compile(
    r"(Parallel )?(Seq Scan|Bitmap Heap Scan|Index Only Scan|Index Scan|Bitmap Index Scan)"
    r"(?: using (\S+))? on (\S+).*?actual time=[\d.]+\.\.([\d.]+) rows=(\d+) loops=(\d+)"
)


def plan_summary(plan):
    """The scans that read many rows, sorts that spilled to disk, and the execution time."""
    if not plan:
        return "(not explained)"
    parts = []
    for line in plan:
        match = SCAN.search(line)
        if match:
            parallel, kind, index, table, ms, rows, loops = match.groups()
            rows = int(rows) * int(loops)
            if rows >= 1000:
                where = f"{table} via {index}" if index else table
                parts.append(
                    f"{parallel or ''}{kind} on {where}: {rows:,} rows, {float(ms):.0f} ms"
                )
        elif "Disk:" in line or "external" in line or line.startswith("Execution Time"):
            parts.append(line.strip())
    return "; ".join(dict.fromkeys(parts)) or plan[-1].strip()


def cpu_snapshot():
    """(the machine's busy CPU seconds, this process's CPU seconds, wall clock)."""
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + fields[4]  # idle, iowait
    own = os.times()
    return (sum(fields) - idle) / ticks, own.user + own.system, time.monotonic()


def cpu_share(before, after):
    """Cores busy on the whole machine, and used by this process, between two snapshots."""
    wall = after[2] - before[2]
    return {
        "machine_busy_cores": round((after[0] - before[0]) / wall, 2),
        "this_process_cores": round((after[1] - before[1]) / wall, 2),
    }


def load_average():
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def start_worker(db_url, redis_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AJC_"))}
    env.update({"DATABASE_URL": db_url, "REDIS_URL": redis_url, "DJANGO_LOG_LEVEL": "WARNING"})
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "worker", "--queue-name", "*", "--no-reload"],
        cwd=ROOT,
        env=env,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000, help="items to generate")
    parser.add_argument("--repeat", type=int, default=7, help="first-after-edit samples a page")
    parser.add_argument("--warm-repeat", type=int, default=51, help="warm samples a page")
    parser.add_argument("--rare-theme-every", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2012)
    parser.add_argument(
        "--server-url", default=os.environ.get("AJC_BENCH_SERVER_URL", DEFAULT_SERVER)
    )
    parser.add_argument("--redis-url", default=os.environ.get("AJC_BENCH_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--database", help="reuse this already built database (not dropped)")
    parser.add_argument("--keep", action="store_true", help="keep the database it builds")
    parser.add_argument("--no-explain", action="store_true", help="skip EXPLAIN ANALYZE")
    parser.add_argument("--worker", action="store_true", help="run db_worker beside")
    args = parser.parse_args()
    if args.repeat < 7:
        parser.error("--repeat must be at least 7")

    name = args.database or f"ajc_bench_pages_{secrets.token_hex(4)}"
    if not args.database:
        create_database(args.server_url, name)
    workers = []
    try:
        db_url = database_url(args.server_url, name)
        setup_django(db_url, args.redis_url)
        raw = run(args, lambda: workers.append(start_worker(db_url, args.redis_url)))
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=30)
        if not (args.database or args.keep):
            from django.db import connections

            connections.close_all()
            drop_database(args.server_url, name)
        else:
            print(f"Database kept: {name}", file=sys.stderr)

    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    # Named after the items measured (a reused database holds its own number, not --items).
    path = RESULTS / f"pages-{raw['meta']['items']}-{stamp}.json"
    path.write_text(json.dumps(raw, indent=1))
    print(report(raw))
    print(f"\nRaw samples and plans: {path.relative_to(ROOT)}", file=sys.stderr)


def run(args, start_worker):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings

    from findings.models import Item
    from sessions.models import LearningGroup, Session

    load_before = load_average()
    if not args.database:
        started = time.perf_counter()
        corpus = build(args.items, args.rare_theme_every, args.seed)
        print(
            f"Built {corpus.items:,} items in {time.perf_counter() - started:.0f} s.",
            file=sys.stderr,
        )
    cache.clear()  # Redis: FLUSHDB of this database number only
    world = World()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    raw = {
        "meta": {
            "date": datetime.datetime.now().isoformat(timespec="seconds"),
            "items": Item.objects.count(),
            "groups": LearningGroup.objects.count(),
            "sessions": Session.objects.count(),
            "rare_items": world.rare_theme.themed_items.count(),
            "rare_theme": world.rare_theme.slug,
            "search_matches": matches(world),
            "repeat": args.repeat,
            "warm_repeat": args.warm_repeat,
            "redis_url": args.redis_url,
            "postgres": postgres,
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_before": load_before,
            "worker": args.worker,
            "git": subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
                cwd=ROOT,
                capture_output=True,
                text=True,
            ).stdout.strip(),
        },
        "warm": {},
        "cold": {},
        "narrowed": {},
        "cold_cache": {},
        "queries": {},
        "plain_sql": {},
        "profile": {},
    }
    if args.worker:
        start_worker()
    pages = world.pages()
    from django.conf import settings

    # A reader who comes by the site's own host name (the first of ALLOWED_HOSTS), as readers
    # do: the feed is kept per host name, and computed ahead for the site's own names only.
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
    cpu_before = cpu_snapshot()
    install_response_clock()
    with override_settings(ROOT_URLCONF=bench_urlconf()):
        for path in [TRIVIAL, *pages.values()]:  # imports, templates, connections
            timed_get(client, path)
        print("Warm pages…", file=sys.stderr)
        measure_warm(client, pages, args.warm_repeat, raw)
        print("First requests after an edit…", file=sys.stderr)
        rows = measure_cold(client, world, pages, args.repeat, raw)
        print("First requests after a narrowing edit…", file=sys.stderr)
        measure_narrowed(client, world, pages, args.repeat, raw)
        print("Filtered and search pages on an empty cache…", file=sys.stderr)
        measure_cold_cache(client, pages, args.repeat, raw)
        print("Queries and plans…", file=sys.stderr)
        capture_cold_queries(client, world, rows, not args.no_explain, raw)
        print("Profiles…", file=sys.stderr)
        profile_cold(client, world, rows, raw)
    raw["meta"]["cpu"] = cpu_share(cpu_before, cpu_snapshot())
    measure_plain_sql(world, args.warm_repeat, raw)
    raw["meta"]["load_after"] = load_average()
    return raw


if __name__ == "__main__":
    main()
