"""Small things members met on every page (issue 14): one behaviour for PDF links, no planned
session offered for a report, a favicon, htmx only where it is used."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
GROUP = "pilot-learning-group"


@pytest.fixture
def pdf_bytes(monkeypatch):
    from reports import tasks

    monkeypatch.setattr(tasks, "render_pdf", lambda report: b"%PDF-1.7 test")


def test_every_pdf_link_downloads(client, pilot_content, pdf_bytes):
    single = client.get(reverse("reports:session_pdf", kwargs={"group_slug": GROUP, "number": 2}))
    combined = client.get(
        reverse("reports:combined_pdf", kwargs={"group_slug": GROUP}), {"session": [4, 5]}
    )
    for response in (single, combined):
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment; ")


def test_a_planned_session_is_not_offered_for_a_report(client, pilot_content):
    html = client.get(reverse("reports:report_chooser", kwargs={"group_slug": GROUP}))
    html = html.content.decode()
    assert 'value="3"' not in html and 'value="4"' in html
    home = client.get(reverse("home")).content.decode()
    assert f'id="report-{GROUP}-4"' in home and f'id="report-{GROUP}-3"' not in home


def test_the_home_page_makes_a_report_of_sessions_4_and_5_in_three_clicks(client, pilot_content):
    home = client.get(reverse("home")).content.decode()
    action = reverse("reports:combined_pdf", kwargs={"group_slug": GROUP})
    assert f'action="{action}"' in home
    assert home.count('name="session"') == 4  # sessions 1, 2, 4 and 5


def test_the_favicon_is_linked_and_served(client, db):
    html = client.get(reverse("home")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html


def test_each_item_page_has_its_own_title(client, pilot_content):
    from findings.models import Item

    titles = set()
    items = Item.objects.all()
    for item in items:
        html = client.get(item.get_absolute_url()).content.decode()
        titles.add(html.split("<title>", 1)[1].split("</title>", 1)[0])
    assert len(titles) == items.count()
