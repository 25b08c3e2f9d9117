"""Fidelity: the generated PDFs against the group's own written reports (tests/data/reports/).

For each written report (sessions 1 and 2 each on their own, sessions 4 and 5 combined as the
group combined them): every sentence in the PDF, none printed more often than the report prints
it, the word count within ±10%, figures where the text places them; and the PDF passes a PDF/UA-1
validator (page-validation).
"""

import page
import pytest
from django.contrib.auth.models import AnonymousUser

from reports.pdf import render_pdf
from reports.report import build_report
from sessions.models import Figure, LearningGroup

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
        assert result.duplicated == [], f"{result}; printed twice: {result.duplicated}"
        assert abs(result.word_ratio - 1) <= 0.10, str(result)
        assert result.figure_problems == [], str(result)
        assert result.faithful
    # Session 2's text says "Figure 1 below": the check ran there.
    assert results[1].figures_checked == 1


def test_every_shipped_report_passes_pdf_ua_1(pdf_for_sessions, tmp_path):
    for numbers in [*REPORTS.values(), [1, 2, 3, 4, 5]]:
        path = tmp_path / f"report-{'-'.join(map(str, numbers))}.pdf"
        path.write_bytes(pdf_for_sessions(numbers))
        report = page.validate_pdf(str(path), profile="ua1")
        assert report.is_compliant, (numbers, report.failures)


def test_the_measure_notices_a_figure_out_of_place(pdf_for_sessions):
    Figure.objects.filter(session__number=2).update(order=0)
    reference = (REPORTS_DIR / "session-2-localism.txt").read_text(encoding="utf-8")
    result = compare("moved", reference, pdf_body_text(pdf_for_sessions([2])))
    assert result.figure_problems == ["Figure 1 is not where the text places it"]
    assert not result.faithful


def test_the_measure_notices_a_passage_printed_twice():
    reference = "Introduction\n\nThe group met. It agreed on everything that mattered to it.\n"
    generated = reference + "\nIt agreed on everything that mattered to it.\n"
    result = compare("twice", reference, generated)
    assert result.duplicated == ["It agreed on everything that mattered to it."]


def test_the_measure_notices_a_report_that_does_not_match(pdf_for_sessions):
    # Session 1's written report against the PDF of session 2: only the shared introduction,
    # schedule and sharing paragraph match, so the measure must fall well short.
    reference = (REPORTS_DIR / "session-1-partnership.txt").read_text(encoding="utf-8")
    result = compare("mismatch", reference, pdf_body_text(pdf_for_sessions([2])))
    assert 0.05 < result.share < 0.4
    assert any("Technical issues" in sentence for sentence in result.missing)
