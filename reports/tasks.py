"""Report PDFs and theme briefs' PDFs are prepared in the background, never in a request.

A PDF is rendered once per version of what it shows (``ReportSelection.versions``,
``BriefSelection.versions``) and audience by the task worker (``manage.py db_worker``), and
kept in the shared cache, or in the ``reports`` storage where ``STORAGES`` has one
(docs/operations.md). One task per report renders every audience's copy asked for
(``render_waiting``); claims every process sees (``ajc.cache.claim``) keep one task at most
waiting per report, and one render of it at a time. A reader of a PDF not ready gets the
previous one or a "being prepared" page. Saving a session queues its report, saving an item
(or a follow-up) its themes' briefs a few seconds later (``reports.edits``, ``followup.edits``).
"""

import datetime
import logging
import time
from collections.abc import Callable
from typing import Any, NamedTuple

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from ajc import cache
from ajc.replica import primary
from ajc.visibility import LEVELS, Audience, Reader
from ajc.worker import lease_for
from findings import tallies
from findings.models import Item, Theme
from sessions.models import LearningGroup, Session

from . import storage
from .pdf import render_brief_pdf, render_pdf, shared_renders
from .report import ReportSelection, select_report
from .storage import FAILURE_SECONDS
from .theme_brief import BriefSelection, select_brief

logger = logging.getLogger(__name__)

NAME = "report-pdf"
BRIEF_NAME = "theme-brief-pdf"
PREPARE_NAME = "theme-brief-prepare"
PREPARE_REPORT_NAME = "report-prepare"
# Briefs of themes carried by more items than this are not rendered on every edit.
BRIEF_PREPARED_UP_TO = getattr(settings, "THEME_BRIEF_PREPARED_UP_TO", 2000)
# A brief is prepared this long after the edit that asked for it (one waits per theme).
BRIEF_DELAY_SECONDS = getattr(settings, "THEME_BRIEF_DELAY_SECONDS", 5)
KEEP_SECONDS = 60 * 60 * 24 * 30
# A render holds its claims as long as its task's lease (ajc.worker), a dead worker's too: however
# slow the host, no second render of the report starts beside it before the sweep reruns the task.
CLAIM_SECONDS = lease_for("reports")
# A task waiting holds its claims longer than any wait in the queue: a second task queued
# beside it when its claim lapsed would lengthen the queue (no task is lost: a killed
# worker's runs again after its lease, and one that could not be queued lets go).
WAITING_SECONDS = 30 * 60
# The claims: a report's copy for an audience is asked for (PENDING, per report and
# audience); the report is being rendered (RENDERING, per report).
PENDING = "pdf-pending"
RENDERING = "pdf-rendering"
# A render of a report that another worker is rendering comes back after this long.
RENDERING_RETRY_SECONDS = 5
# Preparations take milliseconds and decide what is rendered: on the refresh lane, whose workers
# are never busy for minutes as the report workers are while rendering, and before its warm-up.
PREPARE_QUEUE = cache.REFRESH_QUEUE
PREPARE_PRIORITY = 10
# The claim per report: its render task is waiting to start (one at most, for every audience).
WAITING = "pdf-waiting"
AUDIENCES = (Audience.PUBLIC, Audience.MEMBER, Audience.FACILITATOR)
# The note of a report's latest PDF: its version, what it printed, when it was rendered.
LATEST = "pdf-latest"
# Reports one client may have queued a minute, beyond which it is asked to wait.
QUEUED_PER_CLIENT_PER_MINUTE = getattr(settings, "REPORT_PDF_QUEUE_PER_MINUTE", 10)


class RenderFailed(Exception):
    """The PDF of this version could not be made (it has been logged); not retried for a bit."""


class TooManyRequests(Exception):
    """This client queued too many reports in the last minute."""


Selection = ReportSelection | BriefSelection


def _name(selection: Selection) -> str:
    if isinstance(selection, BriefSelection):
        return BRIEF_NAME
    return NAME if isinstance(selection, ReportSelection) else selection.pdf_name


def _identity(selection: Selection) -> tuple:
    """What names one report whatever its version: its group and sessions, or its theme."""
    if isinstance(selection, BriefSelection):
        return (selection.theme.pk,)
    if isinstance(selection, ReportSelection):
        return (selection.group.pk, *selection.numbers)
    return tuple(selection.identity)


