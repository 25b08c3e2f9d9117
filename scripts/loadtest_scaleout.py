#!/usr/bin/env python3
"""Scale-out load test: two gunicorn servers, the task workers, Redis and PostgreSQL, with and
without one edit a second, an unpublish checked on both servers, and a PDF storm.

    .venv/bin/python scripts/loadtest_scaleout.py --items 100000 [--duration 30]

All on this machine's loopback (127.0.0.1 only), bounded in time:

1. a throw-away PostgreSQL database of its own (``ajc_scaleout_<random>`` on ``--server-url``;
   dropped at the end unless ``--keep``), migrated, with the Pilot Learning Group
   (``load_reports``) and ``--items`` generated items from the tests' builder (``build_corpus``
   in tests/factories.py, rare theme on one item in ``--rare-theme-every``), ``VACUUM
   ANALYZE``; Redis database ``--redis-url`` (default redis://127.0.0.1:6379/6), flushed;
   static files collected into a temporary folder;
2. TWO gunicorn processes (``--workers`` sync workers each) with production settings
   (``AJC_ENV=production``, ``REDIS_URL``, one trusted proxy as in compose.yaml), and the task
   workers as ``make run`` starts them (``scripts/workers.sh``), all started by
   ``benchmarks/harness.py`` (shared with the benchmarks); every request carries
   ``X-Forwarded-Proto: https`` and its client's own ``X-Forwarded-For``, as behind the load
   balancer;
3. warms every URL once on each server (the PDF until the worker has made it), then:
   - **run A, no edits**: ``--clients`` threads for ``--duration`` s, mixed reads (home, the
     browser, by a common and a rare theme, a search with many hits, page 200, the feed, a
     theme page, the risk register, session pages, a cached session PDF), each request on the
     next server in turn;
   - **cached page under a PDF storm**: one reader of a cached page for ``--storm-duration`` s,
     alone, then again while ``--storm-clients`` clients (each its own address) ask for many
     different session and combined PDFs (the renders run in the worker); p50/p99 of the
     reader both times. Renders still queued after the storm are deleted from the task table
     so that run B starts with an idle worker (their number is reported);
   - **run B, one edit a second**: the same traffic, while this process saves one item of a
     session through the ORM every ``--edit-interval`` s (the app's signals run: invalidation,
     the session's revision, its PDF queued). Halfway through it unpublishes a session (makes
     it a draft) whose item carries a marker word; from the moment that save commits until
     the end, checker threads (one per address and server) ask again and again for the
     session's page, its PDF, the marked item's page and a search for the marker, and once
     more after the run: any answer but 404 (for the search, a result linking to the item) is
     a **stale read**. It checks first that both servers did serve all four.
   - in every phase, the cores used (from /proc) by the gunicorn processes, the worker,
     PostgreSQL's backends of this database, this process, and everything else.
4. prints, as Markdown, throughput, p50/p99 and errors per URL and in total for both runs, the
   edits' save times, the stale reads, and the storm figures; writes the raw numbers to
   benchmarks/results/scaleout-<items>-<timestamp>.json (git-ignored). Exits non-zero on an
   error or a stale read.

``--database NAME`` uses a database already built by ``build_corpus`` (for instance the one
``benchmarks/bench_pages.py --keep`` leaves) instead of building one, and leaves it in place;
renders it still has queued are deleted first.

It is a script, not a test: figures depend on the machine. About 4 minutes at 100,000 items,
15 at 1,000,000 (8–10 of them building).
"""

import argparse
import datetime
import gzip
import http.client
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))  # the start-up the benchmarks share

import harness  # noqa: E402
from harness import HOST, load_average, percentile  # noqa: E402

DEFAULT_REDIS = "redis://127.0.0.1:6379/6"
MARKER = "zuluquebecstale"
COMMON_THEME = "payment-by-results"
SEARCH = "partnership"
REFRESH_SECONDS = 5


