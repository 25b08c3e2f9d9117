"""The progress PDF's layout (issue 27, point 8): a running header on every page after the
first, as the session reports have, and the heat map drawn as a grid tinted by level, with a
key and the map in words, rather than twenty-five cells of text."""

import datetime
import io
import re

import pytest
from pypdf import PdfReader

from followup.models import Observation, TrackedRisk
from followup.progress import build_progress, render_progress_pdf

from .factories import RecommendationFactory, SessionFactory
from .fidelity import pdf_text

pytestmark = pytest.mark.django_db
# The four levels' tints (static/css/report-print.css), as a PDF sets a fill colour.
TINTS = {
    "Low": "#b9e0c2",
    "Medium": "#ffe08a",
    "High": "#f7b27a",
    "Very high": "#ec8d8d",
}


def fill_operator(hex_colour: str) -> str:
    parts = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return " ".join(f"{part:.6f}".rstrip("0").rstrip(".") for part in parts) + " rg"


@pytest.fixture
def progress_pdf(member):
    first = SessionFactory(number=1, date=datetime.date(2012, 4, 1))
    group = first.group
    sessions = [first, SessionFactory(group=group, number=2, date=datetime.date(2012, 6, 1))]
    # Enough recommendations to run over several pages.
    for n in range(12):
        RecommendationFactory(session=sessions[0], text=f"Recommendation {n} " + "words " * 40)
    risk = TrackedRisk.objects.create(title="Cherry picking figword", slug="cherry")
    path = ((sessions[0], "raised", 2, 3), (sessions[1], "escalated", 4, 5))
    for session, stage, likelihood, impact in path:
        Observation.objects.create(
            tracked_risk=risk,
            session=session,
            stage=stage,
            likelihood=likelihood,
            impact=impact,
            exposed="providers",
        )
    progress = build_progress(member, "group", group)
    return progress, render_progress_pdf(progress)


def test_every_page_after_the_first_has_the_running_header(progress_pdf):
    progress, pdf = progress_pdf
    pages = pdf_text(pdf).split("\f")[:-1]
    assert len(pages) >= 2
    header = f"{progress.title} · Progress report"
    for number, text in enumerate(pages[1:], start=2):
        assert text.lstrip().startswith(header), (number, text[:200])
        assert f"Page {number} of {len(pages)}" in text


def test_the_heat_map_is_a_tinted_grid_with_a_key_and_the_map_in_words(progress_pdf):
    _, pdf = progress_pdf
    text = pdf_text(pdf)
    # No cell repeats its level in words: the levels are named once each, in the key...
    key = re.search(r"Low\s+Medium\s+High\s+Very high", text)
    assert key, text
    assert "0 Low" not in text and "0 risks" not in text
    # ...and the one risk is said in words beneath the grid.
    assert "Very high, likely × catastrophic: Cherry picking figword." in text
    assert "No other likelihood and impact holds a risk." in text
    # The grid is drawn in the four tints.
    streams = "".join(
        page.get_contents().get_data().decode("latin-1")
        for page in PdfReader(io.BytesIO(pdf)).pages
    )
    for level, tint in TINTS.items():
        assert fill_operator(tint) in streams, level