def ready_pdf(selection: Selection) -> bytes | None:
    """The stored PDF of exactly this version for this audience, or None."""
    return _stored_pdf(_name(selection), selection.audience, selection.versions)


def _stored_pdf(name: str, audience: str, versions: list[str]) -> bytes | None:
    try:
        value = cache.lookup(name, audience, *versions, site_wide=False)
    except cache.CachedFailure as failure:
        raise RenderFailed(failure) from None
    if storage.pdf_storage() is None:
        return value
    try:
        return storage.read(name, audience, versions)
    except storage.Unreachable as error:
        # The bucket cannot be reached: the reader is told the PDF cannot be had now.
        raise RenderFailed(error) from None


def pdf_or_queue(selection: Selection, client: str) -> bytes | None:
    """The PDF if ready; otherwise its render is queued (once) and None means "being prepared"."""
    pdf = ready_pdf(selection)
    if pdf is None and queue(selection, client=client):
        # With the immediate backend (tests, or a site run without a worker) it is ready now.
        pdf = ready_pdf(selection)
    return pdf


def previous_pdf(selection: Selection) -> tuple[bytes, list[str]] | None:
    """The last PDF rendered of this report for this audience, and its version, if it may be
    given while the current version is being prepared: after ordinary edits, never once
    anything it printed has been unpublished, made members-only or deleted since. Never to
    facilitators, who check what they have just edited."""
    latest = _latest(selection)
    if latest is None or latest["versions"] == list(selection.versions):
        return None
    if selection.audience == Audience.FACILITATOR or not _still_shown(selection.audience, latest):
        return None
    try:
        pdf = _stored_pdf(_name(selection), selection.audience, latest["versions"])
    except RenderFailed:
        return None
    return (pdf, latest["versions"]) if pdf is not None else None


def newer_being_prepared(selection: Selection) -> bool:
    """Whether a PDF of this report was rendered before and is not of the current version:
    the reader's download is the previous one (or a "being prepared" page) for now. One read
    of the cache; with the cache away, nothing is known of it, and the page says nothing."""
    try:
        latest = _latest(selection)
    except cache.CacheUnavailable:
        return False
    return latest is not None and latest["versions"] != list(selection.versions)


def _latest(selection: Selection) -> dict | None:
    return cache.lookup(
        f"{LATEST}:{_name(selection)}", selection.audience, *_identity(selection), site_wide=False
    )


def _still_shown(audience: str, latest: dict) -> bool:
    """Whether everything the PDF printed is still visible to its audience (on the primary:
    a replica may not have replayed an unpublish yet)."""
    printed = latest["printed"]
    if printed is None:
        # What it printed is not listed: only if nothing at all was narrowed since.
        return not cache.narrowed_within(time.time() - latest["at"])
    reader = Reader(audience)
    with primary():
        sessions = Session.objects.visible_to(reader).filter(pk__in=printed["sessions"])
        items = Item.objects.visible_to(reader).filter(pk__in=printed["items"])
        shown = (len(set(printed["sessions"])), len(set(printed["items"])))
        return (sessions.count(), items.count()) == shown


def queue(selection: Selection, *, client: str | None = None) -> bool:
    """Have this report rendered for this audience, unless that is already asked for: one
    render task waits at most per report (issue 28), and renders when it starts every copy
    asked for until then, as the report is then (``render_waiting``). True if asked now."""
    name, identity, audience = _name(selection), _identity(selection), selection.audience
    # This very version waiting or being rendered (readers asking while it renders): nothing.
    if not cache.claim(name, audience, *selection.versions, timeout=CLAIM_SECONDS):
        return False
    if not cache.claim(f"{PENDING}:{name}", audience, *identity, timeout=WAITING_SECONDS):
        return False
    if client is not None:
        queued = cache.count("report-queue", client, window=60)
        if queued > QUEUED_PER_CLIENT_PER_MINUTE:
            cache.release(f"{PENDING}:{name}", audience, *identity)
            cache.release(name, audience, *selection.versions)
            raise TooManyRequests
    # After the audience's claim: a task that starts from now on sees it, as it lets go of
    # WAITING before it looks; one still waiting sees it when it starts.
    if cache.claim(f"{WAITING}:{name}", *identity, timeout=WAITING_SECONDS):
        task, args = _render_task(selection)
        try:
            task.enqueue(*args)
        except Exception:  # not queued: nothing is waiting
            cache.release(f"{WAITING}:{name}", *identity)
            cache.release(f"{PENDING}:{name}", audience, *identity)
            raise
    return True


