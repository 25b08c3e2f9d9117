"""Each sentence stored once: risks and recommendations drawn from a passage are marked beside
it in the report, and lists show their short statements linked to the passage."""

import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from findings.models import Item
from sessions.models import Session

from .factories import FindingFactory, RiskFactory, SessionFactory

pytestmark = pytest.mark.django_db

GROUP = "pilot-learning-group"
PASSAGE = "Conversely there is also a risk that any organisation protecting its ethical values"


def test_session_page_prints_the_passage_once_and_marks_its_risks(client, pilot_content):
    session = Session.objects.get(group__slug=GROUP, number=1)
    html = client.get(session.get_absolute_url()).content.decode()
    assert html.count(PASSAGE) == 1
    risk = Item.objects.get(
        statement="Organisations working outside the PbR model lose funding and close"
    )
    assert risk.source.text.count(PASSAGE) == 1
    # The mark sits inside the passage's list item, after its text.
    passage_at = html.index(f'id="item-{risk.source_id}"')
    mark_at = html.index(f'id="item-{risk.pk}"')
    assert passage_at < mark_at < html.index("</li>", passage_at + html[passage_at:].index(PASSAGE))
    assert f"Risk {5}" in html[mark_at : mark_at + 300] and risk.statement in html
    # No "Risks" or "Recommendations" section repeats them at the end.
    assert ">Risks</h3>" not in html and ">Recommendations</h3>" not in html


def test_risk_register_and_recommendations_show_statements_linked_to_the_passage(
    client, pilot_content
):
    html = client.get(reverse("findings:risk_list") + "?page=1").content.decode()
    html += client.get(reverse("findings:risk_list") + "?page=2").content.decode()
    assert PASSAGE not in html
    risk = Item.objects.get(statement__startswith="Organisations working outside the PbR")
    assert risk.statement in html
    assert f'href="{risk.session.get_absolute_url()}#item-{risk.source_id}"' in html
    recommendations = client.get(reverse("findings:recommendation_list")).content.decode()
    assert "Use social media to shift influence away from national newspapers" in recommendations
    assert "#session-5-conclusion" in recommendations


def test_item_page_of_a_drawn_risk_gives_the_statement_and_the_way_to_the_passage(
    client, pilot_content
):
    risk = Item.objects.get(statement__startswith="Organisations working outside the PbR")
    html = client.get(risk.get_absolute_url()).content.decode()
    assert risk.statement in html and PASSAGE not in html
    assert risk.passage_url in html


def test_a_drawn_item_cannot_hold_a_copy_of_its_passage():
    session = SessionFactory()
    passage = FindingFactory(session=session, text="The group agreed a long passage.")
    risk = RiskFactory.build(session=session, source=passage, text="The group agreed")
    with pytest.raises(ValidationError):
        risk.full_clean()


def test_an_item_needs_words_or_a_statement():
    risk = RiskFactory.build(session=SessionFactory(), text="", statement="")
    with pytest.raises(ValidationError):
        risk.full_clean()


def test_the_pdf_explains_its_markers_in_a_register(client, pilot_content, tmp_path):
    """The PDF prints "Risk 4" under a passage: its register always says what that is. The
    page, which gives the statement beside the passage, shows one when a facilitator turns it
    on."""
    import page  # noqa: PLC0415 - the validator is only needed here
    from django.contrib.auth.models import AnonymousUser  # noqa: PLC0415

    from reports.pdf import render_pdf  # noqa: PLC0415
    from reports.report import build_report  # noqa: PLC0415

    from .fidelity import pdf_body_text  # noqa: PLC0415

    session = Session.objects.get(group__slug=GROUP, number=2)
    group = session.group
    assert (
        "Register of risks and recommendations"
        not in client.get(session.get_absolute_url()).content.decode()
    )
    pdf = render_pdf(build_report(AnonymousUser(), group, [2]))
    text = " ".join(pdf_body_text(pdf).split())
    assert "Register of risks and recommendations" in text
    risk = Item.objects.get(session=session, statement__startswith="Protracted public sector")
    assert f"Risk 4 {risk.statement}" in text
    # Each entry gives the page of its passage.
    assert re.search(
        r"Recommendation 6 Commissioners to engage fully with local communities page \d", text
    )
    path = tmp_path / "register.pdf"
    path.write_bytes(pdf)
    assert page.validate_pdf(str(path), profile="ua1").is_compliant
    # Its first page says when and where the session was.
    first = " ".join(pdf_body_text(pdf).split("\f")[0].split())
    assert f"{session.date_display}, {session.location}" in first
    session.show_register = True
    session.save()
    cache.clear()  # the page as it was may be given for a few seconds after an edit
    html = client.get(session.get_absolute_url()).content.decode()
    assert "Register of risks and recommendations" in html


def test_the_findings_list_marks_a_passage_with_the_items_drawn_from_it(client, pilot_content):
    risk = Item.objects.get(statement__startswith="Organisations working outside the PbR")
    html = client.get(
        reverse("findings:item_list"), {"kind": "finding", "session": risk.session_id}
    ).content.decode()
    assert html.count(PASSAGE) <= 1  # a snippet or the passage, once
    assert risk.statement in html and risk.get_absolute_url() in html
