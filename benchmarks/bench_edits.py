"""Benchmark: what readers and facilitators live through when a facilitator edits (issue 28
point 3).

    .venv/bin/python benchmarks/harness.py --items 100000 --database ajc_bench_100k   # once
    .venv/bin/python benchmarks/bench_edits.py --database ajc_bench_100k [--samples 4]

Servers as production runs them (``benchmarks/harness.py``): two gunicorn servers × 2 sync
workers with AJC_ENV=production on Redis (``--redis-url``, default DB 7, flushed) and
PostgreSQL, and the background workers exactly as ``make run`` starts them
(``scripts/workers.sh``). Every edit is made as a facilitator makes it, from this process
through gunicorn: the facilitator signs in through the admin's login form and second factor,
opens a change page and posts its form back. Nothing is saved through the ORM here.

1. **Narrowing edits**: for each public page (home, ``/findings/``, a common and a rare theme,
   a search with many hits, page 200, the Atom feed, a theme page, the risk register, the
   unpublished session's own page), ``--samples`` times: the session is unpublished (its
   visibility set to draft), ``/health/`` is timed on one server, then the page's first
   request on that server; a **stale read** is an answer that still shows the session or any
   of its items (its own page: anything but 404). The session is published again and the page
   asked for on both servers until it shows it again before the next sample.
2. **Ordinary edits**: every page read once on both servers (as readers would have found them
   since the last unpublish), then the same for a learning point's text (the first one on
   ``/findings/``), and then **how long until the new text is visible** on every page that
   shows the point,
   on both servers (asked for every 0.2 s from the save's 302 until the text appears).
3. **Throughput**: ``--clients`` readers over all the pages for ``--duration`` s without
   edits, then with one admin save a second (learning points of 10 other sessions), twice;
   the saves' p50 / p99 / max.

Throughout, the reports lane's queue (every second, from the database) and the resident memory
of every gunicorn and task worker process (every 5 s, from /proc) are sampled, and the load
average is recorded at each phase's start and end. Prints a Markdown summary
(``bench_edits_report.py``) and writes the raw figures to
``benchmarks/results/edits-<items>-<timestamp>.json`` (git-ignored). A script, not a test.
"""

import argparse
import datetime
import json
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import bench_edits_report
import harness
import visitor
from harness import Browser, load_average

COMMON_THEME = "payment-by-results"
RARE_THEME = "exclusivity-clauses"
SEARCH = "partnership"
MARKED = re.compile(r"^Editmark\d+z ")
POLL = 0.2
SETTLE = 60.0


def pages(session_path):
    return [
        ("home", "/"),
        ("/findings/", "/findings/"),
        ("theme filter (common)", f"/findings/?theme={COMMON_THEME}"),
        ("theme filter (rare)", f"/findings/?theme={RARE_THEME}"),
        ("search (many hits)", f"/findings/?q={SEARCH}"),
        ("page 200", "/findings/?page=200"),
        ("Atom feed", "/findings/feed/"),
        ("theme page", f"/findings/themes/{COMMON_THEME}/"),
        ("risk register", "/findings/risks/"),
        ("session page", session_path),
    ]


def shows(body, links):
    """Whether a page shows any of ``links`` (paths, each ending in "/"), relative or not."""
    return any(f'{link}"'.encode() in body for link in links)


def is_stale(name, status, body, links):
    """After an unpublish: the session's own page is stale unless it is gone (404 or 410);
    any other page is stale if it still links to the session or to any of its items."""
    if name == "session page":
        return status not in (404, 410)
    return status == 200 and shows(body, links)


def get(port, path):
    response, body, seconds = Browser(port, "198.51.100.7").request("GET", path)
    return response.status, body, seconds


def first_request(port, path):
    """``/health/`` then the page, on the same server: the page's answer and its time ÷ the
    trivial view's just before."""
    _, _, health = get(port, "/health/")
    status, body, seconds = get(port, path)
    return status, body, {"seconds": seconds, "health": health, "ratio": seconds / health}


def wait_for(ports, path, shown, started, timeout=SETTLE):
    """Seconds from ``started`` until ``path`` satisfies ``shown(status, body)`` on every
    server, asked every POLL s (None if not within ``timeout``)."""
    seen = {}

    def poll(port):
        while time.monotonic() - started < timeout:
            status, body, _ = get(port, path)
            if shown(status, body):
                seen[port] = time.monotonic() - started
                return
            time.sleep(POLL)

    threads = [threading.Thread(target=poll, args=(port,)) for port in ports]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return max(seen.values()) if len(seen) == len(ports) else None


