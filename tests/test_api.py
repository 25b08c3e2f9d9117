"""The open data API (issue 14): read-only JSON with an OpenAPI schema, paginated, filtered
like the findings browser, under the same visibility rule; schemathesis checks every operation
against the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, given, settings

from findings.models import Item

from .factories import FACILITATOR_WORDS, MEMBER_WORDS, PUBLIC_WORDS, FindingFactory, words_in

pytestmark = pytest.mark.django_db


def get(client, path, **params):
    response = client.get("/api" + path, params)
    return response, response.json()


def test_the_schema_is_openapi_and_names_the_licence(client):
    response, schema = get(client, "/openapi.json")
    assert response.status_code == 200
    assert schema["openapi"].startswith("3.")
    assert {"/api/items", "/api/items/{item_id}", "/api/themes", "/api/sessions"} <= set(
        schema["paths"]
    )
    assert "CC BY 4.0" in schema["info"]["description"]


@pytest.mark.parametrize(
    "role,words",
    [("anonymous", PUBLIC_WORDS), ("member", MEMBER_WORDS), ("facilitator", FACILITATOR_WORDS)],
)
def test_items_obey_visibility(client, member, facilitator, world, role, words):
    if role != "anonymous":
        client.force_login(member if role == "member" else facilitator)
    response, data = get(client, "/items")
    assert response.status_code == 200
    assert words_in(" ".join(item["text"] for item in data["items"])) == words
    assert data["count"] == len(data["items"])


def test_a_hidden_item_is_not_found(client, world):
    hidden = Item.objects.get(text__contains="bravomembers")
    response = client.get(f"/api/items/{hidden.pk}")
    assert response.status_code == 404


def test_items_filter_like_the_browser(client, member, world):
    client.force_login(member)
    _, data = get(client, "/items", kind="risk")
    assert [item["kind"] for item in data["items"]] == ["risk"]
    risk = data["items"][0]
    assert risk["answered_by"], "a risk carries the recommendations that answer it"
    _, data = get(client, "/items", theme=["localism", "funding"])
    assert words_in(" ".join(i["text"] for i in data["items"])) == {
        "bravomembers",
        "golfsession",
        "alphapublic",
    }
    _, data = get(client, "/items", q="commissioner")
    assert words_in(" ".join(i["text"] for i in data["items"])) == {"echorecommend"}


def test_a_filter_naming_nothing_is_a_json_404(client, world):
    response = client.get("/api/items", {"theme": "no-such-theme"})
    assert response.status_code == 404
    assert "There is no theme" in response.json()["detail"]
    response = client.get("/api/items", {"kind": "bogus"})
    assert response.status_code == 422


def test_items_come_a_page_at_a_time(client, world):
    for n in range(55):
        FindingFactory(session=world.s1, text=f"Extra point {n}.")
    _, first = get(client, "/items")
    _, second = get(client, "/items", page=2)
    assert len(first["items"]) == 50 and first["count"] == 58
    assert len(second["items"]) == 8


def test_the_api_is_read_only(client, world):
    assert client.post("/api/items", {}).status_code == 405


def test_the_browser_links_its_result_as_json(client, world):
    html = client.get(reverse("findings:item_list"), {"kind": "risk"}).content.decode()
    assert 'href="/api/items?kind=risk"' in html


@pytest.fixture
def connections_kept_open():
    """Keep the test's database connection across the WSGI requests, as Django's test client
    does (each request would otherwise close it, and the test's transaction with it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_operation_keeps_to_its_schema(world, connections_kept_open):
    """Schemathesis: generated requests (odd strings, numbers, dates, lists) to every operation
    never give a server error, and every answer matches the schema. (Driven through Hypothesis
    directly: schemathesis's pytest plugin does not run under pytest 9.)"""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 4
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=40,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )
        def check(case):
            case.call_and_validate()

        check()
