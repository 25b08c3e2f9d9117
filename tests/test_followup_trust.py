"""The follow-up surfaces under a hostile or careless reader (issue 25, finding 12): feeds say
their text is text, an unsubscribe link is not followed by a mail scanner's GET and does not
last for ever, and the open data API has a rate limit and documents its error answers."""

import datetime
import re
import time

import pytest
from django.core import signing
from django.urls import reverse

from followup import digests
from followup.models import DigestPreference, Evidence

from .factories import RecommendationFactory, UserFactory

pytestmark = pytest.mark.django_db

MARKUP = "Use <b>care</b> & <script>alert(1)</script> here"


def test_follow_up_feeds_declare_their_summaries_plain_text(client):
    recommendation = RecommendationFactory(statement=MARKUP)
    Evidence.objects.create(
        follow_up=recommendation.follow_up, date=datetime.date(2013, 1, 1), what=MARKUP
    )
    url = reverse("followup:feed", kwargs={"kind": "recommendation", "key": recommendation.pk})
    atom = client.get(url).content.decode()
    summaries = re.findall(r"<summary([^>]*)>([^<]*)</summary>", atom)
    assert summaries, atom
    for attributes, _text in summaries:
        # Text a facilitator typed is shown as typed, never run as HTML by a feed reader.
        assert 'type="text"' in attributes, attributes
    assert "&lt;script&gt;" in atom and "<script>" not in atom


@pytest.fixture
def subscriber(db):
    user = UserFactory(username="subscriber", email="subscriber@example.org")
    DigestPreference.objects.create(user=user)
    return user


def unsubscribe_url(token):
    return reverse("followup:unsubscribe", kwargs={"token": token})


def subscribed(user):
    return DigestPreference.objects.get(user=user).subscribed


def test_opening_the_unsubscribe_link_asks_first(client, subscriber):
    url = unsubscribe_url(digests.unsubscribe_token(subscriber))
    page = client.get(url)
    # A mail scanner that fetches every link must not unsubscribe anyone.
    assert page.status_code == 200 and subscribed(subscriber)
    html = page.content.decode()
    assert re.search(r'<form[^>]*method="post"', html) and "<button" in html
    assert client.post(url).status_code == 200
    assert not subscribed(subscriber)


def test_one_click_unsubscribe_as_rfc_8058_describes(client, subscriber):
    url = unsubscribe_url(digests.unsubscribe_token(subscriber))
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200 and not subscribed(subscriber)


def test_an_unsubscribe_link_expires(client, subscriber, monkeypatch):
    now = time.time()
    with monkeypatch.context() as past:
        too_old = digests.UNSUBSCRIBE_MAX_AGE + datetime.timedelta(days=1)
        past.setattr(signing.time, "time", lambda: now - too_old.total_seconds())
        token = digests.unsubscribe_token(subscriber)
    for response in (client.get(unsubscribe_url(token)), client.post(unsubscribe_url(token))):
        assert response.status_code == 400
        assert "expired" in response.content.decode()
    assert subscribed(subscriber)


def test_the_api_has_a_rate_limit(client, member, settings):
    settings.AJC_API_RATE_LIMITS = {"anonymous": "3/m", "signed_in": "5/m"}
    answers = [client.get("/api/themes").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    limited = client.get("/api/items")
    assert limited.status_code == 429 and 0 < int(limited["Retry-After"]) <= 60
    # A signed-in member is counted by their account, with a limit of their own.
    client.force_login(member)
    answers = [client.get("/api/themes").status_code for _ in range(6)]
    assert answers == [200] * 5 + [429]


def test_the_api_limit_holds_by_address_behind_trusted_proxies(client, settings):
    settings.AJC_API_RATE_LIMITS = {"anonymous": "2/m", "signed_in": "5/m"}
    settings.AJC_TRUSTED_PROXY_COUNT = 1
    first = {"HTTP_X_FORWARDED_FOR": "192.0.2.1"}
    assert [client.get("/api/themes", **first).status_code for _ in range(3)] == [200, 200, 429]
    other = {"HTTP_X_FORWARDED_FOR": "192.0.2.2"}
    assert client.get("/api/themes", **other).status_code == 200


def test_the_api_schema_documents_its_error_answers(client):
    schema = client.get("/api/openapi.json").json()
    for path, methods in schema["paths"].items():
        answers = methods["get"]["responses"]
        assert {"400", "422", "429"} <= set(answers), (path, sorted(answers))