class Edits:
    """The facilitator's edits, through the admin of the first server."""

    def __init__(self, facilitator, session, item):
        self.facilitator, self.session, self.item = facilitator, session, item
        self.number = 0

    def visibility(self, value):
        return visitor.admin_save(
            self.facilitator, self.session["admin"], {"visibility": lambda _: value}
        )

    def text(self, admin_path=None):
        """Mark a learning point's text with a new word: (the word, seconds, status)."""
        self.number += 1
        word = f"Editmark{self.number}z"
        seconds, status = visitor.admin_save(
            self.facilitator,
            admin_path or self.item["admin"],
            {"text": lambda text: f"{word} {MARKED.sub('', text)}"},
        )
        return word, seconds, status


def narrowing_phase(ports, edits, urls, samples):
    links = edits.session["links"]
    rows = []
    for name, path in urls:
        showed = name in edits.session["shown_on"]
        for n in range(samples):
            port = ports[n % len(ports)]
            seconds, status = edits.visibility("draft")
            page_status, body, timing = first_request(port, path)
            rows.append(
                {
                    "page": name,
                    "save": seconds,
                    "save_status": status,
                    "status": page_status,
                    "stale": is_stale(name, page_status, body, links),
                    "showed_before": showed,
                    **timing,
                }
            )
            edits.visibility("public")
            settled = time.monotonic()
            if showed:  # back on the page on both servers, before the next unpublish
                wait_for(ports, path, lambda s, b, n=name: is_stale(n, s, b, links), settled)
            else:  # published again (its page is back), and this page read once on each
                wait_for(ports, edits.session["path"], lambda s, b: s == 200, settled)
                wait_for(ports, path, lambda s, b: s == 200, settled)
    return rows


def ordinary_phase(ports, edits, urls, samples, shown_on):
    shown_on = [(name, path) for name, path in urls if name in shown_on]
    rows, visible = [], []
    for name, path in urls:
        for n in range(samples):
            port = ports[n % len(ports)]
            word, seconds, status = edits.text()
            saved = time.monotonic()
            _, _, timing = first_request(port, path)
            rows.append({"page": name, "save": seconds, "save_status": status, **timing})
            delays = {}

            def watch(page, where, word=word, saved=saved, delays=delays):
                delays[page] = wait_for(ports, where, lambda s, b: word.encode() in b, saved)

            threads = [threading.Thread(target=watch, args=page) for page in shown_on]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            visible.append(delays)
    return rows, visible, [name for name, _ in shown_on]


