"""Benchmark: the PDF render queue under one facilitator's admin save a second (issue 28 point 3).

    .venv/bin/python benchmarks/bench_render_queue.py --items 100000 [--duration 600]

What it does:

1. makes a throw-away PostgreSQL database (``ajc_bench_queue_<random>`` on ``--server-url``,
   default postgres://postgres@127.0.0.1:5432/postgres), migrates it, loads the pilot's
   reports and builds ``--items`` items with the tests' own builder (``build_corpus``), then
   ``VACUUM ANALYZE``; dropped at the end (``--database NAME`` reuses one and keeps it);
2. serves the site as production does: one gunicorn (``--workers`` sync workers, 2 by
   default) with AJC_ENV=production on Redis (``--redis-url``, default
   redis://127.0.0.1:6379/7, flushed at the start), and the background workers as
   ``make run`` starts them (``scripts/workers.sh``: two on the ``reports`` lane, one on
   ``imports``, one on the light lanes);
3. signs a facilitator in through the admin's login form, has the PDFs of the sessions it will
   edit rendered once (asking for each until it is ready, ``--warm-up`` seconds at most), and,
   for ``--duration`` seconds,
   makes one save a second as a facilitator does: the change page of a learning point (GET),
   then its form posted back with its text changed (POST), round-robin over learning points
   of ``--sessions`` public sessions (10 by default), each a new version of that session's
   report for the public and for members;
4. meanwhile samples, every second, the render queue's length straight from the database:
   render tasks waiting on the ``reports`` lane, the cheap preparations that decide what to
   render waiting (on whichever lane they are queued), the reports lane's tasks waiting and
   running, and the refresh lane's waiting; and every 5 seconds asks, as an
   anonymous reader, for the PDF of the session edited last, timing ``/health/`` on the same
   gunicorn just before as the yardstick: whether it got a PDF (the current one, or the
   previous one with the ``AJC-PDF-Version`` header) or a 202 "being prepared" page;
5. prints a Markdown summary (queue length p50, p90, max, at the end and a minute-by-minute
   maximum; the readers' answers; saves' p50, p99 and max; the PDF's time ÷ ``/health/``;
   the load average at the start and the end, and its 1-minute figure sampled each second;
   the render tasks that finished during the run, and the copies they rendered) and writes
   the raw samples to ``benchmarks/results/render-queue-<items>-<timestamp>.json``
   (git-ignored).

It is a script, not a test: figures depend on the machine and what else runs on it.
"""

import argparse
import datetime
import json
import os
import secrets
import signal
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import harness
import visitor
from harness import Browser, load_average, percentile

DEFAULT_REDIS = "redis://127.0.0.1:6379/7"


def save(browser, item_id, number):
    """Open a learning point's change page and save it with its text changed: (seconds of
    the POST, status)."""
    return visitor.admin_save(
        browser,
        f"/admin/findings/finding/{item_id}/change/",
        {"text": lambda text: f"{text.split(' [edit ')[0]} [edit {number}]"},
    )


def warm_up(browser, paths, seconds):
    """Ask for each PDF until it is ready (or ``seconds`` have passed): how many were."""
    deadline, ready = time.monotonic() + seconds, set()
    while len(ready) < len(paths) and time.monotonic() < deadline:
        for path in paths:
            if path not in ready and browser.request("GET", path)[0].status == 200:
                ready.add(path)
        time.sleep(2)
    return len(ready)


def sampler(database_url, deadline, samples, started):
    while time.monotonic() < deadline:
        counts = harness.lane_counts(database_url)
        samples.append(
            {
                "t": time.monotonic() - started,
                "waiting": counts["renders"],
                "preparations": counts["preparations"],
                "running": counts["running"],
                "lane": counts["reports"],
                "refresh": counts["refresh"],
                "load": os.getloadavg()[0],
            }
        )
        time.sleep(1)


def renders_done(url, since, until):
    """The render tasks of the reports lane that finished between ``since`` and ``until``
    (wall-clock datetimes): (tasks, copies rendered: the tasks' return values summed, None
    where a task returns nothing, as before one task rendered every audience's copy)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT return_value FROM django_tasks_database_dbtaskresult "
            "WHERE queue_name = 'reports' AND task_path LIKE '%%.render_%%' "
            "AND status = 'SUCCESSFUL' AND finished_at BETWEEN %s AND %s",
            (since, until),
        ).fetchall()
    values = [value for (value,) in rows]
    copies = None if any(not isinstance(v, int) for v in values) else sum(values)
    return len(values), copies


def finished_by_task(url, since, until):
    """How many tasks of each kind finished between ``since`` and ``until``, other than renders
    (the warm-ups, refreshes, catch-ups and preparations an edit causes): {task name: count}."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT task_path, count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE task_path NOT LIKE '%%.render_%%' AND finished_at BETWEEN %s AND %s "
            "GROUP BY 1 ORDER BY 2 DESC",
            (since, until),
        ).fetchall()
    return {path.rsplit(".", 1)[-1]: n for path, n in rows}


