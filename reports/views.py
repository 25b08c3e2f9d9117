"""A session's report as a web page (the primary version) and as PDF, combined reports, and
a theme brief as PDF.

Views stay thin: ``reports.report.select_report`` decides what a report holds for its reader,
``reports.tasks`` has its PDF prepared in the background; the views turn bad requests into
clear 400 and 404 pages (``ajc.errors``) and a PDF not ready yet into a page that refreshes.
"""

import hashlib
import logging

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from ajc.auth_backend import client_ip
from ajc.cache import Policy, cached, cached_fragment
from ajc.errors import problem
from ajc.visibility import audience_for
from findings.models import Theme
from sessions.models import Figure, LearningGroup, Session

from . import pdf, tasks
from .report import ReportRequestError, select_report, visible_schedule
from .theme_brief import select_brief

logger = logging.getLogger(__name__)


def _group(request, group_slug):
    return get_object_or_404(LearningGroup.objects.visible_to(request.user), slug=group_slug)


def _selection_or_404(request, group, numbers, schedule=None):
    try:
        return select_report(request.user, group, numbers, schedule=schedule)
    except Session.DoesNotExist as error:
        raise Http404("No such session in this learning group.") from error


PREPARING_REFRESH_SECONDS = 5
# A PDF given as it was before the latest edit says so.
PREVIOUS_VERSION_HEADER = "AJC-PDF-Version"
PREVIOUS_VERSION_NOTE = "previous; a newer version is being prepared"


def pdf_response(request, selection, group):
    """A report's PDF: one session's, or several sessions' of one group."""
    return prepared_pdf(
        request, selection, pdf.report_filename(selection), {"group": group, "selection": selection}
    )


