"""Renders coalesce, and readers keep the previous PDF after an ordinary edit (issue 28
point 2): one render per report at a time, ten quick edits queue one render task (not one per
edit, nor one per audience), a version superseded before it starts is never rendered, a
theme's brief is prepared a few seconds after the edit, and a reader asking for an edited
session's PDF gets the PDF as it was unless something it printed has since been hidden.

The queue is the real database queue; its tasks are run here, in the test's process, as the
worker would run them (``run_queued``), so that what is queued between edits can be seen."""

import pytest
from django.conf import settings as site_settings
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from ajc.visibility import Reader
from reports import tasks
from reports.theme_brief import select_brief
from reports.views import PREVIOUS_VERSION_HEADER

from .factories import FindingFactory, SessionFactory
from .fidelity import normalise, pdf_text
from .support import saved

pytestmark = pytest.mark.django_db
DATABASE_BACKEND = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": list(site_settings.TASK_QUEUES),
    }
}


@pytest.fixture
def renders(monkeypatch):
    """The report PDFs rendered, each as the numbers and text of what it printed."""
    calls = []
    real = tasks.render_pdf

    def counting(report):
        calls.append([item.text for section in report.sessions for item in section.register])
        return real(report)

    monkeypatch.setattr(tasks, "render_pdf", counting)
    return calls


@pytest.fixture
def queued(settings):
    settings.TASKS = DATABASE_BACKEND
    return DBTaskResult.objects.filter(status="READY")


def run_queued(task=None):
    """Run the queued tasks (of one task function, if given) as the worker would."""
    rows = DBTaskResult.objects.ready().order_by("enqueued_at")
    if task is not None:
        rows = rows.filter(task_path=task.module_path)
    for row in rows:
        row.claim("test")
        result = row.task_result
        row.task.call(*result.args, **result.kwargs)
        row.set_successful(None)


def pdf_url(session):
    return reverse(
        "reports:session_pdf", kwargs={"group_slug": session.group.slug, "number": session.number}
    )


def page_url(session):
    return reverse(
        "reports:session_detail",
        kwargs={"group_slug": session.group.slug, "number": session.number},
    )


def chooser(client, session):
    url = reverse("reports:report_chooser", kwargs={"group_slug": session.group.slug})
    return client.get(url).content.decode()


def test_ten_quick_edits_queue_one_render_task_for_both_audiences(
    settings, queued, renders, django_capture_on_commit_callbacks
):
    settings.REPORT_PDF_QUEUE_ON_SAVE = True
    session = SessionFactory()
    risk = FindingFactory(session=session, kind="risk", text="Edit 0.")
    lengths, lanes = [], set()
    for number in range(1, 11):
        with django_capture_on_commit_callbacks(execute=True):
            saved(risk, text=f"Edit {number}.")  # as the admin saves it
        lanes.update(queued.values_list("task_path", "queue_name"))
        # The refresh lane keeps up with the cheap preparations; the renders wait behind them.
        run_queued(tasks.prepare_session_report)
        lengths.append(queued.count())
    # One task waiting for the report, for the public and members, however many edits.
    assert lengths == [1] * 10, lengths
    assert queued.get().task_path == tasks.render_report.module_path
    # The reports lane holds renders only: what to render is decided on the refresh lane.
    assert lanes == {
        (tasks.prepare_session_report.module_path, "refresh"),
        (tasks.render_report.module_path, "reports"),
    }
    assert renders == []
    run_queued()
    assert renders == [["Edit 10."], ["Edit 10."]]  # the public's and members'; no older one
    assert not queued.exists()
    response = Client().get(pdf_url(session))
    assert response.status_code == 200 and PREVIOUS_VERSION_HEADER not in response
    assert "edit10" in normalise(pdf_text(response.content))