def preparation_waits(url, since, until):
    """Seconds each preparation that started between ``since`` and ``until`` waited for a
    worker, from when it was due (queued, or its delay over) to when it started."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT extract(epoch FROM started_at - CASE WHEN run_after >= '9999-01-01' "
            "THEN enqueued_at ELSE greatest(enqueued_at, run_after) END) "
            "FROM django_tasks_database_dbtaskresult "
            "WHERE task_path LIKE '%%.prepare_%%' AND started_at BETWEEN %s AND %s",
            (since, until),
        ).fetchall()
    return [float(seconds) for (seconds,) in rows]


def reader(port, state, deadline, reads, started):
    browser = Browser(port)
    while time.monotonic() < deadline:
        time.sleep(5)
        path = state.get("pdf")
        if path is None:
            continue
        _, _, health = browser.request("GET", "/health/")
        response, _, elapsed = browser.request("GET", path)
        answer = str(response.status)
        if response.status == 200:
            answer = "previous" if response.getheader("AJC-PDF-Version") else "current"
        reads.append(
            {
                "t": time.monotonic() - started,
                "answer": answer,
                "seconds": elapsed,
                "health": health,
            }
        )


def prepare(args, env):
    """Build or reuse the database (``harness.prepare_database``), then choose the learning
    points to edit: (their ids and PDFs, items, the facilitator's password)."""
    password = harness.prepare_database(env, None if args.database else args.items, args.seed)
    from django.db.models import Count, Q

    from findings.models import Item
    from sessions.models import Session

    sessions = list(
        Session.objects.filter(visibility="public", group__slug__startswith="corpus-")
        .annotate(n=Count("items", filter=Q(items__visibility="public", items__kind="finding")))
        .filter(n__gte=10)
        .select_related("group")
        .order_by("pk")[: args.sessions]
    )
    edits = [
        (
            Item.objects.filter(session=session, visibility="public", kind="finding")
            .order_by("pk")
            .values_list("pk", flat=True)[2],
            f"/groups/{session.group.slug}/sessions/{session.number}/report.pdf",
        )
        for session in sessions
    ]
    return edits, Item.objects.count(), password


def _load_and_renders(meta, samples):
    """The 1-minute load average sampled each second, and the renders done, as text."""
    load = [s["load"] for s in samples if "load" in s] or [float("nan")]
    copies = "(not returned)" if meta["copies"] is None else meta["copies"]
    return (
        f"1-minute, sampled each second: p50 {statistics.median(load):.2f}, max {max(load):.2f}",
        f"{meta['render_tasks']} / {copies}",
    )


def _spread(samples, field):
    """p50 / max of a field sampled each second (absent from runs before it was sampled)."""
    values = [s[field] for s in samples if field in s]
    return f"{statistics.median(values):.0f} / {max(values)}" if values else "(not sampled)"


def _waits(meta):
    waits = meta.get("preparation_waits")
    if not waits:
        return "(not measured)"
    return " / ".join(f"{percentile(waits, f):.2f} s" for f in (0.5, 0.9, 1.0))


def summarise(meta, samples, reads, saves):
    waiting = [s["waiting"] for s in samples] or [0]
    load, renders = _load_and_renders(meta, samples)
    prepared = [s["preparations"] for s in samples] or [0]
    lane, refresh = _spread(samples, "lane"), _spread(samples, "refresh")
    minutes = {}
    for sample in samples:
        minute = int(sample["t"] // 60)
        minutes[minute] = max(minutes.get(minute, 0), sample["waiting"])
    answers = {}
    for read in reads:
        answers[read["answer"]] = answers.get(read["answer"], 0) + 1
    pdf_ratio = [
        r["seconds"] / r["health"] for r in reads if r["answer"] in {"current", "previous"}
    ]
    save_times = [seconds for seconds, _ in saves]
    at_end = sum(samples[-1][k] for k in ("waiting", "preparations", "running")) if samples else 0
    failed = sum(1 for _, status in saves if status != 302)
    lines = [
        f"{meta['items']:,} items; one gunicorn × {meta['workers']} sync workers "
        f"(AJC_ENV=production, Redis), scripts/workers.sh (2 report workers at nice 19), "
        f"PostgreSQL, on {os.cpu_count()} shared cores; {meta['duration']:.0f} s of one admin "
        f"save a second over {meta['sessions']} sessions (their PDFs rendered before: "
        f"{meta['warmed']}); {meta['date']}. Load average: start "
        f"{meta['load_start']}; end {meta['load_end']}; {load}.",
        "",
        "| what | figure |",
        "| --- | --- |",
        f"| renders waiting, p50 / p90 / max | {statistics.median(waiting):.0f} / "
        f"{percentile(waiting, 0.9)} / {max(waiting)} |",
        f"| preparations waiting and due (a few ms each), p50 / max | "
        f"{statistics.median(prepared):.0f} / {max(prepared)} |",
        f"| a preparation's wait for a worker once due, p50 / p90 / max | {_waits(meta)} |",
        f"| the whole reports lane (waiting and running), p50 / max | {lane} |",
        f"| reports lane at the end (renders and preparations, waiting and running) | {at_end} |",
        f"| refresh lane waiting, p50 / max | {refresh} |",
        f"| render tasks finished in the run / copies they rendered | {renders} |",
        "| other tasks finished in the run | "
        + ", ".join(f"{name} {n}" for name, n in meta.get("other_tasks", {}).items())
        + " |",
        "| renders waiting, each minute's max | "
        + ", ".join(str(minutes[m]) for m in sorted(minutes))
        + " |",
        f"| a reader's request for the session edited last: PDF (current / previous) / 202 | "
        f"{answers.get('current', 0)} / {answers.get('previous', 0)} / {answers.get('202', 0)} "
        f"of {len(reads)} |",
        f"| that PDF's time ÷ /health/ just before, p50 | "
        f"{statistics.median(pdf_ratio) if pdf_ratio else float('nan'):.1f}× |",
        f"| admin saves (POST): p50 / p99 / max | {statistics.median(save_times) * 1000:.0f} ms / "
        f"{percentile(save_times, 0.99) * 1000:.0f} ms / {max(save_times) * 1000:.0f} ms "
        f"({len(saves)} saves, {failed} not 302) |",
    ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--duration", type=float, default=600)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--server-url", default=harness.DEFAULT_SERVER)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS)
    parser.add_argument("--database", help="reuse this database (built before) and keep it")
    parser.add_argument("--seed", type=int, default=2012)
    parser.add_argument("--warm-up", type=float, default=300, help="seconds, at most")
    args = parser.parse_args(argv)
    # Stopped with SIGTERM, it still stops what it started and drops its database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    name = args.database or f"ajc_bench_queue_{secrets.token_hex(4)}"
    if not args.database:
        harness.admin_sql(args.server_url, f'CREATE DATABASE "{name}"')
    database_url = harness.database_url(args.server_url, name)
    processes = []
    try:
        with tempfile.TemporaryDirectory() as temporary:
            result = run(args, database_url, Path(temporary), processes)
    finally:
        harness.stop(processes)
        if not args.database:
            harness.admin_sql(args.server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    harness.RESULTS.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = harness.RESULTS / f"render-queue-{args.items}-{stamp}.json"
    path.write_text(json.dumps(result, indent=1))
    print(summarise(result["meta"], result["samples"], result["reads"], result["saves"]))
    print(f"\nRaw samples: {path.relative_to(harness.ROOT)}", file=sys.stderr)


def run(args, database_url, temporary, processes):
    env = harness.production_env(database_url, args.redis_url, temporary)
    print("Preparing the database…", file=sys.stderr)
    edits, items, password = prepare(args, env)
    (port,) = harness.start_servers(env, 1, args.workers, processes)
    facilitator = Browser(port)
    visitor.sign_in(facilitator, password)
    print("Rendering the edited sessions' PDFs once, before any edit…", file=sys.stderr)
    warmed = warm_up(Browser(port), [pdf for _, pdf in edits], args.warm_up)
    meta = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "items": items,
        "workers": args.workers,
        "duration": args.duration,
        "sessions": len(edits),
        "load_start": load_average(),
        "warmed": f"{warmed} of {len(edits)}",
    }
    samples, reads, saves, state = [], [], [], {}
    started, wall_start = time.monotonic(), datetime.datetime.now(datetime.UTC)
    deadline = started + args.duration
    threads = [
        threading.Thread(target=sampler, args=(database_url, deadline, samples, started)),
        threading.Thread(target=reader, args=(port, state, deadline, reads, started)),
    ]
    for thread in threads:
        thread.start()
    print(f"One admin save a second for {args.duration:.0f} s…", file=sys.stderr)
    number = 0
    while time.monotonic() < deadline:
        tick = time.monotonic()
        item_id, pdf = edits[number % len(edits)]
        saves.append(save(facilitator, item_id, number))
        state["pdf"] = pdf
        number += 1
        time.sleep(max(0.0, 1.0 - (time.monotonic() - tick)))
    for thread in threads:
        thread.join()
    meta["load_end"] = load_average()
    wall_end = datetime.datetime.now(datetime.UTC)
    meta["render_tasks"], meta["copies"] = renders_done(database_url, wall_start, wall_end)
    meta["other_tasks"] = finished_by_task(database_url, wall_start, wall_end)
    meta["preparation_waits"] = preparation_waits(database_url, wall_start, wall_end)
    return {"meta": meta, "samples": samples, "reads": reads, "saves": saves}


if __name__ == "__main__":
    main()
