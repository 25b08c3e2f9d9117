import contextlib
import json
import os
import signal
import socket
import time
import types
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command

from .factories import (
    FACILITATOR_WORDS,
    MEMBER_WORDS,
    PUBLIC_WORDS,
    FacilitatorFactory,
    UserFactory,
    add_second_factor,
    build_world,
)
from .support import Inbox, PilotSnapshot, holds_no_content, left_running

# Playwright's sync API runs an event loop in the test thread; Django's ORM is used beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Tests run in parallel (pytest-xdist, `make pytest`): the tests of several processes flush the
# Redis database they share, so each xdist process takes one of its own (unless told which).
if os.environ.get("PYTEST_XDIST_WORKER", "").startswith("gw"):
    os.environ.setdefault(
        "REDIS_TEST_URL",
        f"redis://127.0.0.1:6379/{11 + int(os.environ['PYTEST_XDIST_WORKER'][2:]) % 5}",
    )

# A browser test waits for what a reader would wait for, and on a loaded two-core machine a page
# or an htmx update can take longer than Playwright's five seconds by default: wait up to twenty.
# (A wrong page still fails, only later.)
BROWSER_WAIT_MS = 20_000

CHROMIUM = os.environ.get("AJC_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session", autouse=True)
def _single_threaded_live_server():
    """Serve the browser's requests one at a time.

    On SQLite the live server shares one in-memory connection between its request threads; two
    requests at once (a page and an htmx update) can then hang on it. One thread avoids that,
    and Django marks each response "Connection: close" so the browser never holds the server.
    """
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class SingleThreadedWSGIServer(WSGIServer):
        # LiveServerThread itself installs the shared connections in its one thread.
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)

    original = LiveServerThread.server_class
    LiveServerThread.server_class = SingleThreadedWSGIServer
    yield
    LiveServerThread.server_class = original


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete():
    """On PostgreSQL, a transactional test's flush deletes the rows instead of truncating.

    Django empties the database after each transactional test (the browser and process tests)
    with one TRUNCATE of every table. PostgreSQL makes each truncated table new files, which on
    a busy two-core machine took 1-3 s a test; deleting the few hundred rows a test leaves took
    under 0.1 s. The foreign keys Django makes are deferred to the commit, so the order of the
    deletes does not matter. A flush of only some apps' tables (``available_apps``, which
    cascades) or one that resets sequences keeps Django's own statements."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncating = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncating(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [f"{style.SQL_KEYWORD('DELETE FROM')} {self.quote_name(table)};" for table in tables]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = truncating


@pytest.fixture
def inbox(settings):
    """A real SMTP server on a free port, and every mail the site sends goes to it."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox.handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port},
        }
    }
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test's uploads go to a folder of its own, never to the project's media folder.

    Loading the content stores Figure 1; the admin stores uploaded figures.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _no_process_left_running():
    """A server or worker a test leaves running would go on using the test database and the
    shared Redis database after it, answering or computing pages for the next test, whose
    failure would then name the wrong test: the test that left it fails, and it is stopped."""
    yield
    running = left_running()
    deadline = time.monotonic() + 10
    while running and time.monotonic() < deadline:  # stopped, and still exiting
        time.sleep(0.1)
        running = left_running()
    for pid in running:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    assert not running, f"processes left running: {running}"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db):
    return UserFactory(username="member")


@pytest.fixture
def facilitator(db):
    return FacilitatorFactory(username="facilitator")


@pytest.fixture
def superuser(db, django_user_model):
    return add_second_factor(
        django_user_model.objects.create_superuser(
            "admin", "admin@example.org", "a long passphrase"
        )
    )


@pytest.fixture
def world(db):
    """The small knowledge base of factories.build_world: something at every visibility."""
    return build_world()


