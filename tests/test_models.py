"""The data model's rules: constraints, revisions, kinds, and what a session is called."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from findings.models import Finding, Item, Recommendation, Risk
from sessions.models import Attendance, Figure, Session

from .factories import (
    AttendanceFactory,
    FindingFactory,
    LearningGroupFactory,
    RiskFactory,
    SectorFactory,
    SessionFactory,
    ThemeFactory,
)
from .support import relinked

pytestmark = pytest.mark.django_db


def test_session_number_is_unique_within_its_group_only():
    first = SessionFactory(number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(group=first.group, number=1)
    other_group_session = SessionFactory(group=LearningGroupFactory(), number=1)
    assert other_group_session.pk


def test_session_number_must_be_positive():
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(number=0)


def test_planned_session_cannot_have_a_conclusion():
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(status=Session.Status.PLANNED, conclusion="Too early.")
    assert SessionFactory(status=Session.Status.PLANNED, conclusion="").pk


def test_headcount_cannot_be_negative_and_one_row_per_sector():
    attendance = AttendanceFactory(headcount=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.filter(pk=attendance.pk).update(headcount=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceFactory(session=attendance.session, sector=attendance.sector)


def test_attendance_records_sectors_and_numbers_never_names():
    field_names = {field.name for field in Attendance._meta.get_fields()}
    assert field_names == {"id", "session", "sector", "headcount"}


def test_figure_needs_alt_text():
    session = SessionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Figure.objects.create(session=session, number=1, image="figures/x.png", caption="Flow")


def test_only_findings_carry_agreement_and_only_risks_carry_exposure():
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskFactory(agreement=Item.Agreement.UNANIMOUS)
    with pytest.raises(IntegrityError), transaction.atomic():
        FindingFactory(exposed="commissioners")
    with pytest.raises(IntegrityError), transaction.atomic():
        FindingFactory(audience="providers")


def test_item_text_cannot_be_empty():
    with pytest.raises(IntegrityError), transaction.atomic():
        FindingFactory(text="")


def test_proxies_fix_the_kind_and_filter_by_it():
    session = SessionFactory()
    finding = Finding.objects.create(session=session, text="A point.", kind="risk")
    risk = Risk.objects.create(session=session, text="A risk.", exposed="providers")
    recommendation = Recommendation.objects.create(
        session=session, text="Do it.", audience="commissioners", strength="strong"
    )
    assert finding.kind == Item.Kind.FINDING
    assert list(Finding.objects.all()) == [finding]
    assert list(Risk.objects.all()) == [risk]
    assert list(Recommendation.objects.all()) == [recommendation]
    recommendation.answers.add(risk)
    assert list(risk.answered_by.all()) == [Item.objects.get(pk=recommendation.pk)]


def test_items_keep_report_order_findings_then_risks_then_recommendations():
    session = SessionFactory()
    recommendation = Recommendation.objects.create(
        session=session, text="R", order=1, audience="commissioners", strength="strong"
    )
    risk = RiskFactory(session=session, order=1)
    second = FindingFactory(session=session, order=2)
    first = FindingFactory(session=session, order=1)
    assert list(session.items.all()) == [
        first,
        second,
        risk,
        Item.objects.get(pk=recommendation.pk),
    ]


def test_session_revision_goes_up_when_it_or_its_items_change():
    session = SessionFactory()
    start = Session.objects.get(pk=session.pk).revision
    session.subject = "New subject"
    session.save()
    assert session.revision == start + 1
    finding = FindingFactory(session=session)
    assert Session.objects.get(pk=session.pk).revision == start + 2
    finding.themes.add(ThemeFactory())
    relinked(finding)
    assert Session.objects.get(pk=session.pk).revision > start + 2


def test_publishing_stamps_published_at_once():
    session = SessionFactory(visibility="draft")
    assert session.published_at is None
    session.visibility = "public"
    session.save()
    stamped = session.published_at
    assert stamped is not None
    session.save()
    assert session.published_at == stamped


def test_dates_are_shown_at_their_precision():
    month = SessionFactory(date=datetime.date(2012, 4, 1), date_precision="month")
    day = SessionFactory(date=datetime.date(2012, 2, 24), date_precision="day")
    assert month.date_display == "April 2012"
    assert day.date_display == "24 February 2012"


def test_names_and_urls():
    session = SessionFactory(number=2, subject="Localism")
    finding = FindingFactory(session=session, text="Localism cannot be clearly defined.")
    theme = ThemeFactory(name="Localism", slug="localism")
    sector = SectorFactory(name="Public sector", slug="public")
    assert session.report_heading == "Round Table Action Learning Session 2: Localism"
    assert str(session).endswith("Session 2: Localism")
    assert str(finding) == "Learning point: Localism cannot be clearly defined."
    assert session.get_absolute_url() == f"/groups/{session.group.slug}/sessions/2/"
    assert finding.get_absolute_url() == f"/findings/{finding.pk}/"
    assert theme.get_absolute_url() == "/findings/themes/localism/"
    assert sector.get_absolute_url().endswith("sector=public")
    assert session.group.get_absolute_url() == f"/groups/{session.group.slug}/"
