"""Series of any kind: each group's report frame, programmes with named speakers, sectors
present without headcounts, two heading levels, Markdown tables and questions raised."""

import pytest
from django.contrib.auth.models import AnonymousUser

from findings.models import Item
from reports.pdf import render_pdf
from reports.report import build_report
from sessions.edits import content_changed
from sessions.models import (
    LearningGroup,
    ProgrammeRow,
    Sector,
    Speaker,
    TopicHeading,
    number_in_words,
)

from .factories import AttendanceFactory, SectorFactory, SessionFactory, ThemeFactory
from .fidelity import normalise, pdf_body_text
from .support import saved

pytestmark = pytest.mark.django_db


def seminar_series():
    group = LearningGroup.objects.create(
        name="Commissioning Justice Seminars",
        slug="commissioning-justice-seminars",
        organisation="University of Havant",
        focus="commissioning criminal justice services",
        introduction="An academic seminar series on commissioning.",
        series_title="ESRC Seminar Series",
        report_kind="Seminar report",
        event_word="Seminar",
        heading_prefix="",
        number_style=LearningGroup.NumberStyle.WORDS,
        schedule_caption="The seminars",
    )
    session = SessionFactory(
        group=group,
        number=4,
        subject="Markets and the voluntary sector",
        location="Havant",
        venue="University of Havant",
        authors="Dr Ann Example and Prof Ben Sample",
        focus="| Time | Item |\n| --- | --- |\n| 10.00 | Welcome |",
        conclusion="Concluding deliberations were lively.",
    )
    row = ProgrammeRow.objects.create(session=session, order=1, time="10.30", title="Markets")
    Speaker.objects.create(row=row, name="Dr Cy Speaker", role="Reader", organisation="A Uni")
    for name in ("Academic", "Voluntary"):
        sector = Sector.objects.filter(name=name).first() or SectorFactory(name=name)
        AttendanceFactory(session=session, sector=sector, headcount=None)
    heading = TopicHeading.objects.create(session=session, title="Summary of content", order=1)
    sub = TopicHeading.objects.create(session=session, title="Markets", order=2, level=2)
    theme = ThemeFactory()
    point = Item.objects.create(
        session=session, kind="finding", topic=heading, order=1, text="Markets were discussed."
    )
    point.themes.add(theme)
    Item.objects.create(session=session, kind="finding", topic=sub, order=2, text="A sub-point.")
    question = Item.objects.create(
        session=session, kind="question", topic=sub, order=3, text="Who pays for prevention?"
    )
    question.themes.add(theme)
    content_changed([session.pk])  # as the admin's save would finish it
    return group, session


def test_numbers_in_words():
    assert [number_in_words(n) for n in (1, 4, 13, 20, 21, 99, 100)] == [
        "One",
        "Four",
        "Thirteen",
        "Twenty",
        "Twenty-One",
        "Ninety-Nine",
        "100",
    ]


def test_the_pilot_group_keeps_its_own_frame(pilot_content):
    pilot = LearningGroup.objects.get(slug="pilot-learning-group")
    session = pilot.sessions.get(number=4)
    assert session.report_heading.startswith("Round Table Action Learning Session 4: ")


def test_a_seminar_series_report_reads_as_that_series(tmp_path):
    group, session = seminar_series()
    assert session.report_heading == "Seminar Four: Markets and the voluntary sector"
    report = build_report(AnonymousUser(), group, [4])
    assert report.covers == "Seminar Four"
    assert report.title == (
        "Commissioning Justice Seminars: ESRC Seminar Series Seminar Four: "
        "Markets and the voluntary sector"
    )
    pdf = render_pdf(report)
    text = normalise(pdf_body_text(pdf))
    for words in [
        "ESRC Seminar Series",
        "Seminar Four: Markets and the voluntary sector",
        "The seminars",
        "University of Havant",
        "Sectors present: Academic, Voluntary.",
        "Report by Dr Ann Example and Prof Ben Sample.",
        "10.30 Markets Dr Cy Speaker, Reader, A Uni",
        "Summary of content",
        "Who pays for prevention?",
        "Concluding deliberations were lively.",
    ]:
        assert normalise(words) in text, words
    assert "roundtableactionlearning" not in text
    assert "inall" not in text  # no headcount sum
    path = tmp_path / "seminar.pdf"
    path.write_bytes(pdf)
    import page  # noqa: PLC0415 - the validator is only needed here

    assert page.validate_pdf(str(path), profile="ua1").is_compliant


def test_the_page_has_two_heading_levels_a_table_and_the_questions(client):
    group, session = seminar_series()
    html = client.get(session.get_absolute_url()).content.decode()
    # The session is the page's h1: its two levels of topic headings are h2 and h3.
    assert '<h2 id="topic-' in html and '<h3 id="topic-' in html
    assert "<table>" in html and "<td>Welcome</td>" in html and "|" not in html.split("<main")[1]
    assert '<ol class="questions">' in html and "Who pays for prevention?" in html


def test_participants_cannot_be_named():
    from sessions.models import Attendance  # noqa: PLC0415

    names = {field.name for field in Attendance._meta.get_fields()}
    assert names == {"id", "session", "sector", "headcount"}
    speaker_fields = {field.name for field in Speaker._meta.get_fields()}
    assert "name" in speaker_fields  # speakers present in public: named in the programme only


@pytest.mark.parametrize(
    "words",
    [
        "Outside the PbR model",  # a short statement
        "Markets voluntary",  # the session's subject
        "Summary of content",  # a topic heading
        "Cy Speaker",  # a programme speaker
        "Ann Example",  # an author
        "University of Havant",  # the venue
    ],
)
def test_search_finds_what_a_member_would_type(client, pilot_content, words):
    from django.urls import reverse  # noqa: PLC0415

    seminar_series()
    html = client.get(reverse("findings:item_list"), {"q": words}).content.decode()
    assert "No learning points" not in html
    assert 'class="item item-' in html, words


def test_search_by_theme_name(client):
    from django.urls import reverse  # noqa: PLC0415

    group, session = seminar_series()
    theme = Item.objects.get(kind="question").themes.get()
    saved(theme, name="Prevention funding")
    html = client.get(reverse("findings:item_list"), {"q": "prevention funding"}).content.decode()
    assert "Who pays for" in html  # the snippet marks the matched words