def test_a_render_started_while_another_renders_the_same_report_waits_for_it(queued, renders):
    from ajc import cache
    from reports.report import select_report

    session = SessionFactory()
    selection = select_report(None, session.group, [session.number])
    rendering = f"{tasks.RENDERING}:{tasks.NAME}"  # one render per report, any audience
    assert cache.claim(rendering, session.group.pk, session.number, timeout=60)
    assert tasks.queue(selection)
    run_queued()  # another worker renders it now: this one comes back in a few seconds
    assert renders == []
    again = queued.get()
    assert again.run_after is not None and again.task_path == tasks.render_report.module_path
    assert not tasks.queue(selection)  # and it is still the one waiting: nothing more queued


def test_after_an_ordinary_edit_the_reader_gets_the_previous_pdf(client, queued, renders):
    session = SessionFactory()
    kept = FindingFactory(session=session, kind="risk", text="Kept risk.")
    edited = FindingFactory(session=session, kind="risk", text="First wording.")
    assert client.get(pdf_url(session)).status_code == 202  # never rendered: being prepared
    run_queued()
    first = client.get(pdf_url(session))
    assert first.status_code == 200 and PREVIOUS_VERSION_HEADER not in first
    assert b"newer version" not in client.get(page_url(session)).content
    assert "newer version" not in chooser(client, session)

    saved(edited, text="Second wording.")
    previous = client.get(pdf_url(session))
    assert previous.status_code == 200
    assert previous.content == first.content  # the PDF as it was, while the new one is made
    assert previous[PREVIOUS_VERSION_HEADER] == "previous; a newer version is being prepared"
    assert previous["Cache-Control"] == "private, no-cache"
    assert queued.count() == 1  # and the new one is on its way
    page = client.get(page_url(session)).content.decode()
    assert "A newer version of this PDF is being prepared" in page
    assert "a newer version of its PDF is being prepared" in chooser(client, session)

    # Something elsewhere hidden (another session's risk): nothing this PDF printed.
    elsewhere = FindingFactory(kind="risk", text="Elsewhere.")
    saved(elsewhere, visibility="draft")
    assert client.get(pdf_url(session)).status_code == 200

    # Something it printed hidden: never the previous PDF again.
    saved(kept, visibility="draft")
    hidden = client.get(pdf_url(session))
    assert hidden.status_code == 202
    assert "being prepared" in hidden.content.decode()

    run_queued()
    fresh = client.get(pdf_url(session))
    assert fresh.status_code == 200 and PREVIOUS_VERSION_HEADER not in fresh
    words = normalise(pdf_text(fresh.content))
    assert "secondwording" in words and "keptrisk" not in words
    assert b"newer version" not in client.get(page_url(session)).content


def test_after_a_session_in_its_schedule_is_unpublished_the_previous_pdf_is_not_given(
    client, queued, renders
):
    session = SessionFactory(number=1)
    neighbour = SessionFactory(group=session.group, number=2, subject="Neighbouring subject")
    client.get(pdf_url(session))
    run_queued()
    assert client.get(pdf_url(session)).status_code == 200
    # Its subject is printed in session 1's schedule table.
    saved(neighbour, visibility="draft")
    assert client.get(pdf_url(session)).status_code == 202


def test_readers_asking_while_their_version_renders_queue_nothing(queued, monkeypatch):
    from reports.report import select_report

    session = SessionFactory()
    asked = []
    real = tasks.render_pdf

    def render_while_readers_ask(report):
        # Mid-render, a reader asks for the very version being rendered.
        asked.append(tasks.queue(select_report(None, session.group, [session.number])))
        return real(report)

    monkeypatch.setattr(tasks, "render_pdf", render_while_readers_ask)
    assert tasks.queue(select_report(None, session.group, [session.number]))
    run_queued()
    assert asked == [False]
    assert not queued.exists()
    # Once stored, the version's claim is let go: an edit queues the next render at once.
    FindingFactory(session=session, text="An edit after the render.")
    assert tasks.queue(select_report(None, session.group, [session.number]))


