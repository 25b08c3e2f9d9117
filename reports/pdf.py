"""A report as an accessible PDF (PDF/UA-1), rendered by WeasyPrint: a function returning bytes.

Views only wrap ``report_pdf`` in a response. A PDF is rendered once per version of its content
(the sessions' revisions, the site's content revision and the reader's audience make the cache
key, through ``ajc.cache``) and served from the cache after that. Renders are costly
(about a second each), so each process runs only a few at once and says "busy" to the rest
rather than letting one client queue up work that starves everyone else.
"""

import logging
import threading
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve

from ajc import cache
from sessions.models import Figure

from .report import Report, ReportSelection

# WeasyPrint reports every step at INFO, from its import on: noise in a server's log (and in
# every manage.py command, since the admin imports this module).
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

logger = logging.getLogger(__name__)

# The document's own address space: relative URLs in the report resolve against it, and
# ReportURLFetcher answers them from storage. Nothing is ever fetched over the network.
BASE_URL = "https://report.invalid/"
STYLESHEETS = ("css/report.css", "css/report-print.css")
# report.css ends with narrow-screen rules that WeasyPrint cannot parse (media features).
SCREEN_ONLY_MARKER = "/* Screen only from here on"
PDF_VARIANT = "pdf/ua-1"
CACHE_TIMEOUT = 60 * 60 * 24 * 7
FAILURE_TIMEOUT = 60
RENDER_WAIT_SECONDS = getattr(settings, "REPORT_PDF_RENDER_WAIT", 10)
_renders = threading.BoundedSemaphore(getattr(settings, "REPORT_PDF_CONCURRENCY", 2))


class RendererBusy(cache.Busy):
    """Every render slot of this process is taken: ask the client to come back shortly."""


class RenderFailed(Exception):
    """WeasyPrint could not make the PDF (it has been logged)."""


class ReportURLFetcher(URLFetcher):
    """Serve a report's figures from storage and its fonts from the static folders.

    Figures in the report were chosen by ``ReportSelection.build``, which already applied the
    reader's visibility, so reading them straight from storage shows nothing the reader may not
    see.
    """

    def __init__(self, report: Report):
        super().__init__(allowed_protocols={"https", "file"})
        self.figures = {
            (section.session.number, figure.number): figure
            for section in report.sessions
            for figure in section.figures
        }
        self.static_roots = [Path(root).resolve() for root in settings.STATICFILES_DIRS]
        self.static_roots.append(Path(settings.STATIC_ROOT).resolve())

    def fetch(self, url, headers=None):
        if url.startswith(BASE_URL):
            return self._figure(url)
        if url.startswith("file:"):
            path = Path(URLFetcherResponse(url).path).resolve()
            if any(path.is_relative_to(root) for root in self.static_roots):
                return super().fetch(url, headers)
        raise ValueError(f"The report may not load {url}")

    def _figure(self, url):
        path = "/" + url.removeprefix(BASE_URL).split("?")[0]
        try:
            match = resolve(path)
        except Resolver404 as error:
            raise ValueError(f"Not part of the report: {url}") from error
        if match.view_name != "reports:figure":
            raise ValueError(f"Not part of the report: {url}")
        figure: Figure | None = self.figures.get(
            (match.kwargs["number"], match.kwargs["figure_number"])
        )
        if figure is None:
            raise ValueError(f"Not part of the report: {url}")
        with figure.image.open("rb") as image:
            return URLFetcherResponse(url, image.read(), {"Content-Type": "image/png"})


def stylesheets(font_config):
    sheets = []
    for name in STYLESHEETS:
        path = Path(finders.find(name))
        text = path.read_text(encoding="utf-8").split(SCREEN_ONLY_MARKER)[0]
        sheets.append(CSS(string=text, base_url=path.as_uri(), font_config=font_config))
    return sheets


def report_html(report: Report) -> str:
    return render_to_string("reports/report_document.html", {"report": report})


def render_pdf(report: Report) -> bytes:
    """Render the report to PDF bytes, tagged PDF/UA-1, with its title and language."""
    return html_to_pdf(report_html(report), report)


def html_to_pdf(html: str, report: Report) -> bytes:
    font_config = FontConfiguration()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=ReportURLFetcher(report))
    return document.write_pdf(
        stylesheets=stylesheets(font_config),
        font_config=font_config,
        pdf_variant=PDF_VARIANT,
    )


def _render_in_a_slot(selection: ReportSelection) -> bytes:
    if not _renders.acquire(timeout=RENDER_WAIT_SECONDS):
        raise RendererBusy
    try:
        return render_pdf(selection.build())
    except Exception:
        logger.exception("Could not render the PDF report of %s", selection.versions)
        raise
    finally:
        _renders.release()


def report_pdf(selection: ReportSelection) -> bytes:
    """The report's PDF: from the cache, or rendered (at most a few at once per process).

    A cache hit costs one query (the selection); the report's content is read only to render.
    The site-wide content revision in every key covers what else a report shows (the group's
    introduction, the schedule's other sessions); the sessions' own revisions and the audience
    make each version and each reader's view of it a key of its own. A render that failed is
    not tried again for that same version for a minute.
    """
    try:
        return cache.cached(
            "report-pdf",
            selection.audience,
            lambda: _render_in_a_slot(selection),
            selection.group.pk,
            *selection.versions,
            timeout=CACHE_TIMEOUT,
            remember_failure=FAILURE_TIMEOUT,
        )
    except RendererBusy:
        raise
    except Exception as error:
        raise RenderFailed(selection.versions) from error


def report_filename(selection: ReportSelection) -> str:
    numbers = "-and-".join(str(number) for number in selection.numbers)
    prefix = "session" if len(selection.numbers) == 1 else "sessions"
    return f"{selection.group.slug}-{prefix}-{numbers}.pdf"
