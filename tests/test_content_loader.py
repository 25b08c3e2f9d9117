"""The group's real reports, loaded as content: complete, faithful, idempotent, non-attributed."""

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from findings.management.commands.load_reports import DEFAULT_FILE
from findings.models import Item, Theme, ThemedItem
from sessions.models import Attendance, Figure, LearningGroup, Session, TopicHeading

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
CONTENT = json.loads(Path(DEFAULT_FILE).read_text(encoding="utf-8"))

# Counted from the reports (and from the first content file): (session, kind) -> items.
EXPECTED_COUNTS = {
    (1, "finding"): 9,
    (1, "risk"): 9,
    (1, "recommendation"): 5,
    (2, "finding"): 7,
    (2, "risk"): 4,
    (2, "recommendation"): 7,
    (4, "finding"): 9,
    (4, "risk"): 6,
    (4, "recommendation"): 7,
    (5, "finding"): 5,
    (5, "risk"): 3,
    (5, "recommendation"): 1,
}


def counts_in_the_file():
    return Counter(
        (session["fields"]["number"], item["fields"]["kind"])
        for session in CONTENT["sessions"]
        for item in session["items"]
    )


def loaded_counts():
    return Counter(Item.objects.values_list("session__number", "kind"))


def snapshot():
    return {
        "groups": list(LearningGroup.objects.values()),
        "sessions": list(Session.objects.values()),
        "topics": list(TopicHeading.objects.values()),
        "figures": list(Figure.objects.values()),
        "items": list(Item.objects.values().order_by("pk")),
        "themes": list(Theme.objects.values().order_by("pk")),
        "tagged": list(ThemedItem.objects.values().order_by("pk")),
        "answers": list(Item.answers.through.objects.values().order_by("pk")),
        "sectors": list(Item.sectors.through.objects.values().order_by("pk")),
    }


def test_loads_the_pilot_group_and_its_five_sessions(pilot_content):
    group = LearningGroup.objects.get()
    assert group.name == "Pilot Learning Group"
    assert group.organisation == "Academy for Justice Commissioning"
    assert str(group.inaugural_meeting) == "2012-02-24"
    assert group.inaugural_location == "Birmingham"
    schedule = list(group.sessions.values_list("number", "location", "date", "status"))
    assert [(n, loc, d.strftime("%Y-%m"), s) for n, loc, d, s in schedule] == [
        (1, "Havant", "2012-04", "held"),
        (2, "Norwich", "2012-06", "held"),
        (3, "Wakefield", "2012-08", "planned"),
        (4, "Poole", "2012-10", "held"),
        (5, "Luton", "2012-12", "held"),
    ]


def test_counts_per_session_and_kind_match_the_reports(pilot_content):
    assert counts_in_the_file() == EXPECTED_COUNTS
    assert loaded_counts() == EXPECTED_COUNTS


def test_links_sectors_and_figure_are_loaded(pilot_content):
    assert Item.answers.through.objects.count() == 26
    assert Item.sectors.through.objects.count() == 3
    assert ThemedItem.objects.count() == 200
    for recommendation in Item.objects.filter(answers__isnull=False).distinct():
        assert recommendation.kind == "recommendation"
        assert set(recommendation.answers.values_list("kind", flat=True)) == {"risk"}
    figure = Figure.objects.get()
    assert (figure.session.number, figure.number) == (2, 1)
    shipped = Path(DEFAULT_FILE).parent / CONTENT["sessions"][1]["figures"][0]["image"]
    with figure.image.open("rb") as image:
        assert image.read() == shipped.read_bytes()


@pytest.mark.parametrize("number", [1, 2, 4, 5])
def test_each_reported_session_has_findings_risks_recommendations_and_a_conclusion(
    pilot_content, number
):
    session = Session.objects.get(number=number)
    kinds = set(session.items.values_list("kind", flat=True))
    assert kinds == {"finding", "risk", "recommendation"}
    assert len(session.conclusion) > 100
    assert len(session.focus) > 100