def read_traffic(ports, paths, clients, deadline, counts):
    def client(offset):
        index = offset
        while time.monotonic() < deadline:
            port, path = ports[index % len(ports)], paths[index % len(paths)]
            index += 1
            try:
                status = get(port, path)[0]
            except OSError:
                status = "exception"
            counts["requests" if status == 200 else "errors"] += 1

    threads = [threading.Thread(target=client, args=(n * 3,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    return threads


def throughput_run(ports, edits, paths, args, editing):
    counts = {"requests": 0, "errors": 0}
    started = time.monotonic()
    deadline = started + args.duration
    threads = read_traffic(ports, paths, args.clients, deadline, counts)
    saves = []
    while editing and time.monotonic() < deadline:
        tick = time.monotonic()
        target = edits.pool[len(saves) % len(edits.pool)]
        _, seconds, status = edits.text(target)
        saves.append({"seconds": seconds, "status": status})
        time.sleep(max(0.0, 1.0 - (time.monotonic() - tick)))
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {"per_second": counts["requests"] / elapsed, **counts, "saves": saves}


def sampler(url, processes, state, samples, started):
    """The reports lane's queue every second; every process's resident memory every 5 s."""
    tick = 0
    while not state.get("done"):
        waiting, preparations, running = harness.queue_length(url)
        sample = {"t": time.monotonic() - started, "phase": state["phase"], "waiting": waiting}
        sample.update(preparations=preparations, running=running)
        if tick % 5 == 0:
            sample["rss"] = harness.rss_by_process(processes)
        samples.append(sample)
        tick += 1
        time.sleep(1)


def choose(port):
    """The learning point on ``/findings/`` that most of the other pages show too, its session
    (to unpublish), and learning points of ten other public sessions (for the throughput
    run's saves): read, not changed. Also the pages that show the learning point."""
    from django.db.models import Count, Q

    from findings.models import Item
    from sessions.models import Session

    bodies = {name: get(port, path)[1] for name, path in pages("/")[:-1]}
    listed = [int(pk) for pk in re.findall(rb'/findings/(\d+)/"', bodies["/findings/"])]
    found = Item.objects.filter(pk__in=listed, kind="finding").select_related("session__group")

    def on(found):
        return [name for name, body in bodies.items() if shows(body, [f"/findings/{found.pk}/"])]

    item = max(found, key=lambda found: (len(on(found)), -listed.index(found.pk)))
    session = item.session
    path = f"/groups/{session.group.slug}/sessions/{session.number}/"
    items = Item.objects.filter(session=session).values_list("pk", flat=True)
    links = [f"/findings/{pk}/" for pk in items]
    others = (
        Session.objects.filter(visibility="public", group__slug__startswith="corpus-")
        .exclude(pk=session.pk)
        .annotate(n=Count("items", filter=Q(items__visibility="public", items__kind="finding")))
        .filter(n__gte=10)
        .order_by("pk")[:10]
    )
    pool = [
        f"/admin/findings/finding/{pk}/change/"
        for pk in Item.objects.filter(session__in=others, visibility="public", kind="finding")
        .order_by("session_id", "pk")
        .distinct("session_id")
        .values_list("pk", flat=True)
    ]
    return (
        on(item) + ["session page"],
        {
            "admin": f"/admin/ajc_sessions/session/{session.pk}/change/",
            "path": path,
            "links": [path, *links],
            # The pages that showed it before any edit (for which a stale read can be seen).
            "shown_on": [
                "session page",
                *(name for name, body in bodies.items() if shows(body, [path, *links])),
            ],
        },
        {"admin": f"/admin/findings/finding/{item.pk}/change/", "path": f"/findings/{item.pk}/"},
        pool,
    )


def run(args, url, temporary, processes):
    env = harness.production_env(url, args.redis_url, temporary)
    env.update(dict(setting.split("=", 1) for setting in args.setting))
    print("Preparing the database…", file=sys.stderr)
    password = harness.prepare_database(env)
    from findings.models import Item

    ports = harness.start_servers(env, 2, args.workers, processes)
    facilitator = Browser(ports[0])
    visitor.sign_in(facilitator, password)
    shown_on, session, item, pool = choose(ports[0])
    edits = Edits(facilitator, session, item)
    edits.pool = pool
    urls = pages(session["path"])
    for _, path in urls:  # every page warm on both servers, as a reader would find them
        wait_for(ports, path, lambda s, b: s == 200, time.monotonic())
    state, samples = {"phase": "start"}, []
    started = time.monotonic()
    threading.Thread(
        target=sampler, args=(url, processes, state, samples, started), daemon=True
    ).start()
    result = {"meta": {"items": Item.objects.count(), "date": datetime.datetime.now()}}
    result["meta"].update(samples=args.samples, duration=args.duration, clients=args.clients)
    result["meta"].update(workers=args.workers, session=session["path"], item=item["path"])
    result["meta"]["settings"] = args.setting
    result["meta"]["commit"] = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=harness.ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    result["load"] = {}

    def phase(name, work):
        state["phase"] = name
        result["load"][f"{name}: start"] = load_average()
        print(f"{name}…", file=sys.stderr)
        outcome = work()
        result["load"][f"{name}: end"] = load_average()
        return outcome

    try:
        result["narrowing"] = phase(
            "narrowing edits", lambda: narrowing_phase(ports, edits, urls, args.samples)
        )
        if args.narrowing_only:
            return result
        # Every page read once on both servers, as readers would have found them since the last
        # unpublish: otherwise a page not read since (a search, say) is computed by the first
        # ordinary edit's reader, a narrowing edit's cost (measured above) counted as this one's.
        for _, path in urls:
            wait_for(ports, path, lambda s, b: s == 200, time.monotonic())
        rows, visible, shown_on = phase(
            "ordinary edits", lambda: ordinary_phase(ports, edits, urls, args.samples, shown_on)
        )
        result.update(ordinary=rows, visible=visible, shown_on=shown_on)
        paths = [path for _, path in urls]
        result["throughput"] = [
            phase(
                f"throughput {n} {'with' if editing else 'without'} saves",
                lambda editing=editing: throughput_run(ports, edits, paths, args, editing),
            )
            for n in (1, 2)
            for editing in (False, True)
        ]
    finally:
        state["done"] = True
        result["samples"] = samples
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="built by benchmarks/harness.py")
    parser.add_argument("--samples", type=int, default=4, help="per page and kind of edit")
    parser.add_argument("--duration", type=float, default=30, help="seconds of each run")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="sync workers per gunicorn")
    parser.add_argument("--server-url", default=harness.DEFAULT_SERVER)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument(
        "--narrowing-only",
        action="store_true",
        help="measure the first reads after an unpublish only (a few minutes, not ten)",
    )
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="an environment variable for the servers and workers (AJC_WARM_AFTER_EDIT=false)",
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    processes = []
    try:
        with tempfile.TemporaryDirectory() as temporary:
            url = harness.database_url(args.server_url, args.database)
            result = run(args, url, Path(temporary), processes)
    finally:
        harness.stop(processes)
    harness.RESULTS.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = harness.RESULTS / f"edits-{result['meta']['items']}-{stamp}.json"
    path.write_text(json.dumps(result, indent=1, default=str))
    print(bench_edits_report.summary(result))
    print(f"\nRaw figures: {path.relative_to(harness.ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