def test_one_task_renders_every_audience_asked_for_as_it_is_when_it_starts(queued, renders):
    from reports.report import select_report

    session = SessionFactory()
    risk = FindingFactory(session=session, kind="risk", text="Before.")
    FindingFactory(session=session, kind="risk", text="For members.", visibility="members")

    def selection(audience):
        return select_report(Reader(audience), session.group, [session.number])

    assert tasks.queue(selection("public"))
    # Members' copy asked for while the report's task waits: the same task renders it.
    assert tasks.queue(selection("member"))
    assert queued.count() == 1
    # An edit before the task starts: the version asked for is never rendered, the current is.
    saved(risk, text="After.")
    waiting = queued.get()
    assert tasks.render_report.call(*waiting.task_result.args) == 2  # copies rendered
    waiting.delete()
    assert renders == [["After."], ["After.", "For members."]]
    for audience in ("public", "member"):
        assert tasks.ready_pdf(selection(audience)) is not None
    # Nothing asked for (a task queued by an earlier edit, say): nothing rendered.
    assert tasks.render_report.call(session.group.pk, [session.number]) == 0
    assert len(renders) == 2


def test_a_copy_asked_for_while_the_task_renders_another_is_rendered_by_the_next_task(
    queued, monkeypatch
):
    from reports.report import select_report

    session = SessionFactory()
    asked = []
    real = tasks.render_pdf

    def ask_for_members_meanwhile(report):
        if not asked:  # mid-render of the public's copy, a member asks for theirs
            member = select_report(Reader("member"), session.group, [session.number])
            asked.append(tasks.queue(member))
        return real(report)

    monkeypatch.setattr(tasks, "render_pdf", ask_for_members_meanwhile)
    assert tasks.queue(select_report(None, session.group, [session.number]))
    run_queued()  # the public's copy; the members' was asked for after the task started ...
    assert asked == [True]
    assert queued.count() == 1  # ... so another task waits for it, and renders it
    run_queued()
    member = select_report(Reader("member"), session.group, [session.number])
    assert tasks.ready_pdf(member) is not None and not queued.exists()


