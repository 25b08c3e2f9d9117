"""Fidelity: the generated PDFs against the group's own written reports (tests/data/reports/).

The share of each written report's sentences found in the PDF generated from the knowledge
base: sessions 1 and 2 each on their own, sessions 4 and 5 combined as the group combined them.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from reports.pdf import render_pdf
from reports.report import build_report
from sessions.models import LearningGroup

from .fidelity import (
    REPORTS,
    REPORTS_DIR,
    compare,
    measure_all,
    pdf_body_text,
    reference_sentences,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdf_for_sessions(pilot_content):
    group = LearningGroup.objects.get(slug="pilot-learning-group")
    return lambda numbers: render_pdf(build_report(AnonymousUser(), group, numbers))


def test_the_written_reports_are_in_the_repository():
    for filename in REPORTS:
        sentences = reference_sentences((REPORTS_DIR / filename).read_text(encoding="utf-8"))
        assert len(sentences) > 50, filename


def test_every_sentence_of_the_written_reports_is_in_the_generated_pdfs(pdf_for_sessions):
    results = measure_all(pdf_for_sessions)
    assert [result.name for result in results] == list(REPORTS)
    for result in results:
        assert result.share == 1.0, f"{result}; missing: {result.missing}"


def test_the_measure_notices_a_report_that_does_not_match(pdf_for_sessions):
    # Session 1's written report against the PDF of session 2: only the shared introduction,
    # schedule and sharing paragraph match, so the measure must fall well short.
    reference = (REPORTS_DIR / "session-1-partnership.txt").read_text(encoding="utf-8")
    result = compare("mismatch", reference, pdf_body_text(pdf_for_sessions([2])))
    assert 0.05 < result.share < 0.4
    assert any("Technical issues" in sentence for sentence in result.missing)
