"""Theme briefs as PDF (issue 14): prepared by the report machinery in the background, once per
version and audience, tagged PDF/UA-1, holding exactly what its reader may see."""

import datetime
import io
import types

import page
import pikepdf
import pytest
from django.urls import reverse

from ajc import cache
from followup.edits import follow_up_changed
from followup.models import FollowUp
from reports import tasks
from reports.theme_brief import select_brief

from .factories import (
    MEMBER_WORDS,
    PUBLIC_WORDS,
    FindingFactory,
    RecommendationFactory,
    RiskFactory,
    SessionFactory,
    ThemeFactory,
    words_in,
)
from .fidelity import normalise, pdf_body_text, pdf_text
from .support import saved

pytestmark = pytest.mark.django_db

PBR = "payment-by-results"


def pdf_url(slug=PBR):
    return reverse("reports:theme_brief_pdf", kwargs={"slug": slug})


def words(content: bytes) -> str:
    return normalise(pdf_text(content))


@pytest.fixture
def renders(monkeypatch):
    """The briefs rendered, in order (the real renderer still runs)."""
    calls = []
    real = tasks.render_brief_pdf

    def counting(brief):
        calls.append(brief.theme.slug)
        return real(brief)

    monkeypatch.setattr(tasks, "render_brief_pdf", counting)
    return calls


def test_the_brief_pdf_is_prepared_by_the_worker_and_holds_the_brief(client, world, renders):
    response = client.get(pdf_url())
    assert response.status_code == 200
    assert renders == [PBR]  # by the render task (run at once by the tests' immediate backend)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="ajc-theme-{PBR}.pdf"'
    text = words(response.content)
    for heading in [
        "Theme brief: Payment by results",
        "How much each group said",
        "Learning points by level of agreement",
        "Unanimous (1)",
        "Risks (1)",
        "Recommendations (1)",
    ]:
        assert normalise(heading) in text, heading
    for item in (world.f1, world.r1, world.rec1):
        assert normalise(item.text) in text, item
    assert normalise("Answered by recommendation 1 below") in text
    assert normalise("What happened next: Proposed; implementation: not yet rated") in text


@pytest.mark.parametrize("signed_in,expected", [(False, PUBLIC_WORDS), (True, MEMBER_WORDS)])
def test_the_pdf_holds_exactly_what_its_reader_may_see(client, member, world, signed_in, expected):
    if signed_in:
        client.force_login(member)
    shown = set()
    for slug in (PBR, "funding", "localism"):
        response = client.get(pdf_url(slug))
        if response.status_code == 404:
            continue
        assert response.status_code == 200
        shown |= words_in(pdf_text(response.content))
    assert shown == expected


def test_an_unknown_or_hidden_theme_is_a_404_with_a_message(client, world):
    for slug in ("no-such-theme", "localism"):  # localism: only members may see its items
        response = client.get(pdf_url(slug))
        assert response.status_code == 404
        html = response.content.decode()
        assert "There is nothing at this address" in html
        assert "Localism" not in html


def test_the_brief_page_links_its_pdf_as_a_download(client, world):
    html = client.get(reverse("findings:theme_brief", kwargs={"slug": PBR})).content.decode()
    assert f'<a href="{pdf_url()}" download>PDF (A4, accessible)</a>' in html


def test_the_pdf_is_pdf_ua_1(client, world, tmp_path):
    content = client.get(pdf_url()).content
    path = tmp_path / "brief.pdf"
    path.write_bytes(content)
    report = page.validate_pdf(str(path), profile="ua1")
    assert report.is_compliant, report.failures
    with pikepdf.open(io.BytesIO(content)) as document:
        assert str(document.Root.Lang) == "en-GB"
        assert bool(document.Root.MarkInfo.Marked) is True
        with document.open_metadata() as xmp:
            assert str(xmp["pdfuaid:part"]) == "1"
            assert xmp["dc:title"] == "Theme brief: Payment by results"


def test_the_pilot_groups_brief_holds_every_item_on_the_theme_and_is_pdf_ua_1(
    client, pilot_content, tmp_path
):
    from findings.models import Item

    response = client.get(pdf_url())
    assert response.status_code == 200
    # Without running header and footer, so page breaks never split an item's words.
    text = normalise(pdf_body_text(response.content))
    items = Item.objects.visible_to(None).with_theme(PBR).exclude(kind=Item.Kind.QUESTION)
    assert items.count() > 10
    for item in items:
        # Sub-points are Markdown list items: the PDF shows them as bullets.
        said = normalise((item.text or item.statement).replace("\n- ", "\n"))
        assert said in text, f"missing from the PDF: {item}"
    path = tmp_path / "pilot-brief.pdf"
    path.write_bytes(response.content)
    report = page.validate_pdf(str(path), profile="ua1")
    assert report.is_compliant, report.failures