def _render_task(selection: Selection):
    if isinstance(selection, BriefSelection):
        return render_theme_brief, [selection.theme.pk]
    if isinstance(selection, ReportSelection):
        return render_report, [selection.group.pk, selection.numbers]
    return selection.render_task, list(selection.task_args)


class Waiting(NamedTuple):
    """A report's render task and its arguments; the report's name and identity (its claims')."""

    task: Any
    args: list
    name: str
    identity: tuple


def render_waiting(
    waiting: Waiting, select: Callable[[str], Selection | None], render, also: str | None = None
) -> int:
    """The render task's work: render this report for every audience whose copy was asked
    for (``queue``; and ``also``, asked for by hand), each as it is now (``select(audience)``,
    None if that audience may not read it); how many copies it rendered. One render per
    report at a time: if another worker is rendering it, this task comes back when that should
    be done; a copy whose current version is ready already is not rendered again."""
    name, identity = waiting.name, waiting.identity
    if not cache.claim(f"{RENDERING}:{name}", *identity, timeout=CLAIM_SECONDS):
        if waiting.task.get_backend().supports_defer:  # still the one waiting: WAITING kept
            when = timezone.now() + datetime.timedelta(seconds=RENDERING_RETRY_SECONDS)
            waiting.task.using(run_after=when).enqueue(*waiting.args)
            return 0
        # Nothing to wait with (the immediate backend): a later request queues it again.
        cache.release(f"{WAITING}:{name}", *identity)
        for audience in AUDIENCES:
            asked = cache.release(f"{PENDING}:{name}", audience, *identity)
            if asked and (selection := select(audience)) is not None:
                cache.release(name, audience, *selection.versions)
        return 0
    try:
        # Let go first: an edit from now on queues another task, which sees it.
        cache.release(f"{WAITING}:{name}", *identity)
        return sum(
            _render_copy(name, select(audience), render)
            for audience in AUDIENCES
            if cache.release(f"{PENDING}:{name}", audience, *identity) or audience == also
        )
    finally:
        cache.release(f"{RENDERING}:{name}", *identity)


def _render_copy(name: str, selection: Selection | None, render) -> bool:
    """Render one audience's copy as it is now, unless it is ready (or failed moments ago)."""
    if selection is None:
        return False  # this audience may no longer read it
    audience = selection.audience
    # Readers of the version rendered here queue nothing until it is stored.
    cache.claim(name, audience, *selection.versions, timeout=CLAIM_SECONDS)
    try:
        try:
            if ready_pdf(selection) is not None:
                return False
        except RenderFailed:
            return False  # failed moments ago: not tried again until the marker expires
        _render_and_store(name, selection, render)
        return True
    finally:
        cache.release(name, audience, *selection.versions)


def _render_and_store(name: str, selection: Selection, render) -> None:
    """Render this version for its audience, store it, and note it as the report's latest."""
    bucket = storage.pdf_storage()
    started = time.time()
    try:
        built = selection.build()
        if bucket is not None:
            storage.render_into(
                bucket, name, selection.audience, selection.versions, lambda: render(built)
            )
        else:
            cache.cached(
                cache.Policy(
                    name, timeout=KEEP_SECONDS, remember_failure=FAILURE_SECONDS, site_wide=False
                ),
                selection.audience,
                lambda: render(built),
                *selection.versions,
            )
    except Exception:
        logger.exception("Could not render the PDF %s %s", name, selection.versions)
        return
    if ready_pdf(selection) is None:
        return  # not kept (an edit was committing as it began): the latest stays the one before
    note = {"versions": selection.versions, "printed": getattr(built, "printed", None)}
    cache.store(
        f"{LATEST}:{name}",
        selection.audience,
        {**note, "at": started},
        *_identity(selection),
        timeout=KEEP_SECONDS,
        site_wide=False,
    )


