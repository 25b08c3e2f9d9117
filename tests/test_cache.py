"""The one caching idiom: key shape, invalidation, remembered failures, and nobody else calling
Django's cache directly."""

import ast
import time
from pathlib import Path

import pytest

from ajc import cache
from ajc.cache import revision, values

from .support import deleted, saved, someone_else_recomputes

ROOT = Path(__file__).resolve().parent.parent
APP_CODE = ["ajc", "sessions", "findings", "reports"]


@pytest.fixture(autouse=True)
def no_warming(settings):
    """The caching idiom alone: computing pages ahead after a narrowing edit (which needs the
    database) is ``tests/test_warming.py``'s."""
    settings.AJC_WARM_AFTER_NARROWING = False


def test_keys_name_the_value_the_audience_and_the_revision():
    key = cache.key("findings", "public", "q=pbr")
    assert key == f"ajc:findings:public:{cache.content_revision()}:q=pbr"


def test_keys_stay_short_whatever_the_query():
    long_one = cache.key("findings", "public", "q=" + "x" * 5000)
    other = cache.key("findings", "public", "q=" + "x" * 4999)
    assert len(long_one) <= 200 and long_one != other


def test_invalidate_makes_earlier_keys_unreachable():
    calls = []
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert cache.cached("probe", "public", compute) == 1
    assert cache.cached("probe", "public", compute) == 1
    cache.invalidate()
    assert cache.cached("probe", "public", compute) == 2


def test_audiences_never_share_a_value():
    cache.cached("probe-audience", "member", lambda: "members' copy")
    assert cache.cached("probe-audience", "public", lambda: "public copy") == "public copy"


def test_a_failure_is_remembered_when_asked():
    calls = []

    def failing():
        calls.append(1)
        raise RuntimeError("render failed")

    with pytest.raises(RuntimeError):
        cache.cached(FAILING, "public", failing)
    with pytest.raises(cache.CachedFailure):
        cache.cached(FAILING, "public", failing)
    assert len(calls) == 1


