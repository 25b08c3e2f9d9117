"""Reads from a read replica (ajc.replica): who may read from it, and what keeps stale or
hidden content from reaching anyone.

The replica is a database of its own here; ``replicate()`` copies the primary's rows into it,
as streaming replication would, and an edit made after that is one the replica "has not
replayed yet".
"""

import socket

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ajc import replica
from findings.models import Item

from .factories import FacilitatorFactory, FindingFactory, SessionFactory
from .support import saved

# Real transactions: inside a test's own wrapping transaction every read goes to the primary.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

REPLAYED = "Learning point as the replica holds it."
NOT_REPLAYED = "Learning point as the primary holds it now."


@pytest.fixture(autouse=True)
def _replica_on(settings):
    settings.AJC_READ_REPLICA = True
    settings.AJC_REPLICA_MAX_LAG = 30


def replicate(tmp_path):
    """The replica replays everything the primary holds now."""
    dump = tmp_path / "replay.json"
    call_command(
        "dumpdata",
        "auth.user",
        "ajc_sessions",
        "findings",
        "taggit",
        "--database=default",
        f"--output={dump}",
        verbosity=0,
    )
    call_command("loaddata", str(dump), database="replica", verbosity=0)


@pytest.fixture
def item(tmp_path):
    """A public finding the replica holds in its older words."""
    finding = FindingFactory(session=SessionFactory(), text=REPLAYED)
    replicate(tmp_path)
    # An edit the replica has not replayed (no signals: the content revision stays as it was).
    Item.objects.filter(pk=finding.pk).update(text=NOT_REPLAYED)
    return finding


def page(client, item):
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get(reverse("findings:item_detail", args=[item.pk]))
    return response, len(on_replica)


def test_a_signed_out_reader_reads_the_replica(client, item):
    response, replica_queries = page(client, item)
    assert response.status_code == 200
    assert REPLAYED in response.text
    assert replica_queries > 0


def test_facilitators_read_their_own_writes_from_the_primary(client, item):
    client.force_login(FacilitatorFactory())
    response, replica_queries = page(client, item)
    assert NOT_REPLAYED in response.text
    assert replica_queries == 0


def test_a_browser_that_has_just_written_reads_the_primary(client, item):
    posted = client.post(reverse("findings:item_detail", args=[item.pk]))
    assert posted.cookies[replica.WROTE_COOKIE]["max-age"] == 30
    response, replica_queries = page(client, item)
    assert NOT_REPLAYED in response.text
    assert replica_queries == 0


def test_nothing_reads_the_replica_while_it_may_still_show_an_unpublished_item(
    client, settings, tmp_path
):
    finding = FindingFactory(session=SessionFactory(), text=REPLAYED)
    replicate(tmp_path)
    saved(finding, visibility="draft")  # a narrowing edit the replica has not replayed
    response, replica_queries = page(client, finding)
    assert response.status_code == 404
    assert replica_queries == 0
    listing = client.get(reverse("findings:item_list"))
    assert REPLAYED not in listing.text
    # It is the window that keeps it hidden: past it, the replica would be read again (which
    # is why operators must keep the replica's lag under AJC_REPLICA_MAX_LAG).
    settings.AJC_REPLICA_MAX_LAG = 0
    _, replica_queries = page(client, finding)
    assert replica_queries > 0


def test_cached_lists_are_computed_on_the_primary(client, item):
    with CaptureQueriesContext(connections["replica"]):
        listing = client.get(reverse("findings:item_list"))
    assert NOT_REPLAYED in listing.text
    assert REPLAYED not in listing.text


def test_reads_in_a_transaction_go_to_the_primary():
    with replica.replica_reads():
        assert router.db_for_read(Item) == replica.REPLICA
        with transaction.atomic():
            assert router.db_for_read(Item) == "default"
        with replica.primary():
            assert router.db_for_read(Item) == "default"
    assert router.db_for_read(Item) == "default"


def test_without_a_replica_every_read_goes_to_the_primary(client, item, settings):
    settings.AJC_READ_REPLICA = False
    response, replica_queries = page(client, item)
    assert NOT_REPLAYED in response.text
    assert replica_queries == 0
    posted = client.post(reverse("findings:item_detail", args=[item.pk]))
    assert posted.cookies.get(replica.WROTE_COOKIE) is None


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="a replica at a closed port is a PostgreSQL server that is down",
)
def test_a_replica_that_is_down_sends_reads_to_the_primary(client, item, monkeypatch, caplog):
    replica_connection = connections["replica"]
    replica_connection.close()
    monkeypatch.setitem(replica_connection.settings_dict, "PORT", closed_port())
    monkeypatch.setattr(replica, "_unreachable_until", 0.0)
    response = client.get(reverse("findings:item_detail", args=[item.pk]))
    assert response.status_code == 200
    assert NOT_REPLAYED in response.text
    assert "The read replica cannot be reached" in caplog.text
    # Not tried again at once: the next request does not wait on it either.
    assert not replica.reachable()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
