#!/usr/bin/env python3
"""Load test: serve the site as production does and drive its main pages with concurrent clients.

    .venv/bin/python scripts/loadtest.py [--duration 20] [--clients 8] [--workers 4] [--items 20000]

What it does, all on this machine's loopback (127.0.0.1 only):

1. makes a throw-away PostgreSQL database on the server (``--server-url``, default the local
   one), migrates it, creates the shared cache table, loads the Pilot Learning Group and adds
   ``--items`` generated items around it with the tests' own builder (``build_corpus`` in
   tests/factories.py: the same data the tests and benchmarks/bench_pages.py use); the
   database is dropped at the end;
2. collects the static files into a temporary folder, as the container image does;
3. starts gunicorn with ``AJC_ENV=production``, the database cache, and the settings the
   compose file uses, on a free port;
4. warms each URL once (the first request fills the per-revision cache, as the first visitor
   after an edit would), then for ``--duration`` seconds runs ``--clients`` client threads,
   each requesting the main pages and one static file in turn, as a browser behind the load
   balancer would (``X-Forwarded-Proto: https``);
5. prints requests per second, median and p99 latency and errors, per URL and in total, as a
   Markdown table for docs/performance.md, and stops gunicorn.

It is a script, not a test: figures depend on the machine. The goal is zero errors.
"""

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def throwaway_database(server_url: str, create: bool, name: str) -> str:
    """Create (or drop) a database of its own on the server, and return its URL."""
    import psycopg

    parts = urlsplit(server_url)
    with psycopg.connect(server_url, autocommit=True) as conn:
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')
        else:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return parts._replace(path=f"/{name}").geturl()


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def build_corpus(env: dict, items: int, rare_theme_every: int, seed: int):
    """Add ``items`` items to the throw-away database with the tests' corpus builder."""
    os.environ.update(env)  # this process now talks to the throw-away database, as gunicorn will
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from tests.factories import build_corpus as build

    corpus = build(items, rare_theme_every=rare_theme_every, seed=seed)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()
    return corpus


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.samples: dict[str, str] = {}

    def record(self, name: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies.setdefault(name, []).append(seconds)
            if error:
                self.errors[name] = self.errors.get(name, 0) + 1
                self.samples.setdefault(name, error)


def fetch(port: int, path: str, host: str) -> tuple[int, bytes]:
    # gunicorn's sync workers close the connection after each response: one connection a
    # request, as a load balancer's would be.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(
            "GET",
            path,
            headers={"Host": host, "X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"},
        )
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def client(port, urls, host, deadline, results, offset):
    index = offset
    while time.monotonic() < deadline:
        name, path = urls[index % len(urls)]
        index += 1
        start = time.perf_counter()
        try:
            status, _ = fetch(port, path, host)
            error = None if status == 200 else f"HTTP {status}"
        except OSError as exc:
            error = f"{type(exc).__name__}: {exc}"
        results.record(name, time.perf_counter() - start, error)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def wait_until_up(port: int, host: str, process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited before answering: see its output above.")
        try:
            status, body = fetch(port, "/health/", host)
            if status == 200 and json.loads(body)["database"] == "ok":
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /health/ in time.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument(
        "--items", type=int, default=20_000, help="generated items beside the pilot's (0: none)"
    )
    parser.add_argument(
        "--rare-theme-every", type=int, default=2000, help="one item in N has the rare theme"
    )
    parser.add_argument("--seed", type=int, default=2012, help="seed of the generated items")
    parser.add_argument(
        "--server-url",
        default=os.environ.get("AJC_LOADTEST_SERVER_URL", DEFAULT_SERVER),
        help="a PostgreSQL server (any database on it) where a throw-away database can be made",
    )
    args = parser.parse_args()
    if not args.server_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("The load test runs on PostgreSQL, as production does.")
    database_name = f"ajc_loadtest_{secrets.token_hex(4)}"
    database_url = throwaway_database(args.server_url, True, database_name)
    try:
        run(args, database_url)
    finally:
        throwaway_database(args.server_url, False, database_name)


def run(args, database_url: str) -> None:

    host = "127.0.0.1"
    port = free_port()
    static_root = Path(tempfile.mkdtemp(prefix="ajc-loadtest-static-"))
    media_root = Path(tempfile.mkdtemp(prefix="ajc-loadtest-media-"))
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "AJC_", "DATABASE_"))
    }
    env.update(
        {
            "AJC_ENV": "production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
            "DJANGO_ALLOWED_HOSTS": host,
            "DATABASE_URL": database_url,
            "DJANGO_CACHE_BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "DJANGO_CACHE_LOCATION": "ajc_cache",
            "DJANGO_STATIC_ROOT": str(static_root),
            "DJANGO_MEDIA_ROOT": str(media_root),
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )

    print("Preparing the database and static files…", file=sys.stderr)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "createcachetable")
    manage(env, "load_reports", "-v", "0")
    rare_theme = None
    if args.items:
        started = time.monotonic()
        corpus = build_corpus(
            {**env, "DJANGO_SETTINGS_MODULE": "ajc.settings"},
            args.items,
            args.rare_theme_every,
            args.seed,
        )
        rare_theme = corpus.rare_theme.slug
        print(
            f"Generated {corpus.items:,} items in {corpus.sessions} sessions of "
            f"{corpus.groups} groups in {time.monotonic() - started:.0f} s.",
            file=sys.stderr,
        )
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    stylesheet = "/static/" + manifest["paths"]["css/site.css"]

    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "ajc.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(port, host, server)
        urls = discover_urls(port, host, rare_theme) + [("static file (site.css)", stylesheet)]
        for name, path in urls:
            status, _ = fetch(port, path, host)
            if status != 200:
                raise SystemExit(f"Warm-up: {name} ({path}) answered {status}.")

        print(
            f"Driving {len(urls)} URLs with {args.clients} clients for {args.duration:.0f} s "
            f"against {args.workers} gunicorn workers…",
            file=sys.stderr,
        )
        results = Results()
        deadline = time.monotonic() + args.duration
        started = time.monotonic()
        threads = [
            threading.Thread(target=client, args=(port, urls, host, deadline, results, n))
            for n in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    report(urls, results, elapsed, args)


def discover_urls(port: int, host: str, rare_theme: str | None) -> list[tuple[str, str]]:
    """The main pages, with real ids taken from the loaded content."""
    rare = [("findings, rare theme", f"/findings/?theme={rare_theme}")] if rare_theme else []
    return [
        ("home", "/"),
        ("group page", "/groups/pilot-learning-group/"),
        ("session page", "/groups/pilot-learning-group/sessions/2/"),
        ("findings list", "/findings/"),
        ("findings search", "/findings/?q=payment+by+results"),
        ("findings filtered", "/findings/?theme=localism&kind=finding"),
        ("theme page", "/findings/themes/localism/"),
        ("item page", first_item_path(port, host)),
        ("risk register", "/findings/risks/"),
        ("session PDF (cached)", "/groups/pilot-learning-group/sessions/2/report.pdf"),
        *rare,
    ]


def first_item_path(port: int, host: str) -> str:
    import re

    _, body = fetch(port, "/findings/", host)
    match = re.search(rb'href="(/findings/\d+/)"', body)
    if not match:
        raise SystemExit("No item link on /findings/: is the content loaded?")
    return match.group(1).decode()


def report(urls, results: Results, elapsed: float, args) -> None:
    rows = []
    total_requests = total_errors = 0
    all_latencies = []
    for name, _ in urls:
        latencies = results.latencies.get(name, [])
        errors = results.errors.get(name, 0)
        total_requests += len(latencies)
        total_errors += errors
        all_latencies += latencies
        rows.append(
            f"| {name} | {len(latencies)} | {len(latencies) / elapsed:.1f} | "
            f"{statistics.median(latencies) * 1000:.1f} | "
            f"{percentile(latencies, 0.99) * 1000:.1f} | {errors} |"
        )
    print(
        f"\n{args.clients} clients, {args.workers} gunicorn workers, {elapsed:.1f} s, "
        f"PostgreSQL, AJC_ENV=production, database cache, the pilot plus {args.items:,} "
        f"generated items\n"
    )
    print("| URL | requests | req/s | median ms | p99 ms | errors |")
    print("| --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    print(
        f"| **all** | {total_requests} | {total_requests / elapsed:.1f} | "
        f"{statistics.median(all_latencies) * 1000:.1f} | "
        f"{percentile(all_latencies, 0.99) * 1000:.1f} | {total_errors} |"
    )
    for name, sample in results.samples.items():
        print(f"\nfirst error on {name}: {sample}", file=sys.stderr)
    if total_errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
