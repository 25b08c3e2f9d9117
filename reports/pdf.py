"""A report, or a theme brief, as an accessible PDF (PDF/UA-1), rendered by WeasyPrint:
``render_pdf`` and ``render_brief_pdf`` return bytes. When and where they run (in the
background worker, once per version) is ``reports.tasks``'s business.
"""

import contextlib
import contextvars
import logging
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve

from sessions.models import Figure

from .report import Report, ReportSelection
from .theme_brief import Brief, BriefSelection

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


class ReportURLFetcher(URLFetcher):
    """Serve a report's figures from storage and its fonts from the static folders.

    Figures in the report were chosen by ``ReportSelection.build``, which already applied the
    reader's visibility, so reading them straight from storage shows nothing the reader may not
    see.
    """

    def __init__(self, report: Report | None):
        super().__init__(allowed_protocols={"https", "file"})
        # A document with no report (a theme brief) has no figures: only fonts are fetched.
        self.figures = {
            (section.session.number, figure.number): figure
            for section in (report.sessions if report else [])
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


# Within ``shared_renders``: the documents rendered so far, by their HTML.
_rendered: contextvars.ContextVar[dict | None] = contextvars.ContextVar("rendered", default=None)


@contextlib.contextmanager
def shared_renders():
    """Within this, a report whose document is exactly one rendered already is not rendered
    again: the public's and members' copies of a session with nothing members-only in it
    (or its schedule) are the same HTML, the same figures, so the same PDF. Kept for one
    task only, so a figure's file replaced later is never missed."""
    token = _rendered.set({})
    try:
        yield
    finally:
        _rendered.reset(token)


def render_pdf(report: Report) -> bytes:
    """Render the report to PDF bytes, tagged PDF/UA-1, with its title and language."""
    html, rendered = report_html(report), _rendered.get()
    if rendered is None:
        return html_to_pdf(html, report)
    if html not in rendered:
        rendered[html] = html_to_pdf(html, report)
    return rendered[html]


def render_brief_pdf(brief: Brief) -> bytes:
    """Render a theme brief to PDF bytes, tagged PDF/UA-1 as a report is."""
    return html_to_pdf(render_to_string("reports/brief_document.html", {"brief": brief}), None)


def html_to_pdf(html: str, report: Report | None) -> bytes:
    font_config = FontConfiguration()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=ReportURLFetcher(report))
    return document.write_pdf(
        stylesheets=stylesheets(font_config),
        font_config=font_config,
        pdf_variant=PDF_VARIANT,
    )


def report_filename(selection: ReportSelection) -> str:
    numbers = "-and-".join(str(number) for number in selection.numbers)
    prefix = "session" if len(selection.numbers) == 1 else "sessions"
    return f"{selection.group.slug}-{prefix}-{numbers}.pdf"


def brief_filename(selection: BriefSelection) -> str:
    # Named as the brief's CSV and JSON are.
    return f"ajc-theme-{selection.theme.slug}.pdf"