@pytest.fixture(params=["anonymous", "member", "facilitator"])
def reader(request, client, member, facilitator):
    """A client signed in as each kind of reader in turn, with the code words they may see."""
    user = {"anonymous": None, "member": member, "facilitator": facilitator}[request.param]
    if user:
        client.force_login(user)
    words = {
        "anonymous": PUBLIC_WORDS,
        "member": MEMBER_WORDS,
        "facilitator": FACILITATOR_WORDS,
    }[request.param]
    return types.SimpleNamespace(client=client, role=request.param, words=words)


_pilot: dict = {}


@pytest.fixture
def pilot_content(db, settings):
    """The Pilot Learning Group's real reports, loaded as a new user would see them.

    The first test that asks for them in an empty database loads them (``load_reports``);
    later ones get a copy of what it left (``support.PilotSnapshot``), unless their database
    already holds content, when they load them again."""
    empty = holds_no_content()
    if empty and "snapshot" in _pilot:
        _pilot["snapshot"].restore(settings.MEDIA_ROOT)
        return
    call_command("load_reports", verbosity=0)
    if empty:
        _pilot["snapshot"] = PilotSnapshot(settings.MEDIA_ROOT)


@pytest.fixture(scope="session", autouse=True)
def _patient_expectations():
    from playwright.sync_api import expect

    expect.set_options(timeout=BROWSER_WAIT_MS)


@pytest.fixture
def context(context):
    context.set_default_timeout(BROWSER_WAIT_MS)
    return context


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium: Playwright cannot download a browser on these machines.
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


# What a test costs, roughly, in seconds on this 2-core machine, where tests/durations.json does
# not say more: a browser test drives Chromium against a live server; a "processes" test starts
# servers or workers of its own.
_COST = {"browser": 6.0, "processes": 4.0}
_DEFAULT_COST = 0.3
_DURATIONS = Path(__file__).with_name("durations.json")


def pytest_addoption(parser):
    parser.addoption(
        "--skip-database-free",
        action="store_true",
        help="leave out the tests that cannot touch a database (no django_db mark, no database "
        "fixture: pytest-django blocks their queries) and start no browser or process of their "
        "own. CI's PostgreSQL pass: their outcome cannot depend on the database, and the "
        "SQLite pass has run them.",
    )


# The fixtures through which a test reaches the database (pytest-django refuses it otherwise).
_DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
    "_django_db_helper",
}


def _database_free(item) -> bool:
    if item.get_closest_marker("django_db") or item.get_closest_marker("browser"):
        return False
    if item.get_closest_marker("processes") or item.get_closest_marker("skipif"):
        return False  # a condition may name the database (``connection.vendor``): kept
    return not _DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The costliest test files first, each file's tests kept together and in their order.

    Under xdist (``--dist loadfile --no-loadscope-reorder``, the Makefile) each process takes
    the next whole file as it finishes one, so starting with the longest leaves the short
    ones to even out the end, rather than one process finishing a long browser file while the
    other waits (longest processing time first). A file's cost is the larger of its seconds in
    ``tests/durations.json`` (measured: refresh it from a run's ``--junitxml`` when files
    change much; a file missing from it is costed by its markers) and what its tests' markers
    say. Every process sorts the same collection the same way, as xdist requires."""
    if config.getoption("skip_database_free"):
        free = {item for item in items if _database_free(item)}
        config.hook.pytest_deselected(items=[item for item in items if item in free])
        items[:] = [item for item in items if item not in free]
    measured = json.loads(_DURATIONS.read_text()) if _DURATIONS.exists() else {}
    costs: dict[str, float] = {}
    for item in items:
        marks = {mark.name for mark in item.iter_markers()}
        cost = max((_COST[name] for name in marks & _COST.keys()), default=_DEFAULT_COST)
        path = _path(item)
        costs[path] = costs.get(path, 0.0) + cost
    costs = {path: max(cost, measured.get(path, 0.0)) for path, cost in costs.items()}
    first_seen = {path: index for index, path in enumerate(costs)}
    items.sort(key=lambda item: (-costs[_path(item)], first_seen[_path(item)]))


def _path(item) -> str:
    return item.nodeid.split("::")[0]