# Once per version and audience ------------------------------------------------------------------


@pytest.fixture
def theme():
    """A theme with one public learning point, and an item elsewhere on another theme."""
    mine, other = ThemeFactory(slug="mine", name="Mine"), ThemeFactory(slug="other")
    FindingFactory(text="The first version of this learning point.", themes=[mine])
    FindingFactory(text="Nothing to do with it.", themes=[other])
    return mine


def test_a_brief_is_rendered_once_per_version_and_audience(client, member, theme, renders):
    first, second = client.get(pdf_url("mine")), client.get(pdf_url("mine"))
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert renders == ["mine"]
    client.force_login(member)  # another audience: its own copy
    assert client.get(pdf_url("mine")).status_code == 200
    assert renders == ["mine", "mine"]


def test_an_edit_to_an_item_on_the_theme_gives_a_new_version(client, theme, renders):
    from findings.models import Item

    client.get(pdf_url("mine"))
    item = Item.objects.with_theme(theme).get()
    saved(item, text="The second version of this learning point.")
    response = client.get(pdf_url("mine"))
    assert len(renders) == 2
    assert "secondversionofthislearningpoint" in words(response.content)


def test_an_item_taking_the_theme_gives_a_new_version(client, theme, renders):
    from findings.models import Item

    client.get(pdf_url("mine"))
    Item.objects.get(text="Nothing to do with it.").themes.add(theme)
    response = client.get(pdf_url("mine"))
    assert len(renders) == 2
    assert "nothingtodowithit" in words(response.content)


def test_an_edit_elsewhere_leaves_the_brief_valid(client, theme, renders):
    from findings.models import Item

    client.get(pdf_url("mine"))
    unrelated = Item.objects.get(text="Nothing to do with it.")  # another session, another theme
    unrelated.text = "Edited elsewhere."
    unrelated.save()
    ThemeFactory(slug="new-theme")
    assert client.get(pdf_url("mine")).status_code == 200
    assert renders == ["mine"]


def test_a_new_follow_up_response_gives_a_new_version(client, theme, renders):
    recommendation = RecommendationFactory(text="Commission with care.", themes=[theme])
    client.get(pdf_url("mine"))
    ledger = FollowUp.objects.get(recommendation=recommendation)
    ledger.status, ledger.responded_by = "accepted", "November directorate"
    ledger.responded_on, ledger.rating = datetime.date(2013, 2, 1), "moderate"
    ledger.save()
    response = client.get(pdf_url("mine"))
    assert len(renders) == 2
    assert normalise(
        "What happened next: Accepted, from November directorate, 1 February 2013; "
        "implementation: moderate"
    ) in words(response.content)


def test_a_risk_and_its_answer_on_other_themes_are_given_in_short(client, theme):
    risk = RiskFactory(text="Providers may fail.", themes=[theme])
    elsewhere = RecommendationFactory(
        session=SessionFactory(subject="Oscar subject"),
        text="Keep a provider of last resort.",
        themes=[ThemeFactory(slug="resilience")],
    )
    elsewhere.answers.add(risk)
    text = words(client.get(pdf_url("mine")).content)
    assert normalise("Also answered by recommendations on other themes") in text
    assert normalise("Keep a provider of last resort") in text
    assert "oscarsubject" in text


def test_unpublishing_the_themes_last_visible_item_is_seen_at_once(client, theme):
    from findings.models import Item

    assert client.get(pdf_url("mine")).status_code == 200
    item = Item.objects.with_theme(theme).get()
    saved(item, visibility="members")
    assert client.get(pdf_url("mine")).status_code == 404


def test_a_members_only_item_is_never_served_from_an_older_public_copy(client, theme):
    members_only = FindingFactory(
        text="Papa members only point.", visibility="members", themes=[theme]
    )
    public = client.get(pdf_url("mine"))
    assert "papamembersonlypoint" not in words(public.content)
    members_only.visibility = "public"
    members_only.save()
    assert "papamembersonlypoint" in words(client.get(pdf_url("mine")).content)
    members_only.visibility = "members"
    members_only.save()
    assert "papamembersonlypoint" not in words(client.get(pdf_url("mine")).content)


# Served as a report's PDF is ---------------------------------------------------------------------