def _direct_cache_uses(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(root)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django.core.cache"):
            found.append(f"{where}:{node.lineno} imports {node.module}")
        if isinstance(node, ast.Import) and any(
            alias.name.startswith("django.core.cache") for alias in node.names
        ):
            found.append(f"{where}:{node.lineno} imports django.core.cache")
    return found


def test_nothing_outside_the_caching_module_calls_the_cache():
    uses = [
        use
        for package in APP_CODE
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != ROOT / "ajc" / "cache" / "backend.py" and "migrations" not in path.parts
        for use in _direct_cache_uses(path)
    ]
    assert uses == []


@pytest.mark.parametrize(
    "source",
    [
        "from django.core.cache import cache\n",
        "import django.core.cache\n",
        "from django.core.cache import caches\n",
    ],
)
def test_the_check_sees_a_direct_use(tmp_path, source):
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text(source)
    assert _direct_cache_uses(sneaky, tmp_path)


FAILING = cache.Policy("probe-fail", remember_failure=60)
CHEAP = cache.Policy("probe-cheap", cheap=True)
OWN = cache.Policy("probe-own", site_wide=False)


def test_while_another_process_recomputes_readers_get_the_previous_version(monkeypatch):
    monkeypatch.setattr(values, "WAIT_FOR_RECOMPUTE_SECONDS", 0.05)
    assert cache.cached("probe-stale", "public", lambda: "before the edit") == "before the edit"
    cache.invalidate()  # an edit that narrows nothing (a typo fixed)
    someone_else_recomputes("probe-stale", "public")
    assert cache.cached("probe-stale", "public", lambda: "recomputed here") == "before the edit"


def test_after_a_narrowing_edit_the_previous_version_is_never_served(monkeypatch):
    monkeypatch.setattr(values, "WAIT_FOR_RECOMPUTE_SECONDS", 0.05)
    cache.cached("probe-narrow", "public", lambda: "with the unpublished session")
    cache.invalidate(narrowing=True)  # a session unpublished
    someone_else_recomputes("probe-narrow", "public")
    assert cache.cached("probe-narrow", "public", lambda: "without it") == "without it"


def test_facilitators_never_get_the_previous_version(monkeypatch):
    monkeypatch.setattr(values, "WAIT_FOR_RECOMPUTE_SECONDS", 0.05)
    cache.cached("probe-staff", "facilitator", lambda: "old")
    cache.invalidate()
    someone_else_recomputes("probe-staff", "facilitator")
    assert cache.cached("probe-staff", "facilitator", lambda: "new") == "new"


def test_simultaneous_misses_compute_once():
    import threading

    calls, results = [], []
    barrier = threading.Barrier(4)

    def slow():
        calls.append(1)
        threading.Event().wait(0.3)
        return "value"

    def read():
        barrier.wait()
        results.append(cache.cached("probe-stampede", "public", slow))

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert results == ["value"] * 4
    assert len(calls) == 1


def floor():
    from django.core.cache import cache as django_cache

    return django_cache.get(cache.FLOOR_KEY) or 0


@pytest.mark.django_db
def test_unpublishing_deleting_and_hiding_are_narrowing_edits_and_a_typo_is_not():
    from .factories import FindingFactory, SessionFactory

    session = SessionFactory(visibility="public")
    item = FindingFactory(session=session, text="A typo hre.")
    before = floor()
    saved(item, text="A typo here.")
    saved(session, subject="Renamed")
    assert floor() == before  # readers may get the previous version while one recomputes

    for narrowing_edit in (
        lambda: saved(item, visibility="members"),
        lambda: saved(session, visibility="draft"),
        lambda: deleted(FindingFactory(session=session)),
    ):
        narrowing_edit()
        assert floor() == cache.content_revision()


@pytest.mark.django_db
def test_a_narrowing_edit_is_never_served_from_before_it_even_to_the_first_reader(client):
    from django.urls import reverse

    from .factories import FindingFactory, SessionFactory

    session = SessionFactory(visibility="public")
    FindingFactory(session=session, text="Soon to be withdrawn.")
    assert "Soon to be withdrawn" in client.get(reverse("findings:item_list")).content.decode()
    saved(session, visibility="draft")
    assert "Soon to be withdrawn" not in client.get(reverse("findings:item_list")).content.decode()


@pytest.mark.django_db
def test_a_facilitator_sees_an_edit_at_once(client, facilitator):
    from django.urls import reverse

    from .factories import FindingFactory, SessionFactory

    session = SessionFactory(visibility="public")
    client.force_login(facilitator)
    client.get(reverse("findings:item_list"))
    FindingFactory(session=session, text="Just written.")
    assert "Just written" in client.get(reverse("findings:item_list")).content.decode()


@pytest.mark.processes
def test_development_shares_its_cache_between_the_server_and_the_worker():
    """`make run` is two processes (runserver and db_worker): the worker's PDFs must reach the
    server, so development's default cache is shared (the database's), not per process."""
    import os
    import subprocess
    import sys

    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "AJC_", "REDIS_"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "ajc.settings"
    result = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.CACHES['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache"


# After an edit that narrows nothing, a value computed moments ago is served as it is for a
# while (``refresh_interval``), so facilitators saving every second do not make every process
# recompute every list every second (issue 11).

WINDOW = {"at_least": 60.0, "factor": 0.0, "at_most": 60.0}


def later(monkeypatch, seconds):
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + seconds)


def test_a_value_computed_moments_ago_outlives_an_edit_that_narrows_nothing(settings, monkeypatch):
    settings.AJC_REFRESH = WINDOW
    cache.cached("probe-window", "public", lambda: "before the edit")
    cache.invalidate()  # a typo fixed
    calls = []

    def compute():
        calls.append(1)
        return "after the edit"

    assert cache.cached("probe-window", "public", compute) == "before the edit"
    assert calls == []
    later(monkeypatch, 61)
    assert cache.cached("probe-window", "public", compute) == "after the edit"
    assert calls == [1]


def test_a_cheap_value_is_computed_again_by_the_first_reader_after_any_edit(settings, monkeypatch):
    settings.AJC_REFRESH = WINDOW
    calls = []

    def compute():
        calls.append(1)
        return f"version {len(calls)}"

    assert cache.cached(CHEAP, "public", compute) == "version 1"
    assert cache.cached(CHEAP, "public", compute) == "version 1"
    cache.invalidate()  # a typo fixed: a costly value may be served as it was; a cheap one not
    someone_else_recomputes("probe-cheap", "public")
    assert cache.cached(CHEAP, "public", compute) == "version 2"
    assert calls == [1, 1]


def test_a_previous_version_is_given_only_if_given_if_accepts_it(settings, monkeypatch):
    settings.AJC_REFRESH = WINDOW
    monkeypatch.setattr(values, "WAIT_FOR_RECOMPUTE_SECONDS", 0.05)
    given_if = cache.Policy("probe-given-if", given_if=lambda value: value is not None)
    # "Not found" before an edit is computed again at once after it (the edit may publish it).
    assert cache.cached(given_if, "public", lambda: None) is None
    cache.invalidate()
    someone_else_recomputes("probe-given-if", "public")
    assert cache.cached(given_if, "public", lambda: "published") == ("published")
    # Something found before an edit that narrows nothing may be given as it was meanwhile.
    cache.invalidate()
    someone_else_recomputes("probe-given-if", "public")
    assert cache.cached(given_if, "public", lambda: "renamed") == ("published")
    # Never after a narrowing edit.
    cache.invalidate(narrowing=True)
    assert cache.cached(given_if, "public", lambda: None) is None


def test_the_window_never_outlives_a_narrowing_edit(settings):
    settings.AJC_REFRESH = WINDOW
    cache.cached("probe-window-narrow", "public", lambda: "with the unpublished session")
    cache.invalidate(narrowing=True)
    assert cache.cached("probe-window-narrow", "public", lambda: "without it") == "without it"


def test_the_window_never_applies_to_facilitators(settings):
    settings.AJC_REFRESH = WINDOW
    cache.cached("probe-window-staff", "facilitator", lambda: "old")
    cache.invalidate()
    assert cache.cached("probe-window-staff", "facilitator", lambda: "new") == "new"


def test_the_window_grows_with_what_a_value_costs(settings):
    settings.AJC_REFRESH = {"at_least": 5.0, "factor": 20.0, "at_most": 120.0}
    assert cache.refresh_interval(0.01) == 5.0
    assert cache.refresh_interval(1.5) == 30.0
    assert cache.refresh_interval(60) == 120.0


@pytest.mark.django_db
def test_a_page_shows_an_edit_once_the_worker_has_computed_it_window_or_not(client, settings):
    """The worker is asked at once (issue 28: an edit shows within 2 s); its task runs here,
    where it is queued (the test settings' immediate backend)."""
    from django.urls import reverse

    from .factories import FindingFactory, SessionFactory

    settings.AJC_REFRESH = WINDOW
    session = SessionFactory(visibility="public")
    FindingFactory(session=session, text="Written first.")
    browser = reverse("findings:item_list")
    client.get(browser)
    FindingFactory(session=session, text="Added later.")
    # Served the previous version; the worker's task computes the new one.
    assert "Added later" not in client.get(browser).content.decode()
    assert "Added later" in client.get(browser).content.decode()


@pytest.mark.django_db
def test_with_no_worker_a_page_shows_an_edit_once_the_window_has_passed(
    client, settings, monkeypatch
):
    from django.urls import reverse

    from .factories import FindingFactory, SessionFactory

    settings.AJC_REFRESH = WINDOW
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": [queue for queue in settings.TASK_QUEUES if queue != "refresh"],
        }
    }
    session = SessionFactory(visibility="public")
    FindingFactory(session=session, text="Written first.")
    browser = reverse("findings:item_list")
    client.get(browser)
    FindingFactory(session=session, text="Added later.")
    for _ in range(2):
        assert "Added later" not in client.get(browser).content.decode()
    later(monkeypatch, 61)
    assert "Added later" in client.get(browser).content.decode()  # its reader computed it


