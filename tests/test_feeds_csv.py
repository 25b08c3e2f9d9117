"""The Atom feed of newly published items and the CSV download of a filtered result."""

import csv
import io
import xml.etree.ElementTree as ET  # noqa: S405 - parses this site's own feed

import pytest
from django.urls import reverse

from findings import export

from .factories import FACILITATOR_WORDS, MEMBER_WORDS, PUBLIC_WORDS, FindingFactory, words_in
from .support import saved

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def login(client, role, member, facilitator):
    user = {"anonymous": None, "member": member, "facilitator": facilitator}[role]
    if user:
        client.force_login(user)
    return {"anonymous": PUBLIC_WORDS, "member": MEMBER_WORDS}.get(role, FACILITATOR_WORDS)


def download(client, query=""):
    response = client.get(reverse("findings:item_csv") + query)
    body = b"".join(response.streaming_content).decode("utf-8") if response.streaming else ""
    return response, body


def rows(body):
    return list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))


# The feed


def test_feed_is_atom_with_public_items_for_an_anonymous_reader(client, world):
    response = client.get(reverse("findings:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 3
    assert words_in(response.content.decode()) == PUBLIC_WORDS
    links = {entry.find(f"{ATOM}link").get("href") for entry in entries}
    assert f"http://testserver{world.f1.get_absolute_url()}" in links


@pytest.mark.parametrize("role", ["anonymous", "member", "facilitator"])
def test_feed_obeys_visibility(client, member, facilitator, world, role):
    words = login(client, role, member, facilitator)
    # The feed lists what has been published: a draft session's items have not been, yet.
    words = words - {"hoteldraftsession"}
    assert words_in(client.get(reverse("findings:feed")).content.decode()) == words


def test_feed_puts_the_newest_first_and_updates_on_publication(client, world):
    FindingFactory(session=world.s1, text="A brand new mikeword point.")
    root = ET.fromstring(client.get(reverse("findings:feed")).content)  # noqa: S314
    first = root.find(f"{ATOM}entry")
    assert "mikeword" in ET.tostring(first, encoding="unicode")


def test_feed_is_linked_from_every_page(client, world):
    html = client.get(reverse("home")).content.decode()
    assert 'type="application/atom+xml"' in html and reverse("findings:feed") in html


def test_members_feed_is_not_served_to_the_public(client, member, world):
    client.force_login(member)
    assert "bravomembers" in client.get(reverse("findings:feed")).content.decode()
    client.logout()
    assert "bravomembers" not in client.get(reverse("findings:feed")).content.decode()


# The CSV download


def test_csv_holds_the_filtered_result(client, world):
    response, body = download(client, "?theme=payment-by-results&kind=risk")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    table = rows(body)
    assert [row["kind"] for row in table] == ["Risk"]
    assert "deltarisk" in table[0]["text"]
    assert table[0]["who is exposed"] == "Offenders and other service users"
    assert table[0]["address"] == f"http://testserver{world.r1.get_absolute_url()}"


def test_csv_carries_themes_sectors_and_agreement(client, world):
    _, body = download(client, "?kind=finding")
    (row,) = rows(body)
    assert row["themes"] == "Payment by results; Funding"  # featured first
    assert row["sectors that voiced it"] == "Voluntary and community sector"
    assert row["how far the group agreed"] == "Unanimous"
    assert row["session"] == "1" and row["learning group"] == "Pilot Learning Group"


@pytest.mark.parametrize("role", ["anonymous", "member", "facilitator"])
def test_csv_obeys_visibility(client, member, facilitator, world, role):
    words = login(client, role, member, facilitator)
    _, body = download(client)
    assert words_in(body) == words
    assert len(rows(body)) == len(words)


def test_csv_search_matches_the_browser(client, world):
    _, body = download(client, "?q=cherry")
    assert words_in(body) == {"deltarisk"}


@pytest.mark.parametrize("query", ["?kind=bogus", "?theme=nope", "?q=" + "x" * 300])
def test_csv_bad_filters_are_400(client, world, query):
    response = client.get(reverse("findings:item_csv") + query)
    assert response.status_code == 400
    assert "The download could not be made" in response.content.decode()


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_cannot_be_formulas(start):
    assert export.safe_cell(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"


def test_csv_plain_cells_are_untouched():
    assert export.safe_cell("Payment = results") == "Payment = results"
    assert export.safe_cell(None) == ""
    assert export.safe_cell(3) == "3"


def test_csv_download_neutralises_a_formula_in_the_text(client, world):
    FindingFactory(session=world.s1, text='=HYPERLINK("http://evil.example","novemberword")')
    _, body = download(client, "?q=novemberword")
    assert rows(body)[0]["text"].startswith("'=HYPERLINK")


def test_feed_entries_are_dated_by_publication(client, db):
    import datetime

    from django.utils import timezone

    from sessions.models import Session

    from .factories import SessionFactory

    session = SessionFactory(visibility="draft")
    item = FindingFactory(session=session, text="Held back a while.")
    assert item.published_at is None
    later = timezone.now() + datetime.timedelta(days=3)
    Session.objects.filter(pk=session.pk).update(published_at=later)
    session.refresh_from_db()
    saved(session, visibility="public")
    item.refresh_from_db()
    assert item.published_at == later
    root = ET.fromstring(client.get(reverse("findings:feed")).content)  # noqa: S314
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}published").text.startswith(later.date().isoformat())