def test_the_pdf_is_revalidated_before_each_use(client, theme):
    response = client.get(pdf_url("mine"))
    assert response["Cache-Control"] == "private, no-cache"
    again = client.get(pdf_url("mine"), headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_a_cached_download_reads_no_content(client, theme, django_assert_max_num_queries):
    first = client.get(pdf_url("mine"))
    # The theme, the ids and revisions of its items and their links, their groups and the
    # recommendations' follow-up name the version; no text is read.
    with django_assert_max_num_queries(5):
        second = client.get(pdf_url("mine"))
    assert second.content == first.content


def test_a_brief_being_prepared_elsewhere_is_not_rendered_again(client, theme, renders):
    selection = select_brief(None, "mine")
    rendering = f"{tasks.RENDERING}:{tasks.BRIEF_NAME}"  # another process renders it now
    assert cache.claim(rendering, selection.theme.pk, timeout=60)
    response = client.get(pdf_url("mine"))
    assert response.status_code == 202
    assert response["Refresh"] == "5"
    html = response.content.decode()
    assert "The PDF of the theme brief on mine is being prepared" in html
    assert reverse("findings:theme_brief", kwargs={"slug": "mine"}) in html
    assert renders == []


def test_a_failed_render_is_a_clear_page_and_not_retried_at_once(client, theme, monkeypatch):
    calls = []

    def broken(brief):
        calls.append(1)
        raise RuntimeError("pango exploded")

    monkeypatch.setattr(tasks, "render_brief_pdf", broken)
    for _ in range(2):
        response = client.get(pdf_url("mine"))
        assert response.status_code == 503
        assert "could not be prepared" in response.content.decode()
    assert len(calls) == 1


def test_saving_an_item_or_a_response_queues_the_briefs_of_its_themes(
    settings, renders, django_capture_on_commit_callbacks
):
    from django.test import Client

    settings.REPORT_PDF_QUEUE_ON_SAVE = True
    mine = ThemeFactory(slug="mine", name="Mine")
    with django_capture_on_commit_callbacks(execute=True):
        recommendation = RecommendationFactory(text="Ready before anyone asks.", themes=[mine])
    # Rendered on save (by the immediate backend here, the worker in production), per audience.
    assert renders.count("mine") >= 1
    count = len(renders)
    response = Client().get(pdf_url("mine"))
    assert response.status_code == 200 and len(renders) == count
    assert "readybeforeanyoneasks" in words(response.content)

    ledger = FollowUp.objects.get(recommendation=recommendation)
    ledger.status, ledger.responded_by = "accepted", "Quebec directorate"
    ledger.responded_on = datetime.date(2013, 4, 5)
    with django_capture_on_commit_callbacks(execute=True):
        ledger.save()
        follow_up_changed([ledger])
    assert len(renders) > count
    count = len(renders)
    response = Client().get(pdf_url("mine"))
    assert len(renders) == count
    assert "quebecdirectorate" in words(response.content)


def test_a_save_leaves_working_out_the_brief_to_the_worker(
    settings, renders, django_capture_on_commit_callbacks, monkeypatch
):
    """A brief's version reads every item on the theme (111,000 at a million items): the
    facilitator's save only queues the worker's task, and the worker works it out."""
    settings.REPORT_PDF_QUEUE_ON_SAVE = True
    mine = ThemeFactory(slug="mine", name="Mine")
    queued, prepare = [], tasks.prepare_theme_brief
    immediate = types.SimpleNamespace(supports_defer=False)  # as the tests' backend
    monkeypatch.setattr(
        tasks,
        "prepare_theme_brief",
        types.SimpleNamespace(enqueue=lambda *a: queued.append(a), get_backend=lambda: immediate),
    )
    with django_capture_on_commit_callbacks(execute=True):
        RecommendationFactory(text="Ready before anyone asks.", themes=[mine])
    assert queued and set(queued) == {(mine.pk,)} and renders == []
    # Until the worker starts on it, more edits to the theme queue nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        RecommendationFactory(text="Another on the theme.", themes=[mine])
    assert len(queued) == 1
    prepare.call(mine.pk)
    assert renders.count("mine") == 2  # the public's and members' briefs


def test_a_brief_too_long_to_render_on_every_edit_waits_to_be_asked_for(settings, renders):
    settings.REPORT_PDF_QUEUE_ON_SAVE = True
    mine = ThemeFactory(slug="mine", name="Mine")
    for text in ("One on the theme.", "Two on the theme.", "Three on the theme."):
        RecommendationFactory(text=text, themes=[mine])
    tasks.BRIEF_PREPARED_UP_TO, limit = 2, tasks.BRIEF_PREPARED_UP_TO
    try:
        tasks.prepare_theme_brief.call(mine.pk)
    finally:
        tasks.BRIEF_PREPARED_UP_TO = limit
    assert renders == []
    tasks.prepare_theme_brief.call(mine.pk)
    assert renders.count("mine") == 2