def prepared_pdf(request, selection, filename, context):
    """The PDF if it is ready; otherwise a page that says it is being prepared and refreshes
    itself (the render runs in the background worker, never in this request). ``context``
    says what the PDF is to the error and "being prepared" pages."""
    try:
        content = tasks.pdf_or_queue(selection, client=client_ip(request) or "unknown")
    except tasks.TooManyRequests:
        return problem(
            request,
            429,
            "Too many reports asked for at once",
            "You have asked for many different reports in the last minute. Please wait a minute, "
            "then try again; reports already prepared are still available.",
            retry_after=60,
            context=context,
        )
    except tasks.RenderFailed:
        return problem(
            request,
            503,
            "The report could not be prepared",
            "Something went wrong while preparing this PDF. It has been logged and we will look "
            "into it; the report is still available as a web page.",
            context=context,
        )
    version = selection.versions
    if content is None and (previous := tasks.previous_pdf(selection)) is not None:
        # After an edit that hid nothing it printed: the PDF as it was, while the new one is
        # made (issue 28), said so in a header (the session page says it in words).
        content, version = previous
    if content is None:
        response = render(
            request,
            "reports/report_preparing.html",
            {**context, "refresh": PREPARING_REFRESH_SECONDS},
            status=202,
        )
        response["Refresh"] = str(PREPARING_REFRESH_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    response = HttpResponse(content, content_type="application/pdf")
    # One behaviour for every PDF link: a download, named for what it holds.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if version != selection.versions:
        response[PREVIOUS_VERSION_HEADER] = PREVIOUS_VERSION_NOTE
    return _revalidated(request, response, selection.audience, *version)


def _revalidated(request, response, *version):
    """Anything that can be unpublished may be kept by a browser but must be checked again
    before each use (``no-cache``), never by a shared cache (``private``); the ETag names the
    exact version, so the check costs the selection query and sends no body when unchanged."""
    etag = '"' + hashlib.sha256(repr(version).encode()).hexdigest()[:32] + '"'
    response["Cache-Control"] = "private, no-cache"
    response["ETag"] = etag
    return get_conditional_response(request, etag=etag, response=response)


# What a group's session pages show of it, looked up again on every miss (``_group_and_schedule``).
REPORT_SCHEDULE = Policy("report-schedule", cheap=True)
# A session's report as a page: named by the versions it shows (``Selection.versions``).
REPORT_HTML = Policy("report-html", site_wide=False)


def _group_and_schedule(request, group_slug):
    """The group and the sessions of it the reader may see, looked up once per content
    revision and audience, so that a warm session page asks the database nothing. Never the
    previous version after an edit (``cheap``): the schedule names the revision of the session
    shown, so an edit to it shows on the next read, and a session published moments ago is
    found. A group that does not exist is a 404 and is not kept."""

    def compute():
        group = _group(request, group_slug)
        return group, visible_schedule(request.user, group)

    return cached(REPORT_SCHEDULE, audience_for(request.user), compute, group_slug)


@require_safe
def session_detail(request, group_slug, number):
    group, schedule = _group_and_schedule(request, group_slug)
    selection = _selection_or_404(request, group, [number], schedule)
    # The report's body is the same for every reader of one audience until the content changes:
    # render it once per version (as the PDF is), and only the page around it per request.
    body = cached_fragment(
        request,
        REPORT_HTML,
        "reports/report_body.html",
        lambda: {"report": selection.build(), "pdf": False},
        *selection.versions,
        # After an edit to the session that narrows nothing, readers may be given the page as
        # it was moments before while it is rendered again (``ajc.cache.cached``).
        identity=(group.pk, number),
    )
    session = selection.chosen[0]
    return render(
        request,
        "reports/session_detail.html",
        {
            "report_body": body,
            "session": session,
            "newer_pdf_being_prepared": tasks.newer_being_prepared(selection),
            "title": " ".join(filter(None, [f"{group.name}:", group.series_title, session.title])),
        },
    )


@require_safe
def session_pdf(request, group_slug, number):
    group = _group(request, group_slug)
    return pdf_response(request, _selection_or_404(request, group, [number]), group)


@require_safe
def combined_pdf(request, group_slug):
    group = _group(request, group_slug)
    # Read here rather than by a form: a number that is not one of the reader's sessions is a
    # 404 (as a draft is), whereas a form would call it an invalid choice.
    raw = request.GET.getlist("session")
    if not raw:
        return problem(
            request,
            400,
            "No sessions chosen",
            "Choose at least one session for the report.",
            context={"group": group},
        )
    try:
        numbers = sorted({int(value) for value in raw})
    except ValueError:
        return problem(
            request,
            400,
            "That is not a session number",
            "Session numbers are whole numbers, such as 4. Choose the sessions from the list.",
            context={"group": group},
        )
    try:
        selection = _selection_or_404(request, group, numbers)
    except ReportRequestError as error:
        return problem(
            request,
            400,
            "These sessions cannot make one report",
            str(error),
            context={"group": group},
        )
    return pdf_response(request, selection, group)


@require_safe
def theme_brief_pdf(request, slug):
    """A theme's brief as PDF, prepared as a report is; the brief's page, CSV and JSON are
    ``findings.views``'."""
    try:
        selection = select_brief(request.user, slug)
    except Theme.DoesNotExist:
        raise Http404("No such theme.") from None
    return prepared_pdf(
        request, selection, pdf.brief_filename(selection), {"theme": selection.theme}
    )


@require_safe
def report_chooser(request, group_slug):
    group = _group(request, group_slug)
    # A planned session has no report yet: it is not offered.
    sessions = list(
        group.sessions.visible_to(request.user)
        .exclude(status=Session.Status.PLANNED)
        .order_by("number")
    )
    schedule = visible_schedule(request.user, group)
    for session in sessions:
        # Edited moments ago: its PDF is being made again (one read of the cache each).
        session.newer_pdf_being_prepared = tasks.newer_being_prepared(
            select_report(request.user, group, [session.number], schedule=schedule)
        )
    return render(request, "reports/report_chooser.html", {"group": group, "sessions": sessions})


@require_safe
def figure_image(request, group_slug, number, figure_number):
    session = get_object_or_404(
        Session.objects.visible_to(request.user), group__slug=group_slug, number=number
    )
    figure = get_object_or_404(Figure, session=session, number=figure_number)
    try:
        image = figure.image.open("rb")
    except OSError:
        # The record is there but its file is gone (a restore without media, say).
        raise Http404("This figure's image is missing.") from None
    except Exception:
        # Its storage cannot be reached (object storage, docs/operations.md).
        logger.exception("Could not read figure %s from storage", figure.pk)
        return problem(
            request,
            503,
            "This figure cannot be shown just now",
            "The figure's image could not be read. It has been logged; please try again later. "
            "The report's text is still available.",
        )
    response = FileResponse(image, content_type="image/png")
    return _revalidated(request, response, "figure", figure.pk, session.pk, session.revision)
