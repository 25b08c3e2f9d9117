"""Who may read which report, and clear answers to bad report addresses."""

import pytest
from django.urls import reverse

from ajc.visibility import Visibility
from sessions.models import Session

from .factories import FindingFactory, SessionFactory
from .fidelity import normalise, pdf_text

pytestmark = pytest.mark.django_db

GROUP = "pilot-learning-group"


# Visibility ----------------------------------------------------------------------------------


def test_draft_session_pdf_is_404_for_members_and_public(client, member, facilitator):
    draft = SessionFactory(visibility=Visibility.DRAFT)
    FindingFactory(session=draft, text="A draft learning point only facilitators see.")
    url = reverse(
        "reports:session_pdf", kwargs={"group_slug": draft.group.slug, "number": draft.number}
    )
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 404
    client.force_login(facilitator)
    response = client.get(url)
    assert response.status_code == 200
    assert "draftlearningpointonlyfacilitatorssee" in normalise(pdf_text(response.content))


def test_members_only_item_is_left_out_for_the_public(client, member):
    session = SessionFactory()
    FindingFactory(session=session, text="Everyone may read this learning point.")
    FindingFactory(
        session=session, text="Only members read this learning point.", visibility="members"
    )
    url = reverse(
        "reports:session_pdf", kwargs={"group_slug": session.group.slug, "number": session.number}
    )
    public_text = normalise(pdf_text(client.get(url).content))
    assert "everyonemayreadthislearningpoint" in public_text
    assert "onlymembersreadthislearningpoint" not in public_text
    client.force_login(member)
    member_response = client.get(url)
    assert member_response["Cache-Control"].startswith("private")
    member_text = normalise(pdf_text(member_response.content))
    assert "onlymembersreadthislearningpoint" in member_text


def test_members_only_session_is_404_for_the_public_but_not_for_members(client, member):
    session = SessionFactory(visibility=Visibility.MEMBERS)
    url = reverse(
        "reports:session_pdf", kwargs={"group_slug": session.group.slug, "number": session.number}
    )
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 200


def test_figure_image_obeys_the_session_visibility(client, pilot_content, member):
    url = reverse("reports:figure", kwargs={"group_slug": GROUP, "number": 2, "figure_number": 1})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    Session.objects.filter(group__slug=GROUP, number=2).update(visibility=Visibility.DRAFT)
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 404
    missing = reverse(
        "reports:figure", kwargs={"group_slug": GROUP, "number": 1, "figure_number": 9}
    )
    assert client.get(missing).status_code == 404


# Bad requests ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs,status",
    [
        ({"group_slug": "no-such-group", "number": 1}, 404),
        ({"group_slug": GROUP, "number": 99}, 404),
    ],
)
def test_unknown_group_or_session_is_404(client, pilot_content, kwargs, status):
    assert client.get(reverse("reports:session_pdf", kwargs=kwargs)).status_code == status


@pytest.mark.parametrize(
    "query,status,message",
    [
        ({}, 400, "Choose at least one session"),
        ({"session": ""}, 400, "whole numbers"),
        ({"session": "four"}, 400, "whole numbers"),
        ({"session": ["4", "1e9"]}, 400, "whole numbers"),
        ({"session": ["4", "99"]}, 404, ""),
    ],
)
def test_bad_combined_report_requests(client, pilot_content, query, status, message):
    url = reverse("reports:combined_pdf", kwargs={"group_slug": GROUP})
    response = client.get(url, query)
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()


def test_combined_report_of_an_unknown_group_is_404(client, db):
    url = reverse("reports:combined_pdf", kwargs={"group_slug": "nobody"})
    assert client.get(url, {"session": "1"}).status_code == 404


def test_a_draft_session_in_a_combined_report_is_404_for_members(client, member):
    public = SessionFactory()
    draft = SessionFactory(group=public.group, visibility=Visibility.DRAFT)
    client.force_login(member)
    url = reverse("reports:combined_pdf", kwargs={"group_slug": public.group.slug})
    assert client.get(url, {"session": [public.number]}).status_code == 200
    assert client.get(url, {"session": [public.number, draft.number]}).status_code == 404
