"""Report PDFs, and theme briefs' PDFs, are prepared in the background, never in a reader's
request.

A PDF is rendered once per version of what it shows (``ReportSelection.versions``: the group's
frame and schedule, each chosen session's revision; ``BriefSelection.versions`` for a theme
brief) and audience, by the task worker (``manage.py db_worker``, Django's tasks framework with
django-tasks-db), and stored in the shared cache. A reader who asks for one that is not ready
gets a "being prepared" page that refreshes; the request only queues the render, and a lock
every process sees (``ajc.cache.claim``) makes sure the same PDF is never queued or rendered
twice at once. Where ``STORAGES`` has a ``reports`` storage (S3-compatible object storage,
docs/operations.md), the PDFs are kept there instead, under a name their version decides, so
they outlive the cache. Saving or publishing a session queues its report at once, and saving
an item (or a recommendation's follow-up) queues the briefs of its themes
(``reports.signals``, ``followup.signals``), so most readers never wait.
"""

import hashlib
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.tasks import task

from ajc import cache
from ajc.visibility import LEVELS, Audience, Reader
from findings import tallies
from findings.models import Theme
from sessions.models import LearningGroup, Session

from .pdf import render_brief_pdf, render_pdf
from .report import ReportSelection, select_report
from .theme_brief import BriefSelection, select_brief

logger = logging.getLogger(__name__)

NAME = "report-pdf"
BRIEF_NAME = "theme-brief-pdf"
PREPARE_NAME = "theme-brief-prepare"
PREPARE_REPORT_NAME = "report-prepare"
# Briefs of themes carried by more items than this are not rendered on every edit.
BRIEF_PREPARED_UP_TO = getattr(settings, "THEME_BRIEF_PREPARED_UP_TO", 2000)
KEEP_SECONDS = 60 * 60 * 24 * 30
# A render holds its claim at most this long (a worker that died lets go by itself).
CLAIM_SECONDS = 300
FAILURE_SECONDS = 60
# Reports one client may have queued a minute, beyond which it is asked to wait.
QUEUED_PER_CLIENT_PER_MINUTE = getattr(settings, "REPORT_PDF_QUEUE_PER_MINUTE", 10)


class RenderFailed(Exception):
    """The PDF of this version could not be made (it has been logged); not retried for a bit."""


class TooManyRequests(Exception):
    """This client queued too many reports in the last minute."""


Selection = ReportSelection | BriefSelection


def _name(selection: Selection) -> str:
    return BRIEF_NAME if isinstance(selection, BriefSelection) else NAME


def _pdf_storage() -> Storage | None:
    """Where PDFs are kept if not in the shared cache: ``STORAGES["reports"]``, if configured."""
    return storages["reports"] if "reports" in settings.STORAGES else None


def _object_name(selection: Selection) -> str:
    """The PDF's name in object storage: its version and audience decide it, and an edit to
    anything it shows gives it a new one."""
    version = cache.key(_name(selection), selection.audience, *selection.versions, site_wide=False)
    return f"{_name(selection)}/{hashlib.sha256(version.encode('utf-8')).hexdigest()}.pdf"


def ready_pdf(selection: Selection) -> bytes | None:
    """The stored PDF of exactly this version for this audience, or None."""
    try:
        value = cache.lookup(
            _name(selection), selection.audience, *selection.versions, site_wide=False
        )
    except cache.CachedFailure as failure:
        raise RenderFailed(failure) from None
    storage = _pdf_storage()
    if storage is None:
        return value
    try:
        with storage.open(_object_name(selection), "rb") as stored:
            return stored.read()
    except FileNotFoundError:
        return None
    except Exception as error:
        # The bucket cannot be reached: the reader is told the PDF cannot be had now.
        logger.exception("Could not read the PDF %s from object storage", _object_name(selection))
        raise RenderFailed(error) from None


def pdf_or_queue(selection: Selection, client: str) -> bytes | None:
    """The PDF if ready; otherwise its render is queued (once) and None means "being prepared"."""
    pdf = ready_pdf(selection)
    if pdf is None and queue(selection, client=client):
        # With the immediate backend (tests, or a site run without a worker) it is ready now.
        pdf = ready_pdf(selection)
    return pdf


def queue(selection: Selection, *, client: str | None = None) -> bool:
    """Queue the render of this PDF unless it is already queued or being rendered."""
    name = _name(selection)
    if not cache.claim(name, selection.audience, *selection.versions, timeout=CLAIM_SECONDS):
        return False
    if client is not None:
        queued = cache.count("report-queue", client, window=60)
        if queued > QUEUED_PER_CLIENT_PER_MINUTE:
            cache.release(name, selection.audience, *selection.versions)
            raise TooManyRequests
    if isinstance(selection, BriefSelection):
        render_theme_brief.enqueue(selection.theme.pk, selection.audience)
    else:
        render_report.enqueue(selection.group.pk, selection.numbers, selection.audience)
    return True


def _render_and_store(name: str, selection: Selection, render) -> None:
    """Render this version for its audience, store it, and let go of its claim."""
    storage = _pdf_storage()
    try:
        if storage is not None:
            _render_into(storage, name, selection, render)
            return
        cache.cached(
            name,
            selection.audience,
            lambda: render(selection.build()),
            *selection.versions,
            timeout=KEEP_SECONDS,
            remember_failure=FAILURE_SECONDS,
            site_wide=False,
        )
    except Exception:
        logger.exception("Could not render the PDF %s %s", name, selection.versions)
    finally:
        cache.release(name, selection.audience, *selection.versions)


def _render_into(storage: Storage, name: str, selection: Selection, render) -> None:
    object_name = _object_name(selection)
    if storage.exists(object_name):
        return  # rendered already (the claim keeps two renders of it from running at once)
    try:
        storage.save(object_name, ContentFile(render(selection.build())))
    except Exception:
        cache.remember_failure(
            name, selection.audience, *selection.versions, seconds=FAILURE_SECONDS, site_wide=False
        )
        raise


@task(queue_name="reports")
def render_report(group_id: int, numbers: list[int], audience: str) -> None:
    """Render one report for one audience, as it is now, and store it."""
    try:
        group = LearningGroup.objects.get(pk=group_id)
        selection = select_report(Reader(audience), group, numbers)
    except (LearningGroup.DoesNotExist, Session.DoesNotExist):
        return  # unpublished or deleted since it was queued: nothing to prepare
    _render_and_store(NAME, selection, render_pdf)


@task(queue_name="reports")
def render_theme_brief(theme_id: int, audience: str) -> None:
    """Render one theme's brief for one audience, as it is now, and store it."""
    slug = Theme.objects.filter(pk=theme_id).values_list("slug", flat=True).first()
    try:
        selection = select_brief(Reader(audience), slug)
    except Theme.DoesNotExist:
        return  # deleted, or nothing the audience may see carries it any more
    _render_and_store(BRIEF_NAME, selection, render_brief_pdf)


def queue_session_reports(session_id: int) -> None:
    """After a session changed: have the worker queue its own report (``prepare_session_report``),
    unless it is already waiting to: however often a facilitator saves, the worker renders the
    report as it is when it gets to it, not once per save."""
    if cache.claim(PREPARE_REPORT_NAME, session_id, timeout=CLAIM_SECONDS):
        prepare_session_report.enqueue(session_id)


@task(queue_name="reports")
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
    for theme_id in theme_ids:
        if cache.claim(PREPARE_NAME, theme_id, timeout=CLAIM_SECONDS):
            prepare_theme_brief.enqueue(theme_id)


@task(queue_name="reports")
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