def test_a_value_named_by_its_version_finds_its_previous_version_by_its_identity(settings):
    """A session page is keyed on its session's revision; after an edit to the session that
    narrows nothing, the page as it was is found by the session alone (issue 11)."""
    settings.AJC_REFRESH = WINDOW
    page = (cache.Policy("probe-session-page", site_wide=False), "public")
    cache.cached(*page, lambda: "revision 1", "s1", "r1", identity=("s1",))
    cache.invalidate()
    assert cache.cached(*page, lambda: "revision 2", "s1", "r2", identity=("s1",)) == "revision 1"
    # Another session's page is not this one's previous version.
    assert cache.cached(*page, lambda: "other", "s2", "r2", identity=("s2",)) == "other"
    cache.invalidate(narrowing=True)
    assert cache.cached(*page, lambda: "revision 3", "s1", "r3", identity=("s1",)) == "revision 3"


def test_a_reader_waits_for_a_slow_recomputation_instead_of_repeating_it(monkeypatch):
    """The reader gets the holder's value when it comes and computes nothing itself."""
    import threading

    from django.core.cache import cache as django_cache

    monkeypatch.setattr(values, "WAIT_FOR_RECOMPUTE_SECONDS", 5.0)
    someone_else_recomputes("probe-slow", "public")
    value_key = cache.key("probe-slow", "public")

    def finish_later():
        threading.Event().wait(0.4)
        django_cache.set(value_key, "theirs")
        django_cache.delete(f"{value_key}:claim")

    holder = threading.Thread(target=finish_later)
    holder.start()
    calls = []
    assert cache.cached("probe-slow", "public", lambda: calls.append(1) or "mine") == "theirs"
    holder.join()
    assert calls == []


