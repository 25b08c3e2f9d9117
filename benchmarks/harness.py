"""What the benchmarks that serve the site share: the throw-away PostgreSQL database, gunicorn
and the background workers as production runs them, a facilitator signed in through the admin,
and the figures' arithmetic.

Used by ``benchmarks/bench_render_queue.py``, ``benchmarks/bench_edits.py`` and
``scripts/loadtest_scaleout.py``; ``benchmarks/visitor.py`` signs the facilitator in. Build
a database once and keep it for several runs:

    .venv/bin/python benchmarks/harness.py --items 1000000 --database ajc_bench_1m

(then ``--database ajc_bench_1m`` to the benchmarks). It is a script's helper, not a test.
"""

import argparse
import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
PYTHON = sys.executable
HOST = "127.0.0.1"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
FACILITATOR = "bench"
# The benchmark's facilitator passes the second factor as any facilitator does (issue 26).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


# Figures


def percentile(values, fraction):
    """The value at ``fraction`` (0–1) of the sorted values, nearest rank."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def load_average():
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# The database


def admin_sql(server_url, sql):
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(sql)


def database_url(server_url, name):
    return urlsplit(server_url)._replace(path=f"/{name}").geturl()


def production_env(url, redis_url, temporary):
    """The environment of a production server on this machine, for every process started."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "AJC_", "DATABASE_", "REDIS_"))
    }
    env.update(
        {
            "AJC_ENV": "production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DATABASE_URL": url,
            "REDIS_URL": redis_url,
            "DJANGO_TRUSTED_PROXY_COUNT": "1",
            "DJANGO_STATIC_ROOT": str(temporary / "static"),
            "DJANGO_MEDIA_ROOT": str(temporary / "media"),
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "ajc.settings",
            "AJC_SITE_URL": f"https://{HOST}",
        }
    )
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def prepare_database(env, items=None, seed=2012, rare_theme_every=2000):
    """Migrate, collect static files and, when ``items`` is given, load the pilot's reports and
    build that many items (``build_corpus``) then ``VACUUM ANALYZE``; this process then talks
    to the same database and Redis (flushed). Queued tasks left by an earlier run are dropped,
    and the facilitator ``bench`` is made with a known password and second factor: its
    password."""
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from findings import tallies
    from tests.factories import build_corpus

    cache.clear()  # FLUSHDB of this Redis database number only
    with connection.cursor() as cursor:  # building and recounting a million items take minutes
        cursor.execute("SET statement_timeout = 0")
    if items:
        call_command("load_reports", verbosity=0)
        build_corpus(items, rare_theme_every=rare_theme_every, seed=seed)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    tallies.catch_up()  # the kept counts of what bulk_create made
    DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).delete()
    return make_facilitator()


def make_facilitator():
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth import get_user_model

    password = secrets.token_urlsafe(16)
    user = get_user_model().objects.filter(username=FACILITATOR).first()
    if user is None:
        user = get_user_model().objects.create_superuser(FACILITATOR, "bench@example.org", password)
    user.set_password(password)
    user.save()
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, TOTP_SECRET)
    return password


# The servers


