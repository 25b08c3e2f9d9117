"""One rule decides who sees what: each role against each visibility, for sessions and items."""

import pytest

from ajc.visibility import Audience, audience_for
from findings.models import Item
from sessions.models import Session

from .factories import FindingFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

VISIBILITIES = ["draft", "members", "public"]
EXPECTED = {
    "anonymous": {"public"},
    "member": {"members", "public"},
    "facilitator": {"draft", "members", "public"},
    "superuser": {"draft", "members", "public"},
    "inactive": {"public"},
}


@pytest.fixture
def users(member, facilitator, superuser, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    inactive = UserFactory(username="gone", is_active=False)
    return {
        "anonymous": AnonymousUser(),
        "member": member,
        "facilitator": facilitator,
        "superuser": superuser,
        "inactive": inactive,
    }


@pytest.mark.parametrize("role", list(EXPECTED))
def test_sessions_visible_to_each_role(users, role):
    for visibility in VISIBILITIES:
        SessionFactory(visibility=visibility, subject=visibility)
    seen = set(Session.objects.visible_to(users[role]).values_list("subject", flat=True))
    assert seen == EXPECTED[role]


@pytest.mark.parametrize("role", list(EXPECTED))
def test_items_are_never_more_visible_than_their_session(users, role):
    for session_visibility in VISIBILITIES:
        session = SessionFactory(visibility=session_visibility)
        for item_visibility in VISIBILITIES:
            FindingFactory(
                session=session,
                visibility=item_visibility,
                text=f"{session_visibility}/{item_visibility}",
            )
    seen = set(Item.objects.visible_to(users[role]).values_list("text", flat=True))
    allowed = EXPECTED[role]
    assert seen == {f"{s}/{i}" for s in allowed for i in allowed}


def test_audiences(users):
    assert audience_for(users["anonymous"]) == Audience.PUBLIC
    assert audience_for(users["inactive"]) == Audience.PUBLIC
    assert audience_for(users["member"]) == Audience.MEMBER
    assert audience_for(users["facilitator"]) == Audience.FACILITATOR
    assert audience_for(users["superuser"]) == Audience.FACILITATOR
