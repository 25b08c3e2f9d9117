"""Session reports as PDF: opened with real PDF tools (pikepdf, pdftotext, pdfinfo)."""

import io
import re
import subprocess

import pikepdf
import pytest
from django.urls import reverse

from findings.models import Item
from reports import pdf as report_pdf_module
from sessions.models import LearningGroup, Session

from .factories import FindingFactory, SessionFactory
from .fidelity import pdf_body_text, pdf_text, poppler

pytestmark = pytest.mark.django_db

GROUP = "pilot-learning-group"


def normalise(text: str) -> str:
    """Compare words, not layout: case, punctuation, line breaks and hyphenation go."""
    return "".join(char for char in text.lower() if char.isalnum())


def body_words(content: bytes) -> str:
    """The PDF's words without running header and footer, so page breaks never split text."""
    return normalise(pdf_body_text(content))


def pdfinfo(content: bytes) -> dict[str, str]:
    result = subprocess.run(  # noqa: S603 - fixed command reading stdin
        [poppler("pdfinfo"), "-"], input=content, capture_output=True, check=True
    )
    info = {}
    for line in result.stdout.decode("utf-8").splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


def structure_elements(content: bytes):
    """Every element of the PDF's structure tree, as (tag, element) pairs."""
    found = []
    with pikepdf.open(io.BytesIO(content)) as document:
        stack = [document.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
                continue
            if not isinstance(node, pikepdf.Dictionary):
                continue
            if "/S" in node:
                alt = str(node.Alt) if "/Alt" in node else None
                found.append((str(node.S), alt))
            if "/K" in node:
                stack.append(node.K)
    return found


def markdown_words(text: str) -> str:
    # Items are Markdown: sub-points are "- " list items, which the PDF shows as bullets.
    return normalise(re.sub(r"^\s*-\s+", "", text, flags=re.MULTILINE))


def session_pdf(client, number, **query):
    return client.get(
        reverse("reports:session_pdf", kwargs={"group_slug": GROUP, "number": number}), query
    )


@pytest.fixture
def session_2_pdf(client, pilot_content):
    response = session_pdf(client, 2)
    assert response.status_code == 200
    return response.content


def test_session_pdf_is_an_a4_pdf_download(client, pilot_content):
    response = session_pdf(client, 2)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="pilot-learning-group-session-2.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    info = pdfinfo(response.content)
    assert "(A4)" in info["Page size"]
    assert int(info["Pages"]) >= 3


def test_every_learning_point_risk_and_recommendation_is_in_the_pdf(session_2_pdf):
    text = body_words(session_2_pdf)
    items = Item.objects.filter(session__group__slug=GROUP, session__number=2)
    assert {item.kind for item in items} == {"finding", "risk", "recommendation"}
    for item in items:
        assert markdown_words(item.text) in text, f"missing from the PDF: {item}"


def test_every_item_of_the_combined_report_is_in_the_pdf(client, pilot_content):
    url = reverse("reports:combined_pdf", kwargs={"group_slug": GROUP})
    response = client.get(url, {"session": ["4", "5"]})
    assert response.status_code == 200
    text = body_words(response.content)
    items = Item.objects.filter(session__group__slug=GROUP, session__number__in=[4, 5])
    assert items.count() > 20
    for item in items:
        assert markdown_words(item.text) in text, f"missing from the PDF: {item}"
    note = Session.objects.get(group__slug=GROUP, number=4).report_note
    assert "combined in a single report" in note
    assert normalise(note) in text
    for heading in [
        "Round Table Action Learning Session 4: Balancing Operational and Commercial",
        "Round Table Action Learning Session 5: Influences",
        "Reduction in Funding and Funding Mechanisms",
        "Payment by Results",
    ]:
        assert normalise(heading) in text


def test_report_structure_title_block_introduction_schedule_and_conclusion(session_2_pdf):
    flat = body_words(session_2_pdf)
    group = LearningGroup.objects.get(slug=GROUP)
    for words in [
        "Pilot Learning Group",
        "Round Table Action Learning",
        "Session 2: Localism",
        "Introduction",
        group.introduction,
        group.findings_sharing,
        "Round Table Action Learning Session 2: Localism",
        "Conclusion",
    ]:
        assert normalise(words) in flat, words
    # Not the group's words: the PDF leaves them to the page.
    assert normalise("Attendance not recorded") not in flat
    # The schedule: every session of the group with its location and date, in order.
    rows = [
        "1 Models of partnership working Havant April 2012",
        "2 Localism Norwich June 2012",
        "Wakefield August 2012",
        "4 Balancing operational and commercial interests in commissioning Poole October 2012",
        "Luton December 2012",
    ]
    positions = [flat.find(normalise(row)) for row in rows]
    assert all(position >= 0 for position in positions), positions
    assert positions == sorted(positions)


def test_every_page_is_numbered_page_x_of_y_under_a_running_header(session_2_pdf):
    pages = int(pdfinfo(session_2_pdf)["Pages"])
    text = pdf_text(session_2_pdf)
    per_page = text.split("\f")
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in per_page[number - 1]
    # The running header carries the report's title from the second page on.
    for page in per_page[1:pages]:
        assert "Pilot Learning Group · Round Table Action Learning · Session 2" in page


def test_title_and_language_metadata(session_2_pdf):
    info = pdfinfo(session_2_pdf)
    assert info["Title"] == "Pilot Learning Group: Round Table Action Learning Session 2: Localism"
    assert info["Tagged"] == "yes"
    with pikepdf.open(io.BytesIO(session_2_pdf)) as document:
        assert str(document.Root.Lang) == "en-GB"
        assert document.Root.ViewerPreferences.DisplayDocTitle
        with document.open_metadata() as xmp:
            assert xmp["dc:title"] == info["Title"]


def test_pdf_ua_markers(session_2_pdf):
    with pikepdf.open(io.BytesIO(session_2_pdf)) as document:
        assert "/StructTreeRoot" in document.Root
        assert bool(document.Root.MarkInfo.Marked) is True
        with document.open_metadata() as xmp:
            assert str(xmp["pdfuaid:part"]) == "1"


def test_headings_lists_and_table_are_tagged(session_2_pdf):
    tags = [tag for tag, _ in structure_elements(session_2_pdf)]
    assert tags.count("/H1") == 1
    assert "/H2" in tags and "/H3" in tags
    # A list item holds its body (LI > LBody): PDF/UA-1 allows Lbl and LBody there, nothing else.
    for tag in ["/L", "/LI", "/LBody", "/Table", "/TR", "/TH", "/TD", "/Caption"]:
        assert tag in tags, tag


def test_figure_is_embedded_with_its_alternative_text(session_2_pdf):
    session = Session.objects.get(group__slug=GROUP, number=2)
    figure = session.figures.get(number=1)
    figures = [alt for tag, alt in structure_elements(session_2_pdf) if tag == "/Figure"]
    assert figures == [figure.alt_text]
    assert normalise(figure.caption) in normalise(pdf_text(session_2_pdf))
    with pikepdf.open(io.BytesIO(session_2_pdf)) as document:
        images = [
            obj
            for obj in document.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        ]
    assert [(int(image.Width), int(image.Height)) for image in images] == [
        (figure.image.width, figure.image.height)
    ]


def test_fonts_are_embedded_carlito(session_2_pdf, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(session_2_pdf)
    result = subprocess.run(  # noqa: S603 - fixed command on our own temporary file
        [poppler("pdffonts"), str(path)], capture_output=True, check=True
    )
    fonts = result.stdout.decode()
    assert "Carlito" in fonts
    for line in fonts.splitlines()[2:]:
        assert " yes " in line, line  # every font embedded


# The admin ------------------------------------------------------------------------------------


def run_admin_action(client, sessions):
    return client.post(
        reverse("admin:ajc_sessions_session_changelist"),
        {"action": "download_pdf_report", "_selected_action": [s.pk for s in sessions]},
    )


def test_admin_action_downloads_one_combined_report(client, superuser, pilot_content):
    client.force_login(superuser)
    sessions = Session.objects.filter(group__slug=GROUP, number__in=[4, 5])
    response = run_admin_action(client, sessions)
    # The action sends the facilitator to the report's own URL, which checks what they may see.
    assert response.status_code == 302
    response = client.get(response.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "sessions-4-and-5.pdf" in response["Content-Disposition"]
    text = body_words(response.content)
    assert normalise("Round Table Action Learning Session 4:") in text
    assert normalise("Round Table Action Learning Session 5:") in text


def test_admin_action_refuses_sessions_of_two_groups(client, superuser):
    client.force_login(superuser)
    sessions = [SessionFactory(), SessionFactory()]
    assert sessions[0].group != sessions[1].group
    response = run_admin_action(client, sessions)
    assert response.status_code == 302
    followed = client.get(response["Location"])
    assert "sessions of one group only" in followed.content.decode()


def test_admin_change_page_and_list_link_to_the_session_pdf(client, superuser):
    client.force_login(superuser)
    session = SessionFactory()
    pdf_url = reverse(
        "reports:session_pdf", kwargs={"group_slug": session.group.slug, "number": session.number}
    )
    change = client.get(reverse("admin:ajc_sessions_session_change", args=[session.pk]))
    assert pdf_url in change.content.decode()
    listing = client.get(reverse("admin:ajc_sessions_session_changelist"))
    assert pdf_url in listing.content.decode()


def test_a_cached_download_reads_no_content(client, django_assert_max_num_queries):
    session = SessionFactory()
    FindingFactory(session=session)
    url = reverse(
        "reports:session_pdf", kwargs={"group_slug": session.group.slug, "number": session.number}
    )
    first = client.get(url)
    # The group and the reader's sessions name the cache key; items, topics and figures are
    # read only to render.
    with django_assert_max_num_queries(2):
        second = client.get(url)
    assert second.content == first.content


def test_the_renderer_fetches_nothing_outside_the_report(pilot_content):
    from django.contrib.auth.models import AnonymousUser

    from reports.report import build_report

    group = LearningGroup.objects.get(slug=GROUP)
    fetcher = report_pdf_module.ReportURLFetcher(build_report(AnonymousUser(), group, [1]))
    figure_of_another_session = reverse(
        "reports:figure", kwargs={"group_slug": GROUP, "number": 2, "figure_number": 1}
    )
    for url in [
        "https://example.org/tracker.png",
        "file:///etc/passwd",
        report_pdf_module.BASE_URL + figure_of_another_session.lstrip("/"),
        report_pdf_module.BASE_URL + "admin/",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
