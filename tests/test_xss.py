"""Known XSS payloads in every text a facilitator writes render harmless on every page and PDF."""

import re

import pytest
from django.urls import reverse

from findings.models import Item

from .factories import (
    FindingFactory,
    LearningGroupFactory,
    RecommendationFactory,
    RiskFactory,
    SessionFactory,
    ThemeFactory,
    TopicHeadingFactory,
)

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('xss-1')</script>",
    "<img src=x onerror=\"alert('xss-2')\">",
    "[click me](javascript:alert('xss-3'))",
    "<a href=\"javascript:alert('xss-4')\">link</a>",
    "<svg onload=alert('xss-5')>",
    '"><iframe src="https://evil.example/xss-6"></iframe>',
    "<details open ontoggle=alert('xss-7')>",
    "<style>body{background:url('javascript:alert(8)')}</style>",
    "<a href='data:text/html;base64,PHNjcmlwdD5hbGVydCg5KTwvc2NyaXB0Pg=='>x</a>",
]
ALL = "\n\n".join(PAYLOADS)

DANGEROUS = [
    re.compile(r"<script(?![^>]*\bnonce=)[^>]*>\s*alert", re.I),
    re.compile(r"<(img|svg|details|body|iframe)[^>]*\bon\w+\s*=", re.I),
    re.compile(r"""href\s*=\s*["']?\s*(javascript|data):""", re.I),
    re.compile(r"<iframe", re.I),
    re.compile(r"<style[^>]*>[^<]*javascript:", re.I),
]


@pytest.fixture
def hostile():
    group = LearningGroupFactory(
        slug="hostile",
        name="Hostile <script>alert('g')</script>",
        introduction=ALL,
        findings_sharing=ALL,
        focus=PAYLOADS[1],
    )
    session = SessionFactory(
        group=group,
        number=1,
        subject=PAYLOADS[0],
        heading_subject=PAYLOADS[1],
        location=PAYLOADS[4],
        focus=ALL,
        circumstances=ALL,
        learning_points_intro=ALL,
        risks_intro=ALL,
        conclusion=ALL,
        report_note=ALL,
        facilitator_notes=ALL,
    )
    theme = ThemeFactory(slug="hostile-theme", name=PAYLOADS[1], description=ALL)
    topic = TopicHeadingFactory(session=session, title=PAYLOADS[0], introduction=ALL)
    finding = FindingFactory(session=session, topic=topic, text=ALL, themes=[theme])
    risk = RiskFactory(session=session, text=ALL, themes=[theme])
    recommendation = RecommendationFactory(session=session, text=ALL, themes=[theme])
    recommendation.answers.add(risk)
    return {
        "group": group,
        "session": session,
        "theme": theme,
        "items": [finding, risk, recommendation],
    }


def page_urls(hostile):
    session = hostile["session"]
    urls = [
        reverse("home"),
        hostile["group"].get_absolute_url(),
        session.get_absolute_url(),
        hostile["theme"].get_absolute_url(),
        reverse("findings:item_list"),
        reverse("findings:item_list") + "?q=alert",
        *[item.get_absolute_url() for item in hostile["items"]],
    ]
    urls += [reverse(name) for name in ["findings:risk_list", "findings:recommendation_list"]]
    urls.append(reverse("findings:feed"))
    return urls


def body_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def assert_harmless(body: str, where: str):
    for pattern in DANGEROUS:
        match = pattern.search(body)
        assert match is None, (
            f"{where}: {match and body[max(0, match.start() - 80) : match.end() + 80]}"
        )


def test_payloads_render_harmless_on_every_page(client, hostile):
    for url in page_urls(hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        body = body_of(response)
        assert_harmless(body, url)
        # The words survive as text: nothing a facilitator wrote silently vanishes.
        if url == hostile["session"].get_absolute_url():
            assert "alert" in body


def test_the_csv_carries_the_text_as_an_attachment_never_as_a_page(client, hostile):
    """The CSV holds the words as written; it is downloaded, never rendered by the browser."""
    response = client.get(reverse("findings:item_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "<script>alert" in body_of(response)


def test_payloads_are_harmless_in_the_admin(client, facilitator, hostile):
    client.force_login(facilitator)
    session = hostile["session"]
    for url in [
        reverse("admin:ajc_sessions_session_changelist"),
        reverse("admin:findings_finding_changelist"),
        reverse("admin:ajc_sessions_session_change", args=[session.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_harmless(response.content.decode(), url)


def test_facilitator_notes_never_reach_a_page(client, facilitator, hostile):
    hostile["session"].facilitator_notes = "PRIVATE-NOTE-MARKER"
    hostile["session"].save()
    client.force_login(facilitator)
    for url in page_urls(hostile):
        assert "PRIVATE-NOTE-MARKER" not in body_of(client.get(url)), url


def test_payloads_are_harmless_in_the_pdf(client, hostile):
    url = reverse(
        "reports:session_pdf",
        kwargs={"group_slug": hostile["group"].slug, "number": hostile["session"].number},
    )
    response = client.get(url)
    assert response.status_code == 200
    pdf = response.content if not response.streaming else b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF")
    for marker in (b"/JavaScript", b"/JS ", b"/JS(", b"/Launch", b"/URI (javascript"):
        assert marker not in pdf
    assert Item.objects.count() == 3
