"""Hostile and random input never gives a 500 on any public URL.

The URLs come from the URL configuration itself, so a page added later is fuzzed without
anyone remembering to list it; a URL with a parameter this file cannot fill fails loudly.
"""

import os
import re
import string
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .factories import FindingFactory, LearningGroupFactory, SessionFactory, ThemeFactory

pytestmark = pytest.mark.django_db

# Parameters the pages read, and some they do not.
PARAMETER_NAMES = [
    "q",
    "theme",
    "session",
    "group",
    "sector",
    "kind",
    "agreement",
    "audience",
    "page",
    "next",
    "format",
    "sort",
]
HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "%00",
    "' OR 1=1 --",
    '"; DROP TABLE findings_item; --',
    "1; SELECT pg_sleep(10)",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "../../../../etc/passwd",
    "-1",
    "0",
    "1e309",
    "99999999999999999999999999",
    "NaN",
    "\u202e\u200b\ufeff",
    "\ud800",  # a lone surrogate: not encodable as UTF-8
    "𝕏" * 50,
    "x" * 5000,
    "&" * 100,
    "a:b",
    "!",
    "OR AND NOT",
    '"unclosed',
    "-",
    "*",
    "\\",
    "%",
]
# Raw, already-encoded fragments: bad escapes and bytes that are not UTF-8.
RAW_FRAGMENTS = ["%zz", "%", "%ff%fe", "%c3%28", "%00", "q=%E2%82", "page=%2F..", "=", "&&&"]


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def public_urls(values: dict) -> list[str]:
    """Every non-admin URL in the URL configuration, with its parameters filled in."""
    urls = []
    for route, entry in _walk(get_resolver().url_patterns):
        if route.startswith("^media/"):
            continue  # only served by the development server
        names = list(entry.pattern.converters) or list(entry.pattern.regex.groupindex)
        missing = [name for name in names if name not in values]
        assert not missing, f"test_fuzz cannot fill {missing} in {route}: add it to VALUES"
        path = route
        for name in names:
            path = path.replace(f"<{name}>", str(values[name]))
            for converter in ("slug", "int", "str", "path"):
                path = path.replace(f"<{converter}:{name}>", str(values[name]))
        # A regular-expression route (allauth's password reset link): its groups filled in.
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), path)
        path = path.replace("^", "").replace("$", "")
        urls.append("/" + path)
    return urls


@pytest.fixture(autouse=True)
def production_cache(settings, django_db_blocker):
    """On PostgreSQL, fuzz through the cache production uses without Redis (the database
    cache): a value that PostgreSQL text cannot hold (NUL) must be refused before it reaches a
    key. SQLite keeps the default cache."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "ajc_cache",
        }
    }
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)
    yield


@pytest.fixture
def site():
    group = LearningGroupFactory(slug="fuzz-group")
    theme = ThemeFactory(slug="pbr")
    session = SessionFactory(group=group, number=1)
    item = FindingFactory(session=session, themes=[theme])
    values = {
        "group_slug": group.slug,
        "number": session.number,
        "pk": item.pk,
        "item_id": item.pk,
        "slug": theme.slug,
        "figure_number": 1,
        "uidb64": "MQ",
        "uidb36": "1",
        "token": "set-password",
        "kind": "theme",
        "key": theme.slug,
    }
    return public_urls(values)


def test_the_fuzzed_urls_include_the_main_pages(site):
    for expected in [
        "/",
        "/groups/fuzz-group/",
        "/findings/",
        "/findings/themes/pbr/",
        "/groups/fuzz-group/sessions/1/",
        "/accounts/login/",
    ]:
        assert expected in site


values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.text(alphabet=string.printable, max_size=300),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
pairs = st.lists(
    st.tuples(st.one_of(st.sampled_from(PARAMETER_NAMES), st.text(max_size=10)), values),
    max_size=6,
)


def encode(pairs_, raw):
    parts = [
        f"{quote(name.encode('utf-8', 'surrogatepass'))}="
        f"{quote(value.encode('utf-8', 'surrogatepass'))}"
        for name, value in pairs_
    ]
    return "&".join(parts + raw)


# The same examples on every run, so CI is repeatable and quick; for a longer hunt with fresh
# examples: AJC_FUZZ_EXAMPLES=5000 .venv/bin/pytest tests/test_fuzz.py
HUNT = int(os.environ.get("AJC_FUZZ_EXAMPLES", "0"))
FUZZ_SETTINGS = settings(
    max_examples=HUNT or 200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=not HUNT,
)


@FUZZ_SETTINGS
@given(
    index=st.integers(min_value=0, max_value=10_000),
    query=pairs,
    raw=st.lists(st.sampled_from(RAW_FRAGMENTS), max_size=2),
    signed_in=st.booleans(),
    method=st.sampled_from(["GET", "GET", "POST", "HEAD"]),
)
def test_no_request_gives_a_500(site, member, index, query, raw, signed_in, method):
    """Random and hostile query strings, and form posts of the same, to every public URL."""
    url = site[index % len(site)]
    client = Client(raise_request_exception=False)
    if signed_in:
        client.force_login(member)
    body = encode(query, raw)
    if method == "POST":
        response = client.post(
            url, body, content_type="application/x-www-form-urlencoded", REMOTE_ADDR="192.0.2.9"
        )
    else:
        response = client.generic(method, url, QUERY_STRING=body)
    assert response.status_code < 500, (method, url, query, raw)


@FUZZ_SETTINGS
@given(
    fields=st.dictionaries(
        st.sampled_from(["username", "password", "next", "csrfmiddlewaretoken", "x"]),
        values,
        max_size=5,
    ),
    address=st.sampled_from(["203.0.113.1", "203.0.113.2", "::1", ""]),
)
def test_no_login_post_gives_a_500(fields, address, db):
    client = Client(raise_request_exception=False)
    data = {name: value.replace("\ud800", "?") for name, value in fields.items()}
    response = client.post("/accounts/login/", data, REMOTE_ADDR=address)
    assert response.status_code < 500, fields


@pytest.mark.parametrize(
    "url",
    [
        "/findings/?q=%00",
        "/findings/?q=a%00b&theme=%00",
        "/findings/?page=99999999999999999999",
        "/findings/?page=%00",
        "/findings/?page=1%01",
        "/findings/?session=1%00",
        "/findings/download.csv?q=%00",
        "/findings/themes/pbr/?page=%00",
        "/groups/fuzz-group/report.pdf?session=%00",
        "/accounts/login/?next=%00",
    ],
)
def test_known_hostile_queries_give_no_500(site, url):
    client = Client(raise_request_exception=False)
    assert client.get(url).status_code < 500, url