# ``audience`` and ``versions``: of tasks queued by hand, or before one task rendered every
# audience's copy (7 December 2026); that audience's copy is rendered as any asked for.
@task(queue_name="reports")
def render_report(
    group_id: int, numbers: list[int], audience: str | None = None, versions=None
) -> int:
    """Render one report for every audience asked for, as it is now, and store them."""
    if (group := LearningGroup.objects.filter(pk=group_id).first()) is None:
        return 0  # deleted since it was queued: nothing to prepare

    def select(audience):
        try:
            return select_report(Reader(audience), group, numbers)
        except Session.DoesNotExist:
            return None  # unpublished or deleted since, or never this audience's

    waiting = Waiting(render_report, [group_id, numbers], NAME, (group_id, *numbers))
    with shared_renders():  # the public's copy, if the members' is the same document
        return render_waiting(waiting, select, render_pdf, audience)


@task(queue_name="reports")
def render_theme_brief(theme_id: int, audience: str | None = None, versions=None) -> int:
    """Render one theme's brief for every audience asked for, as it is now, and store them."""
    slug = Theme.objects.filter(pk=theme_id).values_list("slug", flat=True).first()

    def select(audience):
        try:
            return select_brief(Reader(audience), slug)
        except Theme.DoesNotExist:
            return None  # deleted, or nothing the audience may see carries it any more

    waiting = Waiting(render_theme_brief, [theme_id], BRIEF_NAME, (theme_id,))
    return render_waiting(waiting, select, render_brief_pdf, audience)


def queue_session_reports(session_id: int) -> None:
    """After a session changed: have the worker queue its own report (``prepare_session_report``),
    unless it is already waiting to: however often a facilitator saves, the worker renders the
    report as it is when it gets to it, not once per save."""
    if cache.claim(PREPARE_REPORT_NAME, session_id, timeout=WAITING_SECONDS):
        prepare_session_report.enqueue(session_id)


@task(queue_name=PREPARE_QUEUE, priority=PREPARE_PRIORITY)
def prepare_session_report(session_id: int) -> None:
    """Queue the session's own report for each audience that may read it."""
    # Let go first: a save from now on queues another preparation, which sees it.
    cache.release(PREPARE_REPORT_NAME, session_id)
    session = Session.objects.select_related("group").filter(pk=session_id).first()
    if session is None:
        return
    for audience in ("public", "member"):
        try:
            queue(select_report(Reader(audience), session.group, [session.number]))
        except Session.DoesNotExist:
            continue  # this audience may not read it


def queue_theme_briefs(theme_ids) -> None:
    """After an item carrying these themes changed: have the worker queue each theme's brief.

    A brief's version names every item carrying the theme, so working it out reads them all:
    the worker does it (``prepare_theme_brief``), never the facilitator's save, and a theme
    already waiting for the worker is not queued again."""
    prepare = prepare_theme_brief
    if BRIEF_DELAY_SECONDS and prepare.get_backend().supports_defer:
        # A little later: a facilitator's burst of saves on a theme makes one render.
        delay = datetime.timedelta(seconds=BRIEF_DELAY_SECONDS)
        prepare = prepare.using(run_after=timezone.now() + delay)
    for theme_id in theme_ids:
        if cache.claim(PREPARE_NAME, theme_id, timeout=WAITING_SECONDS):
            prepare.enqueue(theme_id)


@task(queue_name=PREPARE_QUEUE, priority=PREPARE_PRIORITY)
def prepare_theme_brief(theme_id: int) -> None:
    """Queue the theme's brief for each audience that may read it, if it is short enough to be
    worth preparing before anyone asks (a longer one is rendered when first asked for)."""
    # Let go first: an edit from now on queues another preparation, which sees it.
    cache.release(PREPARE_NAME, theme_id)
    carried = tallies.total(LEVELS[Audience.MEMBER], "theme", ref=theme_id)
    if carried > BRIEF_PREPARED_UP_TO:
        logger.info("Theme %s: %s items, its brief is rendered when asked for", theme_id, carried)
        return
    slug = Theme.objects.filter(pk=theme_id).values_list("slug", flat=True).first()
    for audience in ("public", "member"):
        try:
            queue(select_brief(Reader(audience), slug))
        except Theme.DoesNotExist:
            continue  # this audience may not read anything on it