def test_a_reader_computes_at_once_when_the_holder_lets_go_without_a_value(monkeypatch):
    """The holder failed (it released its claim and stored nothing): waiting longer is no use."""
    from django.core.cache import cache as django_cache

    monkeypatch.setattr(values, "WAIT_FOR_RECOMPUTE_SECONDS", 30.0)
    someone_else_recomputes("probe-failed-holder", "public")
    value_key = cache.key("probe-failed-holder", "public")
    django_cache.delete(f"{value_key}:claim")
    # The claim was taken and let go between this reader's own add and its wait.
    monkeypatch.setattr(django_cache, "add", lambda *args, **kwargs: False)
    started = time.monotonic()
    assert cache.cached("probe-failed-holder", "public", lambda: "mine") == "mine"
    assert time.monotonic() - started < 1


def test_a_hit_on_a_value_that_names_its_version_reads_the_cache_once(monkeypatch):
    """A session page's body names its sessions' revisions: serving it warm needs no read of
    the site's revision, only of the value itself."""
    cache.cached(OWN, "public", lambda: "body", "s1.r7")
    reads = []
    real_get = cache.cache.get
    monkeypatch.setattr(cache.cache, "get", lambda *a, **k: reads.append(a[0]) or real_get(*a, **k))
    assert cache.cached(OWN, "public", lambda: "again", "s1.r7") == "body"
    assert reads == [cache.key("probe-own", "public", "s1.r7", site_wide=False)]


@pytest.mark.django_db
def test_a_value_computed_before_a_narrowing_edit_commits_is_never_served_after(
    django_capture_on_commit_callbacks,
):
    """Another process reads the content as it was until the edit commits: what it computes in
    between is kept under the edit's revision, and must not outlive the commit."""
    from .factories import SessionFactory

    session = SessionFactory(visibility="public")
    with django_capture_on_commit_callbacks(execute=True):
        saved(session, visibility="draft")  # the admin's transaction goes on: inlines, history…
        # Meanwhile another process, still seeing the session published, fills the cache.
        cache.cached("probe-in-flight", "public", lambda: "with the session")
    assert cache.cached("probe-in-flight", "public", lambda: "without it") == "without it"


@pytest.mark.django_db
def test_a_transaction_moves_the_revision_on_once_when_it_commits(
    django_capture_on_commit_callbacks,
):
    from .factories import FindingFactory, SessionFactory

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        session = SessionFactory(visibility="public")
        for n in range(5):
            FindingFactory(session=session, text=f"Point {n}.")
    moves = [c for c in callbacks if isinstance(c, revision._MoveOnAfterCommit)]
    assert [move.narrowing for move in moves] == [False]


# A real commit (a test's own transaction never commits, and marks nothing pending).
@pytest.mark.django_db(transaction=True)
def test_a_value_computed_before_an_edit_commits_is_not_kept_even_if_the_second_move_fails(
    monkeypatch,
):
    """The move after the commit is what makes a value computed in between unusable; if the
    cache fails just then, the revision the edit moved to is still marked pending, and nothing
    computed at it was kept."""
    from django.db import transaction

    from .factories import SessionFactory

    session = SessionFactory(visibility="public")

    def cache_gone(*args, **kwargs):
        raise cache.CacheUnavailable("gone just after the commit")

    monkeypatch.setattr(revision._MoveOnAfterCommit, "__call__", cache_gone)
    with transaction.atomic():
        saved(session, visibility="draft")
        # Meanwhile another process, still seeing the session published, computes a value.
        cache.cached("probe-pending", "public", lambda: "with the session")
    # The edit is committed (the failure after it is logged, not the edit's).
    assert type(session).objects.get(pk=session.pk).visibility == "draft"
    assert cache.cached("probe-pending", "public", lambda: "without it") == "without it"


@pytest.mark.django_db
def test_an_edit_the_cache_cannot_record_is_rolled_back(monkeypatch):
    from sessions.models import Session

    from .factories import SessionFactory

    session = SessionFactory(visibility="public")

    def unreachable(*args, **kwargs):
        raise cache.CacheUnavailable("refused")

    monkeypatch.setattr(revision, "_move_on", unreachable)
    with pytest.raises(cache.CacheUnavailable):
        saved(session, visibility="draft")
    assert Session.objects.get(pk=session.pk).visibility == "public"


def test_with_the_cache_away_a_value_comes_from_the_database_but_a_costly_render_does_not(
    monkeypatch,
):
    def away(*args, **kwargs):
        raise cache.CacheUnavailable("refused")

    monkeypatch.setattr(values, "_cached", away)
    assert cache.cached("probe-away", "public", lambda: "from the database") == "from the database"
    renders = []
    with pytest.raises(cache.CacheUnavailable):
        cache.cached(
            cache.Policy("probe-pdf", remember_failure=60), "public", lambda: renders.append(1)
        )
    assert renders == []
