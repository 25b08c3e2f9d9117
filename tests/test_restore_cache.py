"""A restore under a running site (issue 25, finding 10): ``manage.py content_restored``
(run by ``scripts/restore.sh``) makes every cached copy from before the restore unusable."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from ajc import cache
from findings import tallies
from sessions.edits import RESTORE_STEP
from sessions.models import Session

from .factories import FindingFactory, SessionFactory
from .support import saved

pytestmark = pytest.mark.django_db


def restore(session, **dumped):
    """What pg_restore does to a row: puts the dump's values back, telling nobody."""
    Session.objects.filter(pk=session.pk).update(**dumped)


def test_what_the_restore_took_back_is_no_longer_served(client):
    session = SessionFactory(visibility="public")
    FindingFactory(session=session, text="A restoredaway learning point.")
    for path in ("/", reverse("findings:item_list"), session.get_absolute_url()):
        assert "restoredaway" in client.get(path).content.decode()  # cached now
    restore(session, visibility="draft")
    call_command("content_restored", stdout=io.StringIO())
    for path in ("/", reverse("findings:item_list")):
        assert "restoredaway" not in client.get(path).content.decode(), path
    assert client.get(session.get_absolute_url()).status_code == 404


def test_a_revision_the_restore_took_back_never_names_a_page_from_before(client):
    session = SessionFactory(visibility="public", subject="Dumped subject")
    dumped = Session.objects.get(pk=session.pk).revision
    saved(session, subject="Written after the dump")  # revision dumped + 1
    assert "Written after the dump" in client.get(session.get_absolute_url()).content.decode()
    restore(session, subject="Dumped subject", revision=dumped)
    call_command("content_restored", stdout=io.StringIO())
    saved(Session.objects.get(pk=session.pk), focus="An edit after the restore.")
    html = client.get(session.get_absolute_url()).content.decode()
    assert "Dumped subject" in html and "Written after the dump" not in html
    assert Session.objects.get(pk=session.pk).revision > dumped + RESTORE_STEP


def test_the_counts_that_came_with_the_dump_stay_counted():
    FindingFactory(session=SessionFactory(visibility="public"))
    tallies.catch_up()
    assert tallies.behind() == []
    call_command("content_restored", stdout=io.StringIO())
    assert tallies.behind() == []


def test_no_previous_version_of_a_page_is_served_after_it():
    before = cache.content_revision()
    call_command("content_restored", stdout=io.StringIO())
    from django.core.cache import cache as django_cache

    assert django_cache.get(cache.FLOOR_KEY) == cache.content_revision() > before