def fetch(port, path, client_address="203.0.113.1", timeout=60):
    """One GET on its own connection (gunicorn's sync workers close it after each response)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(
            "GET",
            path,
            headers={
                "Host": HOST,
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": client_address,
                "Accept-Encoding": "gzip",
            },
        )
        response = connection.getresponse()
        body = response.read()
        if response.getheader("Content-Encoding") == "gzip":
            # What a browser reads: the checks look for a link in the page's text.
            body = gzip.decompress(body)
        return response.status, body
    finally:
        connection.close()


class Tally:
    """Latencies, statuses and errors, per URL name, shared by client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = {}
        self.errors = {}
        self.statuses = {}
        self.samples = {}

    def record(self, name, seconds, status, error):
        with self.lock:
            self.latencies.setdefault(name, []).append(seconds)
            counts = self.statuses.setdefault(name, {})
            counts[str(status)] = counts.get(str(status), 0) + 1
            if error:
                self.errors[name] = self.errors.get(name, 0) + 1
                self.samples.setdefault(name, error)


def drive(ports, urls, deadline, tally, offset, address):
    index = offset
    while time.monotonic() < deadline:
        name, path = urls[index % len(urls)]
        port = ports[index % len(ports)]
        index += 1
        start = time.perf_counter()
        try:
            status, _ = fetch(port, path, address)
            error = None if status == 200 else f"HTTP {status} on {path}"
        except OSError as exc:
            status, error = "exception", f"{type(exc).__name__}: {exc}"
        tally.record(name, time.perf_counter() - start, status, error)