def test_a_themes_brief_is_prepared_a_little_after_the_edit_once_for_a_burst(
    settings, queued, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from .factories import RecommendationFactory, ThemeFactory

    settings.REPORT_PDF_QUEUE_ON_SAVE = True
    mine = ThemeFactory(slug="mine", name="Mine")
    before = timezone.now()
    for text in ("One on the theme.", "Two on the theme.", "Three on the theme."):
        with django_capture_on_commit_callbacks(execute=True):
            RecommendationFactory(text=text, themes=[mine])
    prepare = queued.filter(task_path=tasks.prepare_theme_brief.module_path)
    assert prepare.count() == 1  # one for the burst, on the refresh lane
    assert prepare.get().queue_name == "refresh"
    delay = (prepare.get().run_after - before).total_seconds()
    assert tasks.BRIEF_DELAY_SECONDS - 1 < delay <= tasks.BRIEF_DELAY_SECONDS + 1
    # Run once it is due: one render task renders the public's and members' briefs.
    DBTaskResult.objects.filter(status="READY").update(run_after=before)
    run_queued(tasks.prepare_theme_brief)
    briefs = queued.filter(task_path=tasks.render_theme_brief.module_path)
    assert list(briefs.values_list("queue_name", flat=True)) == ["reports"]
    run_queued(tasks.render_theme_brief)
    for audience in ("public", "member"):
        assert tasks.ready_pdf(select_brief(Reader(audience), "mine")) is not None


def test_a_members_copy_the_same_as_the_publics_is_rendered_once(queued, monkeypatch):
    from reports import pdf
    from reports.report import select_report

    documents = []
    real = pdf.html_to_pdf

    def counting(html, report):
        documents.append(html)
        return real(html, report)

    monkeypatch.setattr(pdf, "html_to_pdf", counting)
    session = SessionFactory()
    FindingFactory(session=session, kind="risk", text="For everyone.")

    def both():
        selections = [
            select_report(Reader(audience), session.group, [session.number])
            for audience in ("public", "member")
        ]
        for selection in selections:
            tasks.queue(selection)
        run_queued()
        return [tasks.ready_pdf(selection) for selection in selections]

    public, member = both()
    assert len(documents) == 1 and public is not None and member == public
    # Something members-only in it: two documents, two renders.
    FindingFactory(session=session, kind="risk", text="For members.", visibility="members")
    public, member = both()
    assert len(documents) == 3 and member != public
    assert "formembers" in normalise(pdf_text(member))
    assert "formembers" not in normalise(pdf_text(public))


def test_a_task_waiting_longer_than_a_renders_claim_is_not_queued_again(queued, monkeypatch):
    """Behind a long queue (renders at nice 19 on a busy host wait minutes), the report's
    claims outlast a render's: a save then asks the task already waiting, not a second one."""
    import time

    from reports.report import select_report

    session = SessionFactory()
    risk = FindingFactory(session=session, kind="risk", text="First.")
    assert tasks.queue(select_report(None, session.group, [session.number]))
    real = time.time
    # Later than a render's claim lasts, the task still waiting.
    monkeypatch.setattr(time, "time", lambda: real() + tasks.CLAIM_SECONDS + 60)
    saved(risk, text="Later.")
    assert not tasks.queue(select_report(None, session.group, [session.number]))
    assert queued.count() == 1


def test_a_render_longer_than_five_minutes_is_never_joined_by_another_of_its_report(
    queued, monkeypatch
):
    """On a slow host a render at nice 19 can take minutes: until its task's lease ends (then
    the sweep runs the task again), a second task for the same report does not render it
    beside the first but comes back later."""
    import time

    from reports.report import select_report

    session = SessionFactory()
    FindingFactory(session=session, text="First.")
    real_time, real_render, rendered = time.time, tasks.render_pdf, []

    def slow(report):
        rendered.append(report)
        if len(rendered) == 1:  # six minutes into the first render, a save queues the next
            monkeypatch.setattr(time, "time", lambda: real_time() + 360)
            FindingFactory(session=session, text="Saved meanwhile.")
            assert tasks.queue(select_report(None, session.group, [session.number]))
            run_queued()  # which the other report worker takes at once
        return real_render(report)

    monkeypatch.setattr(tasks, "render_pdf", slow)
    assert tasks.queue(select_report(None, session.group, [session.number]))
    run_queued()
    assert len(rendered) == 1  # nothing rendered beside the first ...
    again = queued.get()  # ... and the second task comes back in a few seconds
    assert again.run_after is not None and again.task_path == tasks.render_report.module_path


def test_a_render_that_could_not_be_queued_leaves_nothing_waiting(queued, monkeypatch):
    import types

    from reports.report import select_report

    session = SessionFactory()

    def refused(*args):
        raise ConnectionError("the queue's database went away")

    real = tasks._render_task
    monkeypatch.setattr(
        tasks, "_render_task", lambda s: (types.SimpleNamespace(enqueue=refused), [])
    )
    with pytest.raises(ConnectionError):
        tasks.queue(select_report(None, session.group, [session.number]))
    monkeypatch.setattr(tasks, "_render_task", real)
    # Its claims let go: the next reader queues it (the version's own claim lapses as before).
    FindingFactory(session=session, text="A new version.")
    assert tasks.queue(select_report(None, session.group, [session.number]))
    assert queued.count() == 1


def test_a_pdf_not_kept_because_an_edit_was_committing_leaves_the_previous_one_given(
    client, queued, monkeypatch
):
    """A value computed while an edit is committing is not kept (``ajc.cache``): the report's
    note of its latest PDF must then still name the one before, which readers are given."""
    from django.core.cache import cache as django_cache

    from ajc.cache import content_revision
    from ajc.cache.revision import PENDING_KEY

    session = SessionFactory()
    risk = FindingFactory(session=session, kind="risk", text="First wording.")
    client.get(pdf_url(session))
    run_queued()
    first = client.get(pdf_url(session))
    assert first.status_code == 200
    saved(risk, text="Second wording.")
    real = tasks.render_pdf

    def while_an_edit_commits(report):
        django_cache.set(PENDING_KEY.format(content_revision()), True, 60)
        return real(report)

    monkeypatch.setattr(tasks, "render_pdf", while_an_edit_commits)
    client.get(pdf_url(session))
    run_queued()
    again = client.get(pdf_url(session))
    assert again.status_code == 200 and again.content == first.content
    assert again[PREVIOUS_VERSION_HEADER]