def test_session_three_is_planned_with_no_content(pilot_content):
    session = Session.objects.get(number=3)
    assert session.status == Session.Status.PLANNED
    assert not session.items.exists()
    assert session.conclusion == ""
    assert session.subject == "Procurement (Competitive Dialogue) - sharing of experiences"


def test_report_wording_is_kept(pilot_content):
    # The recommendation is drawn from the passage that words it: linked, not copied.
    recommendation = Item.objects.get(
        kind="recommendation",
        source__text__contains="strongly recommended that central government",
    )
    assert recommendation.session.number == 4
    assert recommendation.strength == "strong"
    assert recommendation.text == ""
    assert recommendation.answers.filter(statement__icontains="cherry").exists()
    session_four = Session.objects.get(number=4)
    assert "combined in a single report" in session_four.report_note
    assert list(session_four.topics.values_list("title", flat=True)) == [
        "Reduction in Funding and Funding Mechanisms",
        "Payment by Results",
    ]
    assert session_four.items.filter(topic__title="Payment by Results").exists()
    assert "shortened event" in Session.objects.get(number=5).circumstances
    risks = Item.objects.filter(session__number=2, kind="risk").order_by("order")
    assert risks.first().text.startswith("The need to clearly understand service user needs")


def test_agreement_levels_follow_the_text(pilot_content):
    unanimous = Item.objects.get(text__startswith="The group was unanimous in recognising")
    assert unanimous.agreement == "unanimous"
    clear = Item.objects.get(text__startswith="There was clear agreement within the group")
    assert clear.agreement == "broad"
    used = set(Item.objects.exclude(agreement="").values_list("agreement", flat=True))
    assert {"unanimous", "broad", "many", "some"} <= used


def test_every_item_has_a_theme_and_featured_themes_hold_items(pilot_content):
    assert not Item.objects.filter(themed_items__isnull=True).exists()
    featured = Theme.objects.filter(featured=True)
    assert set(featured.values_list("slug", flat=True)) == {
        "payment-by-results",
        "localism",
        "partnership-working",
        "media-and-influence",
    }
    for theme in featured:
        assert ThemedItem.objects.filter(tag=theme).count() >= 3, theme.slug


def test_loading_twice_changes_nothing(pilot_content):
    before = snapshot()
    call_command("load_reports", verbosity=0)
    assert snapshot() == before


def test_loading_keeps_a_facilitators_edits_unless_asked_to_replace(pilot_content):
    item = Item.objects.filter(session__number=1).first()
    item.text = "Edited by a facilitator."
    item.save()
    Item.objects.filter(session__number=2, kind="risk").first().delete()
    call_command("load_reports", verbosity=0)
    assert Item.objects.filter(text="Edited by a facilitator.").exists()
    assert Item.objects.filter(session__number=2, kind="risk").count() == 3
    call_command("load_reports", replace=True, verbosity=0)
    assert not Item.objects.filter(text="Edited by a facilitator.").exists()
    assert loaded_counts() == EXPECTED_COUNTS
    assert LearningGroup.objects.count() == 1 and Figure.objects.count() == 1


def test_no_participant_is_named(pilot_content):
    """Non-attributed: attendance is by sector only and the content holds no person's name."""
    assert {f.name for f in Attendance._meta.get_fields()} == {
        "id",
        "session",
        "sector",
        "headcount",
    }
    text = json.dumps(CONTENT, ensure_ascii=False)
    assert not re.search(r"\b(Mr|Mrs|Ms|Miss|Dr|Cllr)\.? [A-Z]", text)
    assert "@" not in text
    for marker in ("chaired by", "attendees:", "present:", "apologies"):
        assert marker not in text.lower(), marker


def test_the_project_does_not_read_shared_at_run_time():
    assert Path(DEFAULT_FILE).resolve().is_relative_to(ROOT / "content")
    for package in ("ajc", "sessions", "findings"):
        for path in (ROOT / package).rglob("*.py"):
            assert "shared/" not in path.read_text(encoding="utf-8"), path