def start_gunicorn(env, port, workers, processes):
    gunicorn = str(Path(PYTHON).parent / "gunicorn")
    command = [gunicorn, "ajc.wsgi", "--bind", f"{HOST}:{port}", "--workers", str(workers)]
    command += ["--timeout", "60", "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    processes.append(process)
    return process


def start_workers(env, processes):
    """The background workers exactly as ``make run`` starts them (scripts/workers.sh)."""
    process = subprocess.Popen(  # noqa: S603
        [str(ROOT / "scripts" / "workers.sh")],
        cwd=ROOT,
        env={**env, "PY": PYTHON},
        start_new_session=True,
    )
    processes.append(process)
    return process


def start_servers(env, servers, workers, processes):
    """``servers`` gunicorn servers of ``workers`` sync workers each and the background workers
    (scripts/workers.sh), as production runs them; their ports, once every one answers."""
    ports = [free_port() for _ in range(servers)]
    for port in ports:
        start_gunicorn(env, port, workers, processes)
    start_workers(env, processes)
    for port in ports:
        wait_until_up(port, processes)
    return ports


def wait_until_up(port, processes, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(process.poll() is not None for process in processes):
            raise SystemExit("A server or the workers exited: see their output above.")
        try:
            if Browser(port).request("GET", "/health/")[0].status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"The server on :{port} did not answer /health/ in time.")


def stop(processes):
    """Stop what was started: gunicorn and scripts/workers.sh stop their own children."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)


def descendants(pid):
    """The processes below ``pid`` (from /proc), children first."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], list(children.get(pid, []))
    while todo:
        child = todo.pop(0)
        found.append(child)
        todo += children.get(child, [])
    return found


def rss_mb(pid):
    """Resident memory of one process in MB, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def process_label(pid):
    """What a process of ours is: a gunicorn master or worker, or a task worker and its lanes."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            words = cmdline.read().decode(errors="replace").split("\0")
    except OSError:
        return None
    if "--queue-name" in words:
        return f"task worker ({words[words.index('--queue-name') + 1]})"
    if any(word.endswith("gunicorn") for word in words):
        return "gunicorn"
    return Path(words[0]).name if words and words[0] else None


def rss_by_process(processes):
    """Resident memory (MB) of every process started and those below it, with what each is:
    [(label, pid, MB)]; a gunicorn's master is the process started, its workers below it."""
    found = []
    for process in processes:
        for pid in [process.pid, *descendants(process.pid)]:
            label, rss = process_label(pid), rss_mb(pid)
            if label is None or rss is None or label in {"bash", "nice", "sh"}:
                continue
            if label == "gunicorn":
                label = "gunicorn master" if pid == process.pid else "gunicorn worker"
            found.append((label, pid, round(rss, 1)))
    return found


def lane_counts(url):
    """Tasks waiting (READY) and running, by what they are: ``renders`` waiting on the reports
    lane, ``preparations`` waiting and due (the cheap tasks that decide what to render,
    ``reports.tasks.prepare_*``, on whichever lane they are queued; not a theme brief's
    deliberately delayed a few seconds after the edit), ``running`` on the reports
    lane, ``reports`` waiting and running on that lane (renders, and anything else queued
    there), and ``refresh`` waiting on the refresh lane."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT queue_name, task_path LIKE '%%.render_%%', task_path LIKE '%%.prepare_%%' "
            "AND (run_after <= now() OR run_after >= '9999-01-01'), status, count(*) "
            "FROM django_tasks_database_dbtaskresult "
            "WHERE status IN ('READY', 'RUNNING') GROUP BY 1, 2, 3, 4"
        ).fetchall()
    counts = dict.fromkeys(("renders", "preparations", "running", "reports", "refresh"), 0)
    for queue, render, prepare, status, n in rows:
        ready = status == "READY"
        counts["renders"] += n if queue == "reports" and render and ready else 0
        counts["preparations"] += n if prepare and ready else 0
        counts["running"] += n if queue == "reports" and not ready else 0
        counts["reports"] += n if queue == "reports" else 0
        counts["refresh"] += n if queue == "refresh" and ready else 0
    return counts


def queue_length(url):
    """Tasks of the reports lane: (renders waiting, preparations waiting, running)."""
    counts = lane_counts(url)
    return counts["renders"], counts["preparations"], counts["running"]


# A visitor


class Browser:
    """One visitor's cookies and requests, on a new connection each time (sync workers)."""

    def __init__(self, port, address="203.0.113.9"):
        self.port = port
        self.address = address
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=120)
        sent = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            **(headers or {}),
        }
        if body is not None:
            body = urlencode(body, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = f"https://{HOST}"
            sent["Referer"] = f"https://{HOST}{path}"
        start = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        elapsed = time.perf_counter() - start
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        return response, content, elapsed


def build(argv=None):
    parser = argparse.ArgumentParser(description="Build a benchmark database and keep it.")
    parser.add_argument("--items", type=int, required=True)
    parser.add_argument("--database", required=True, help="its name (ajc_bench_…)")
    parser.add_argument("--server-url", default=DEFAULT_SERVER)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/8")
    parser.add_argument("--seed", type=int, default=2012)
    args = parser.parse_args(argv)
    import tempfile

    admin_sql(args.server_url, f'CREATE DATABASE "{args.database}"')
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as temporary:
        env = production_env(
            database_url(args.server_url, args.database), args.redis_url, Path(temporary)
        )
        prepare_database(env, args.items, seed=args.seed)
    print(f"Built {args.database} in {time.monotonic() - started:.0f} s.", file=sys.stderr)


if __name__ == "__main__":
    build()