def run_traffic(ports, urls, clients, duration):
    tally = Tally()
    deadline = time.monotonic() + duration
    started = time.monotonic()
    threads = [
        threading.Thread(
            target=drive, args=(ports, urls, deadline, tally, n * 3, f"198.51.100.{n + 1}")
        )
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.monotonic() - started


def summarise(tally, elapsed, urls):
    rows = {}
    everything = []
    for name, _ in urls:
        latencies = tally.latencies.get(name, [])
        everything += latencies
        if latencies:
            rows[name] = {
                "requests": len(latencies),
                "per_second": len(latencies) / elapsed,
                "p50": statistics.median(latencies),
                "p99": percentile(latencies, 0.99),
                "errors": tally.errors.get(name, 0),
                "statuses": tally.statuses.get(name, {}),
            }
    rows["all"] = {
        "requests": len(everything),
        "per_second": len(everything) / elapsed,
        "p50": statistics.median(everything) if everything else 0,
        "p99": percentile(everything, 0.99) if everything else 0,
        "errors": sum(tally.errors.values()),
    }
    return {"elapsed": elapsed, "rows": rows, "first_errors": tally.samples}


# Where the CPU goes: /proc, per group of processes


def _proc_cpu(pid):
    """(parent pid, CPU seconds) of a process, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU seconds used by the gunicorn processes, the task workers, this process (the load
    generator and the editor), PostgreSQL's backends of this database, and the whole machine."""

    def __init__(self, servers, worker, database):
        self.servers, self.worker, self.database = servers, worker, database

    def snapshot(self):
        from django.db import connection

        table = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                found = _proc_cpu(int(entry))
                if found:
                    table[int(entry)] = found
        with connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.database])
            backends = {row[0] for row in cursor.fetchall()}
        masters = {process.pid for process in self.servers}
        with open("/proc/stat") as stat:
            fields = [int(value) for value in stat.readline().split()[1:]]
        own = os.times()
        groups = {
            "gunicorn": {
                pid: cpu for pid, (ppid, cpu) in table.items() if pid in masters or ppid in masters
            },
            "task workers": {
                pid: cpu
                for pid, (_, cpu) in table.items()
                if pid in {self.worker.pid, *harness.descendants(self.worker.pid)}
            },
            "PostgreSQL (this database)": {pid: table[pid][1] for pid in backends if pid in table},
        }
        return {
            "time": time.monotonic(),
            "groups": groups,
            "this process": own.user + own.system,
            "machine busy": (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK"),
        }

    @staticmethod
    def cores(before, after):
        """Cores used by each group between two snapshots (processes seen at both ends, plus
        new ones from zero)."""
        wall = after["time"] - before["time"]
        used = {}
        for group, pids in after["groups"].items():
            used[group] = sum(
                cpu - before["groups"][group].get(pid, 0.0) for pid, cpu in pids.items()
            )
        used["load generator and editor (this process)"] = (
            after["this process"] - before["this process"]
        )
        used["whole machine"] = after["machine busy"] - before["machine busy"]
        used["everything else (other people's work, Redis)"] = used["whole machine"] - sum(
            value for key, value in used.items() if key != "whole machine"
        )
        return {key: round(value / wall, 2) for key, value in used.items()}


# The content side: this process talks to the same database and Redis as the servers


class Content:
    def __init__(self):
        from django.db.models import Count, Q

        from findings.models import Item, Theme
        from sessions.models import Session
        from tests.factories import CORPUS_RARE_THEME

        public = ["public"]
        self.rare_theme = Theme.objects.get(slug=CORPUS_RARE_THEME[0]).slug
        sessions = list(
            Session.objects.filter(visibility__in=public, group__slug__startswith="corpus-")
            .annotate(n=Count("items", filter=Q(items__visibility__in=public)))
            .filter(n__gte=100)
            .select_related("group")
            .order_by("pk")[:61]
        )
        if len(sessions) < 21:
            raise SystemExit("Too few public sessions: build at least 20,000 items.")
        self.read_sessions = sessions[:10]  # their pages are in the mix, and edited too
        self.edit_items = [
            Item.objects.filter(session=session, visibility__in=public).order_by("pk")[3]
            for session in sessions[:60]
        ]
        self.edits = 0
        self.save_times = []
        # The session to unpublish, with the marker in one of its items.
        self.victim = sessions[60]
        item = Item.objects.filter(session=self.victim, visibility__in=public).order_by("pk")[0]
        item.text = f"{item.text} {MARKER}"
        _save_as_admin(item, [item.session_id], items=[item.pk])
        self.victim_item = item.pk

    def session_url(self, session):
        return f"/groups/{session.group.slug}/sessions/{session.number}/"

    def urls(self):
        first, second = self.read_sessions[:2]
        return [
            ("home", "/"),
            ("/findings/", "/findings/"),
            ("?theme=common", f"/findings/?theme={COMMON_THEME}"),
            ("?theme=rare", f"/findings/?theme={self.rare_theme}"),
            ("search (many hits)", f"/findings/?q={SEARCH}"),
            ("page 200", "/findings/?page=200"),
            ("Atom feed", "/findings/feed/"),
            ("theme page", f"/findings/themes/{COMMON_THEME}/"),
            ("risk register", "/findings/risks/"),
            ("session page", self.session_url(first)),
            ("session PDF (pilot 2)", "/groups/pilot-learning-group/sessions/2/report.pdf"),
            ("another session page", self.session_url(second)),
        ]

    def stale_urls(self):
        page = self.session_url(self.victim)
        return {
            "session page": page,
            "session PDF": page + "report.pdf",
            "item page": f"/findings/{self.victim_item}/",
            "search for the marker": f"/findings/?q={MARKER}",
        }

    def edit(self):
        from findings.models import Item

        item = Item.objects.get(pk=self.edit_items[self.edits % len(self.edit_items)].pk)
        self.edits += 1
        marker = " (edited)"
        item.text = item.text[: -len(marker)] if item.text.endswith(marker) else item.text + marker
        start = time.perf_counter()
        _save_as_admin(item, [item.session_id], items=[item.pk])
        self.save_times.append(time.perf_counter() - start)

    def unpublish(self):
        from sessions.models import Session

        session = Session.objects.get(pk=self.victim.pk)
        session.visibility = "draft"
        start = time.perf_counter()
        _save_as_admin(session, [session.pk], narrowing=True)
        return time.perf_counter() - start


def _save_as_admin(obj, sessions, **change):
    """Save as the admin does: in one transaction with what it causes
    (``sessions.edits.content_changed``)."""
    from django.db import transaction

    from sessions.edits import content_changed

    with transaction.atomic():
        obj.save()
        content_changed(sessions, **change)


def is_stale(name, status, body, item_link):
    """The search page echoes its query, so a search is stale if it links to the item."""
    if name == "search for the marker":
        return item_link in body
    return status not in (404, 410)


def editor(content, deadline, interval, unpublish_at, state):
    from django.db import connection

    next_edit = time.monotonic()
    try:
        while time.monotonic() < deadline:
            if (
                unpublish_at is not None
                and "unpublished" not in state
                and (time.monotonic() >= unpublish_at)
            ):
                state["unpublish_save"] = content.unpublish()
                state["unpublished"] = time.monotonic()  # committed: autocommit
            content.edit()
            next_edit += interval
            time.sleep(max(0.0, next_edit - time.monotonic()))
    finally:
        connection.close()


def check_once(port, name, path, item_link, state, report):
    """Ask one server for one address; count it, and a stale answer, in the report."""
    try:
        status, body = fetch(port, path, "192.0.2.77")
    except OSError:
        return
    after = time.monotonic() - state["unpublished"]
    with report["lock"]:
        report["checks"] += 1
        report["answered_after"].append(after)
        if is_stale(name, status, body, item_link):
            report["stale"] += 1
            report["stale_samples"].append(
                {"url": path, "port": port, "status": status, "after": after}
            )


def checker(ports, stale_urls, deadline, state, report):
    """After the unpublish, ask both servers for the unpublished text until the deadline: one
    thread per address and server, so a slow answer does not hold the others up."""
    item_link = f'href="{stale_urls["item page"]}"'.encode()
    while "unpublished" not in state and time.monotonic() < deadline:
        time.sleep(0.05)

    def loop(port, name, path):
        while time.monotonic() < deadline:
            check_once(port, name, path, item_link, state, report)
            time.sleep(0.1)

    threads = [
        threading.Thread(target=loop, args=(port, name, path))
        for name, path in stale_urls.items()
        for port in ports
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def visible_before(ports, stale_urls):
    """Both servers do serve the text that is about to be unpublished (else the check is moot)."""
    item_link = f'href="{stale_urls["item page"]}"'.encode()
    seen, statuses = {}, {}
    for name, path in stale_urls.items():
        for port in ports:
            status, body = fetch(port, path, "192.0.2.77")
            seen[f"{name} on :{port}"] = is_stale(name, status, body, item_link)
            statuses[f"{name} on :{port}"] = status
    if not all(seen.values()):
        print(f"Not all served before the unpublish: {statuses}", file=sys.stderr)
    return seen


def storm_urls(content, count):
    """Many different PDFs: corpus sessions' own reports and combined reports of 2–6."""
    from sessions.models import Session

    sessions = list(
        Session.objects.filter(visibility="public", group__slug__startswith="corpus-")
        .select_related("group")
        .order_by("group_id", "number")[: count * 3]
    )
    urls = []
    for n, session in enumerate(sessions):
        if n % 3 == 2:
            same = [s.number for s in sessions if s.group_id == session.group_id][:6]
            query = "&".join(f"session={number}" for number in same[: 2 + n % 5])
            urls.append(f"/groups/{session.group.slug}/report.pdf?{query}")
        else:
            urls.append(content.session_url(session) + "report.pdf")
    return urls[:count]


def stormer(ports, urls, deadline, address, tally):
    index = 0
    while time.monotonic() < deadline:
        path = urls[index % len(urls)]
        port = ports[index % len(ports)]
        index += 1
        start = time.perf_counter()
        try:
            status, _ = fetch(port, path, address)
        except OSError:
            status = "exception"
        tally.record("storm", time.perf_counter() - start, status, None)
        # As a browser would: a "being prepared" page refreshes after its Refresh seconds (5);
        # this client then asks for the next PDF on its list, so renders keep being queued.
        if status in (202, 429):
            time.sleep(max(0.0, min(REFRESH_SECONDS, deadline - time.monotonic())))


def reader(ports, path, deadline, tally):
    index = 0
    while time.monotonic() < deadline:
        port = ports[index % len(ports)]
        index += 1
        start = time.perf_counter()
        try:
            status, _ = fetch(port, path, "192.0.2.10")
            error = None if status == 200 else f"HTTP {status}"
        except OSError as exc:
            status, error = "exception", str(exc)
        tally.record("reader", time.perf_counter() - start, status, error)
        time.sleep(0.05)


def tasks_by_status():
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    return dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")))


def storm_phase(ports, content, args, meter, cpu):
    from django_tasks_db.models import DBTaskResult

    path = f"/findings/?theme={COMMON_THEME}"
    fetch(ports[0], path)
    alone = Tally()
    before = meter.snapshot()
    reader(ports, path, time.monotonic() + args.storm_duration, alone)
    cpu["reader alone"] = meter.cores(before, meter.snapshot())
    before = meter.snapshot()
    tasks_before = tasks_by_status()
    storm, with_storm = Tally(), Tally()
    urls = storm_urls(content, 200)
    deadline = time.monotonic() + args.storm_duration
    threads = [
        threading.Thread(
            target=stormer,
            args=(ports, urls[n :: args.storm_clients], deadline, f"10.9.0.{n + 1}", storm),
        )
        for n in range(args.storm_clients)
    ]
    threads.append(threading.Thread(target=reader, args=(ports, path, deadline, with_storm)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cpu["reader and PDF storm"] = meter.cores(before, meter.snapshot())
    after = tasks_by_status()
    dropped, _ = DBTaskResult.objects.filter(status="READY").delete()

    def figures(tally):
        values = tally.latencies.get("reader", [])
        return {
            "requests": len(values),
            "p50": statistics.median(values),
            "p99": percentile(values, 0.99),
            "errors": sum(tally.errors.values()),
        }

    return {
        "page": path,
        "alone": figures(alone),
        "storm": figures(with_storm),
        "storm_requests": storm.statuses.get("storm", {}),
        "different_pdfs": len(urls),
        "tasks_before": tasks_before,
        "tasks_after": after,
        "queued_renders_dropped": dropped,
    }


def edit_run(ports, urls, content, args):
    state = {}
    stale = {
        "checks": 0,
        "stale": 0,
        "stale_samples": [],
        "answered_after": [],
        "lock": threading.Lock(),
    }
    stale_urls = content.stale_urls()
    stale["visible_before"] = visible_before(ports, stale_urls)
    deadline = time.monotonic() + args.duration
    threads = [
        threading.Thread(
            target=editor,
            args=(
                content,
                deadline,
                args.edit_interval,
                time.monotonic() + args.duration / 2,
                state,
            ),
        ),
        threading.Thread(target=checker, args=(ports, stale_urls, deadline, state, stale)),
    ]
    for thread in threads:
        thread.start()
    tally, elapsed = run_traffic(ports, urls, args.clients, args.duration)
    for thread in threads:
        thread.join()
    stale["unpublish_save"] = state.get("unpublish_save")
    stale["checked_for"] = deadline - state["unpublished"] if "unpublished" in state else 0
    if "unpublished" in state:  # once more, now that the load is off
        item_link = f'href="{stale_urls["item page"]}"'.encode()
        for name, path in stale_urls.items():
            for port in ports:
                check_once(port, name, path, item_link, state, stale)
    del stale["lock"]
    answered = stale.pop("answered_after")
    stale["first_answer_after"] = min(answered) if answered else None
    return tally, elapsed, stale


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of each run")
    parser.add_argument("--clients", type=int, default=8, help="concurrent readers")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--edit-interval", type=float, default=1.0, help="seconds between edits")
    parser.add_argument("--storm-duration", type=float, default=20.0)
    parser.add_argument("--storm-clients", type=int, default=8)
    parser.add_argument("--rare-theme-every", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2012)
    parser.add_argument(
        "--server-url", default=os.environ.get("AJC_LOADTEST_SERVER_URL", harness.DEFAULT_SERVER)
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("AJC_LOADTEST_REDIS_URL", DEFAULT_REDIS)
    )
    parser.add_argument("--keep", action="store_true", help="keep the database (for a look)")
    parser.add_argument(
        "--database",
        help="use this database, already built by build_corpus (e.g. benchmarks/bench_pages.py "
        "--keep), instead of building one; it is left in place (this run edits it)",
    )
    args = parser.parse_args()
    if args.duration > 600 or args.storm_duration > 300:
        parser.error("runs are bounded: --duration ≤ 600, --storm-duration ≤ 300")
    name = args.database or f"ajc_scaleout_{secrets.token_hex(4)}"
    if not args.database:
        harness.admin_sql(args.server_url, f'CREATE DATABASE "{name}"')
    temporary = Path(tempfile.mkdtemp(prefix="ajc-scaleout-"))
    processes = []
    try:
        result = run(args, harness.database_url(args.server_url, name), temporary, processes)
    finally:
        harness.stop(processes)
        from django.db import connections

        connections.close_all()
        if args.keep or args.database:
            print(f"Database kept: {name}", file=sys.stderr)
        else:
            harness.admin_sql(args.server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(temporary, ignore_errors=True)
    harness.RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    # Named after the items measured (a reused database holds its own number, not --items).
    path = harness.RESULTS / f"scaleout-{result['meta']['items']}-{stamp}.json"
    path.write_text(json.dumps(result, indent=1, default=str))
    print(report(result))
    print(f"\nRaw numbers: {path.relative_to(ROOT)}", file=sys.stderr)
    bad = result["A"]["rows"]["all"]["errors"] + result["B"]["rows"]["all"]["errors"]
    if bad or result["stale"]["stale"] or not all(result["stale"]["visible_before"].values()):
        raise SystemExit(1)


def run(args, database_url, temporary, processes):
    env = harness.production_env(database_url, args.redis_url, temporary)
    started = time.monotonic()
    print("Preparing the database and static files…", file=sys.stderr)
    harness.prepare_database(
        env,
        None if args.database else args.items,
        seed=args.seed,
        rare_theme_every=args.rare_theme_every,
    )
    from findings.models import Item
    from sessions.models import LearningGroup, Session

    content = Content()
    # The renders the marker's save queued: not this run's work (a reused database's older ones
    # were dropped with the rest by prepare_database).
    from django_tasks_db.models import DBTaskResult

    backlog, _ = DBTaskResult.objects.filter(status="READY").delete()
    print(f"Built in {time.monotonic() - started:.0f} s.", file=sys.stderr)

    # The workers as `make run` starts them (scripts/workers.sh): the renders and imports at
    # nice 19, so readers come first and renders fill the gaps.
    ports = harness.start_servers(env, 2, args.workers, processes)
    urls = content.urls()
    print("Warming every URL on both servers…", file=sys.stderr)
    for _, path in urls:
        for port in ports:
            deadline = time.monotonic() + 120
            while True:
                status, _ = fetch(port, path)
                if status == 200:
                    break
                if status != 202 or time.monotonic() > deadline:
                    raise SystemExit(f"Warm-up: {path} on :{port} answered {status}.")
                time.sleep(1)
    result = {
        "meta": {
            "date": datetime.datetime.now().isoformat(timespec="seconds"),
            "items": Item.objects.count(),
            "sessions": Session.objects.count(),
            "groups": LearningGroup.objects.count(),
            "database": "reused" if args.database else "built",
            "queued_renders_dropped_at_start": backlog,
            "clients": args.clients,
            "servers": len(ports),
            "workers_per_server": args.workers,
            "duration": args.duration,
            "edit_interval": args.edit_interval,
            "redis_url": args.redis_url,
            "cpus": os.cpu_count(),
            "urls": urls,
        },
        "load": {"start": load_average()},
    }
    print(f"Run A: no edits, {args.duration:.0f} s…", file=sys.stderr)
    meter = CpuMeter(processes[:2], processes[2], urlsplit(os.environ["DATABASE_URL"]).path[1:])
    result["cpu"] = {}
    before = meter.snapshot()
    tally, elapsed = run_traffic(ports, urls, args.clients, args.duration)
    result["cpu"]["A"] = meter.cores(before, meter.snapshot())
    result["A"] = summarise(tally, elapsed, urls)
    result["load"]["after A"] = load_average()
    print(f"PDF storm: {args.storm_duration:.0f} s alone, then with the storm…", file=sys.stderr)
    result["storm"] = storm_phase(ports, content, args, meter, result["cpu"])
    result["load"]["after storm"] = load_average()
    time.sleep(3)
    print(f"Run B: one edit every {args.edit_interval} s, {args.duration:.0f} s…", file=sys.stderr)
    tasks_before = tasks_by_status()
    before = meter.snapshot()
    tally, elapsed, stale = edit_run(ports, urls, content, args)
    result["cpu"]["B"] = meter.cores(before, meter.snapshot())
    result["B"] = summarise(tally, elapsed, urls)
    result["B"]["tasks_before"], result["B"]["tasks_after"] = tasks_before, tasks_by_status()
    result["load"]["after B"] = load_average()
    result["stale"] = stale
    result["edits"] = {
        "count": len(content.save_times),
        "p50": statistics.median(content.save_times),
        "max": max(content.save_times),
    }
    return result


def report(result):
    meta = result["meta"]
    lines = [
        f"{meta['items']:,} items, the pilot's included ({meta['sessions']} sessions); "
        f"{meta['servers']} gunicorn processes × {meta['workers_per_server']} sync workers, "
        "AJC_ENV=production, Redis cache, scripts/workers.sh, PostgreSQL, all on "
        f"{meta['cpus']} shared cores with the load generator; {meta['clients']} clients, "
        f"{meta['duration']:.0f} s a run; "
        f"{meta['date']}. Load average: "
        + "; ".join(f"{when} {value}" for when, value in result["load"].items())
        + ".",
        "",
        "| URL | A: req/s | A: p50 ms | A: p99 ms | A: errors | B: req/s | B: p50 ms "
        "| B: p99 ms | B: errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in result["A"]["rows"]:
        a, b = result["A"]["rows"][name], result["B"]["rows"].get(name)
        cells = [f"**{name}**" if name == "all" else name]
        for run in (a, b):
            if run:
                cells += [
                    f"{run['per_second']:.1f}",
                    f"{run['p50'] * 1000:.0f}",
                    f"{run['p99'] * 1000:.0f}",
                    str(run["errors"]),
                ]
            else:
                cells += ["", "", "", ""]
        lines.append("| " + " | ".join(cells) + " |")
    a_all, b_all = result["A"]["rows"]["all"], result["B"]["rows"]["all"]
    stale, edits, storm = result["stale"], result["edits"], result["storm"]
    lines += [
        "",
        f"A: no edits. B: one ORM save of an item every {meta['edit_interval']} s "
        f"({edits['count']} saves, p50 {edits['p50'] * 1000:.0f} ms, max "
        f"{edits['max'] * 1000:.0f} ms). Throughput with edits: "
        f"{b_all['per_second'] / a_all['per_second'] * 100:.0f}% of without. Report renders "
        f"in the task table before B: {result['B']['tasks_before']}, after: "
        f"{result['B']['tasks_after']}.",
        "",
        "Unpublish during B (session saved as a draft, "
        f"{(stale['unpublish_save'] or float('nan')) * 1000:.0f} ms): "
        f"text served by both servers before: "
        f"{'yes' if all(stale['visible_before'].values()) else stale['visible_before']}; "
        f"**{stale['stale']} stale reads** in {stale['checks']} checks during the "
        f"{stale['checked_for']:.0f} s after the save and once more after the run (session "
        "page, its PDF, the item's page, a search for its marker word, on both servers; the "
        f"first answer came {stale.get('first_answer_after') or float('nan'):.1f} s after the "
        "save, the servers being that busy).",
        "",
        f"Cached page ({storm['page']}) read by one client, alone and during a PDF storm "
        f"({result['meta']['servers']} servers; storm: {len(storm['storm_requests'])} kinds of "
        f"answer {storm['storm_requests']} over {storm['different_pdfs']} different PDFs; "
        f"{storm['queued_renders_dropped']} renders still queued at the end, dropped):",
        "",
        "| reader of a cached page | requests | p50 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, key in (("alone", "alone"), ("during the PDF storm", "storm")):
        figures = storm[key]
        lines.append(
            f"| {label} | {figures['requests']} | {figures['p50'] * 1000:.1f} | "
            f"{figures['p99'] * 1000:.1f} | {figures['errors']} |"
        )
    phases = list(result["cpu"])
    lines += [
        "",
        f"Cores used during each phase (from /proc; the machine has {meta['cpus']}):",
        "",
        "| processes | " + " | ".join(phases) + " |",
        "|---|" + "---:|" * len(phases),
    ]
    for group in result["cpu"][phases[0]]:
        cells = [f"{result['cpu'][phase][group]:.2f}" for phase in phases]
        lines.append(f"| {group} | " + " | ".join(cells) + " |")
    for run in ("A", "B"):
        for name, sample in result[run]["first_errors"].items():
            lines.append(f"\nFirst error in run {run} on {name}: {sample}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