def _plain(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def test_each_sentence_is_stored_once_no_item_text_inside_another(pilot_content):
    """A risk or recommendation drawn from a passage links to it and holds a short statement of
    its own: no item's text or statement is contained in another item's text or statement."""
    items = list(Item.objects.all())
    stored = [
        (item, field, _plain(getattr(item, field)))
        for item in items
        for field in ("text", "statement")
    ]
    stored = [entry for entry in stored if entry[2]]
    inside = [
        (a.pk, a_field, b.pk, b_field)
        for a, a_field, a_text in stored
        for b, b_field, b_text in stored
        if (a.pk, a_field) != (b.pk, b_field) and a_text in b_text
    ]
    assert inside == []


def test_drawn_items_link_to_their_passage_and_say_it_in_one_line(pilot_content):
    drawn = Item.objects.exclude(source=None) | Item.objects.exclude(source_section="")
    assert drawn.count() == 39
    for item in drawn:
        assert item.text == ""
        assert 0 < len(item.statement.split()) <= 14, item.statement
        if item.source_id:
            assert item.source.session_id == item.session_id
            assert item.source.text
    # Session 2's three numbered risks stand in the report's text: they hold it.
    standalone = Item.objects.filter(kind="risk", session__number=2, source=None, source_section="")
    assert standalone.count() == 3 and all(risk.text for risk in standalone)


def test_the_statements_are_in_british_spelling():
    american = re.compile(r"\b\w{3,}iz(?:e|es|ed|ing|ation)\b|\b(?:center|behavior|program)\b")
    for session in CONTENT["sessions"]:
        for item in session["items"]:
            assert not american.findall(item["fields"].get("statement", "").lower())


def test_a_loaded_items_search_context_and_history_are_as_one_save_at_a_time_leaves_them(
    pilot_content,
):
    """Loading works out each item's search context and its history's links once, at the
    end (``indexing.deferred``, ``history.deferred``): the same as item by item."""
    from findings import history, indexing
    from findings.models import Item

    assert Item.objects.count() > 50
    assert indexing.refresh_all() == 0  # nothing left to recompute
    for item in Item.objects.all():
        records = list(Item.history.filter(id=item.pk).order_by("history_id"))
        latest = records[-1]
        assert {
            field: getattr(latest, field) for field in history.current_links(item.pk)
        } == history.current_links(item.pk)
        # A record followed by another took the links the item had before the next one.
        for earlier in records[:-1]:
            assert earlier.theme_slugs == latest.theme_slugs or item.themes.count() == 0


@pytest.mark.parametrize("words", ["localism", "payment by results", "partnership"])
def test_a_copy_of_the_loaded_content_holds_what_the_load_gave(settings, tmp_path, words):
    """The pilot_content fixture copies what the first load left into later tests
    (``support.PilotSnapshot``): the copy must hold the same rows and files, find the same
    items by search, and the load must touch nothing outside the content tables."""
    from django.apps import apps

    from findings import search
    from findings.models import Item

    from .support import PilotSnapshot, content_models, holds_no_content

    others = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model not in content_models() and not model._meta.proxy and model._meta.managed
    ]
    before = {model: model._base_manager.count() for model in others}
    assert holds_no_content()
    call_command("load_reports", verbosity=0)
    assert {model: model._base_manager.count() for model in others} == before
    loaded = PilotSnapshot(settings.MEDIA_ROOT)
    found = sorted(search.matching(Item.objects.all(), words).values_list("pk", flat=True))
    assert found

    for model in reversed(content_models()):
        model._base_manager.all()._raw_delete(model._base_manager.db)
    assert holds_no_content()
    loaded.restore(tmp_path / "copy")
    copied = PilotSnapshot(tmp_path / "copy")
    for model, rows in loaded.rows.items():
        for before, after in zip(rows, copied.rows[model], strict=True):
            assert {k: v for k, v in after.items() if before[k] != v} == {}, model
    assert copied.files == loaded.files and loaded.files
    assert sorted(search.matching(Item.objects.all(), words).values_list("pk", flat=True)) == found
