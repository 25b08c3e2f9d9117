"""No leak: every role × every visibility × every way content leaves the system.

Each item and session carries a marker word found nowhere else, so a page, a search result, a
facet, a feed, a CSV or a PDF leaks hidden content exactly when a hidden marker appears in it.
Adding a new way out is one line in LISTINGS or PER_SESSION; an output whose URL does not exist
(yet) is skipped, not silently passed.
"""

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import NoReverseMatch, reverse

import followup.progress
import reports.pdf
from ajc.visibility import Visibility
from findings.models import Item
from followup.models import FollowUp, Rating
from sessions.edits import content_changed

from .factories import (
    FindingFactory,
    LearningGroupFactory,
    RecommendationFactory,
    RiskFactory,
    SessionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

PUBLIC, MEMBERS, DRAFT = Visibility.PUBLIC, Visibility.MEMBERS, Visibility.DRAFT
ROLES = ["anonymous", "member", "facilitator", "superuser"]
SEES = {
    "anonymous": {PUBLIC},
    "member": {PUBLIC, MEMBERS},
    "facilitator": {PUBLIC, MEMBERS, DRAFT},
    "superuser": {PUBLIC, MEMBERS, DRAFT},
}
SEARCH_WORD = "zebrafinch"

# name: (session's visibility, item's visibility, factory)
ITEMS = {
    "pubpub": (PUBLIC, PUBLIC, FindingFactory),
    "pubmem": (PUBLIC, MEMBERS, FindingFactory),
    "pubdraft": (PUBLIC, DRAFT, RiskFactory),
    "pubdraftrec": (PUBLIC, DRAFT, RecommendationFactory),
    "mempub": (MEMBERS, PUBLIC, RiskFactory),
    "memmem": (MEMBERS, MEMBERS, RecommendationFactory),
    "draftpub": (DRAFT, PUBLIC, RecommendationFactory),
    "draftrisk": (DRAFT, PUBLIC, RiskFactory),
}
SESSION_NUMBERS = {PUBLIC: 1, MEMBERS: 2, DRAFT: 3}


def item_marker(name):
    return f"leakitem{name}"


def session_marker(visibility):
    return f"leaksubject{visibility}"


@dataclass
class Content:
    group: object
    theme: object
    sessions: dict = field(default_factory=dict)  # visibility -> Session
    items: dict = field(default_factory=dict)  # name -> Item


def make_content() -> Content:
    group = LearningGroupFactory(slug="matrix-group", name="Matrix learning group")
    theme = ThemeFactory(slug="matrix-theme", name="Matrix theme")
    result = Content(group=group, theme=theme)
    for visibility, number in SESSION_NUMBERS.items():
        result.sessions[visibility] = SessionFactory(
            group=group, number=number, visibility=visibility, subject=session_marker(visibility)
        )
    for name, (session_visibility, item_visibility, factory) in ITEMS.items():
        result.items[name] = factory(
            session=result.sessions[session_visibility],
            visibility=item_visibility,
            text=f"Commissioning {item_marker(name)} {SEARCH_WORD}.",
            themes=[theme],
        )
    # As the admin and the loaders end an edit: what it causes (ledgers for recommendations).
    content_changed([session.pk for session in result.sessions.values()])
    # A rating recorded on every ledger: until something is, the follow-up list says "nothing
    # recorded yet" instead of listing them.
    FollowUp.objects.update(rating=Rating.SUBSTANTIAL)
    return result


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    """The matrix's content, made once for the module's few hundred tests.

    It is made inside a transaction that is rolled back when the module ends; each test runs in
    a savepoint within it (pytest-django's own atomic), so what a test changes is undone after
    it and the next test finds the content as made. Like Django's ``TestCase``, the outermost
    block says it belongs to a test (``_from_testcase``): it never commits, so the cache need not
    wait for a commit (``ajc.cache.revision``)."""
    outermost = transaction.atomic()
    outermost._from_testcase = True
    with django_db_blocker.unblock(), outermost:
        yield make_content()
        transaction.set_rollback(True)


# What a PDF holds is decided before WeasyPrint draws it: these tests read the HTML each PDF
# is rendered from, as its stand-in, rather than rendering every PDF for every role (minutes of
# CI). test_real_pdfs_hold_what_their_stand_ins_hold renders each kind for real, once a run.
PDF_STAND_IN = b"%PDF-stand-in\n"


def stand_in_pdf(html, report=None) -> bytes:
    return PDF_STAND_IN + html.encode()


@pytest.fixture(autouse=True)
def pdfs_from_their_html(request, monkeypatch):
    if "real_pdfs" in request.keywords:
        return
    monkeypatch.setattr(reports.pdf, "html_to_pdf", stand_in_pdf)
    monkeypatch.setattr(followup.progress, "html_to_pdf", stand_in_pdf)


def sign_in(client, role, request):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


def item_visible(role, name):
    session_visibility, item_visibility, _ = ITEMS[name]
    return {session_visibility, item_visibility} <= SEES[role]


def session_visible(role, visibility):
    return visibility in SEES[role]


def text_of(response) -> str:
    if response.get("Content-Type", "").startswith("application/pdf"):
        if response.content.startswith(PDF_STAND_IN):
            return response.content.decode()
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(response.content))
        return "\n".join(page.extract_text() for page in reader.pages)
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def url_or_none(build):
    try:
        return build()
    except NoReverseMatch:
        return None


# Ways a list of content leaves the system: (name, URL, kinds of item it lists (None: it lists
# no items), whether it names sessions).
@dataclass(frozen=True)
class Listing:
    name: str
    url: Callable[[Content], str]
    kinds: frozenset | None = frozenset(Item.Kind)
    names_sessions: bool = False
    # Lists only what has been published (a draft session's items have not been, yet).
    published_only: bool = False


ALL_KINDS = frozenset(Item.Kind)
LISTINGS = [
    Listing("home page", lambda c: reverse("home"), None, True),
    Listing("group page", lambda c: c.group.get_absolute_url(), None, True),
    Listing("findings list and facets", lambda c: reverse("findings:item_list"), ALL_KINDS, True),
    Listing("search", lambda c: reverse("findings:item_list") + f"?q={SEARCH_WORD}", ALL_KINDS),
    Listing(
        "filtered by theme",
        lambda c: reverse("findings:item_list") + "?theme=matrix-theme",
        ALL_KINDS,
        True,
    ),
    Listing("theme page", lambda c: c.theme.get_absolute_url(), ALL_KINDS),
    Listing(
        "theme brief",
        lambda c: reverse("findings:theme_brief", kwargs={"slug": c.theme.slug}),
        ALL_KINDS,
    ),
    Listing(
        "theme brief CSV",
        lambda c: reverse("findings:theme_brief_csv", kwargs={"slug": c.theme.slug}),
        ALL_KINDS,
    ),
    Listing(
        "theme brief JSON",
        lambda c: reverse("findings:theme_brief_json", kwargs={"slug": c.theme.slug}),
        ALL_KINDS,
    ),
    Listing(
        "theme brief PDF",
        lambda c: reverse("reports:theme_brief_pdf", kwargs={"slug": c.theme.slug}),
        # A brief lists learning points, risks and recommendations (questions are counted).
        frozenset({Item.Kind.FINDING, Item.Kind.RISK, Item.Kind.RECOMMENDATION}),
    ),
    Listing("risk register", lambda c: reverse("findings:risk_list"), frozenset({Item.Kind.RISK})),
    Listing(
        "recommendations",
        lambda c: reverse("findings:recommendation_list"),
        frozenset({Item.Kind.RECOMMENDATION}),
    ),
    Listing("feed", lambda c: reverse("findings:feed"), ALL_KINDS, published_only=True),
    Listing("what's new", lambda c: reverse("findings:whats_new"), ALL_KINDS, published_only=True),
    Listing(
        "new since a month",
        lambda c: reverse("findings:item_list") + "?since=2000-01&order=published",
        ALL_KINDS,
        published_only=True,
    ),
    Listing("CSV", lambda c: reverse("findings:item_csv"), ALL_KINDS),
    Listing("API: items", lambda c: "/api/items", ALL_KINDS),
    Listing("API: items of a search", lambda c: f"/api/items?q={SEARCH_WORD}"),
    Listing("API: sessions", lambda c: "/api/sessions", None, True),
    Listing("CSV of a search", lambda c: reverse("findings:item_csv") + f"?q={SEARCH_WORD}"),
    # Follow-up (issue 12): every recommendation's ledger, the progress reports and feeds.
    Listing(
        "follow-up of recommendations",
        lambda c: reverse("followup:ledger_list"),
        frozenset({Item.Kind.RECOMMENDATION}),
    ),
    Listing(
        "group progress page",
        lambda c: reverse("followup:group_progress", kwargs={"slug": c.group.slug}),
        frozenset({Item.Kind.RECOMMENDATION}),
    ),
    Listing(
        "group progress PDF",
        lambda c: reverse("followup:group_progress_pdf", kwargs={"slug": c.group.slug}),
        frozenset({Item.Kind.RECOMMENDATION}),
    ),
    Listing(
        "theme progress page",
        lambda c: reverse("followup:theme_progress", kwargs={"slug": c.theme.slug}),
        frozenset({Item.Kind.RECOMMENDATION}),
    ),
    Listing(
        "theme progress PDF",
        lambda c: reverse("followup:theme_progress_pdf", kwargs={"slug": c.theme.slug}),
        frozenset({Item.Kind.RECOMMENDATION}),
    ),
    Listing(
        "group feed",
        lambda c: reverse("followup:feed", kwargs={"kind": "group", "key": c.group.slug}),
    ),
    Listing(
        "theme feed",
        lambda c: reverse("followup:feed", kwargs={"kind": "theme", "key": c.theme.slug}),
    ),
    Listing(
        "report chooser",
        lambda c: reverse("reports:report_chooser", kwargs={"group_slug": c.group.slug}),
        None,
        True,
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("listing", LISTINGS, ids=lambda listing: listing.name)
def test_listings_show_exactly_what_the_role_may_see(client, request, content, role, listing):
    url = url_or_none(lambda: listing.url(content))
    if url is None:
        pytest.skip(f"{listing.name} does not exist yet")
    response = sign_in(client, role, request).get(url)
    assert response.status_code == 200, url
    text = text_of(response)
    if listing.kinds is not None:
        for name, item in content.items.items():
            if item.kind not in listing.kinds:
                continue
            expected = item_visible(role, name)
            if listing.published_only:
                item.refresh_from_db(fields=["published_at"])
                expected = expected and item.published_at is not None
            assert (item_marker(name) in text) == expected, (listing.name, role, name)
    if listing.names_sessions:
        for visibility in SESSION_NUMBERS:
            expected = session_visible(role, visibility)
            assert (session_marker(visibility) in text) == expected, (
                listing.name,
                role,
                visibility,
            )


# Ways one session leaves the system: its page and its PDF. A hidden session is a 404; a
# visible one shows exactly its visible items.
PER_SESSION = [
    ("session page", "reports:session_detail"),
    ("session PDF", "reports:session_pdf"),
]


def session_url(url_name, content, number):
    return url_or_none(
        lambda: reverse(url_name, kwargs={"group_slug": content.group.slug, "number": number})
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("output", "url_name"), PER_SESSION, ids=[p[0] for p in PER_SESSION])
def test_each_session_output_shows_exactly_what_the_role_may_see(
    client, request, content, role, output, url_name
):
    sign_in(client, role, request)
    for visibility, number in SESSION_NUMBERS.items():
        url = session_url(url_name, content, number)
        if url is None:
            pytest.skip(f"{output} does not exist yet")
        response = client.get(url)
        if not session_visible(role, visibility):
            assert response.status_code == 404, (output, role, visibility)
            assert session_marker(visibility) not in response.content.decode(errors="replace")
            continue
        assert response.status_code == 200, (output, role, visibility)
        text = text_of(response)
        for name, (session_visibility, _, _) in ITEMS.items():
            if session_visibility == visibility:
                expected = item_visible(role, name)
                assert (item_marker(name) in text) == expected, (output, role, name)


@pytest.mark.parametrize("role", ROLES)
def test_the_combined_pdf_obeys_visibility(client, request, content, role):
    url = url_or_none(lambda: reverse("reports:combined_pdf", args=[content.group.slug]))
    if url is None:
        pytest.skip("the combined PDF does not exist yet")
    sign_in(client, role, request)
    for visibility, number in SESSION_NUMBERS.items():
        response = client.get(url, {"session": [1, number]})
        if not session_visible(role, visibility):
            assert response.status_code == 404, (role, visibility)
            continue
        assert response.status_code == 200, (role, visibility)
        text = text_of(response)
        for name, (session_visibility, _, _) in ITEMS.items():
            if session_visibility in {PUBLIC, visibility}:
                assert (item_marker(name) in text) == item_visible(role, name), (role, name)


@pytest.mark.parametrize("role", ROLES)
def test_item_pages_open_exactly_for_who_may_see_them(client, request, content, role):
    sign_in(client, role, request)
    for name, item in content.items.items():
        response = client.get(reverse("findings:item_detail", args=[item.pk]))
        expected = 200 if item_visible(role, name) else 404
        assert response.status_code == expected, (role, name)


ADMIN_CHANGE = {
    Item.Kind.FINDING: "admin:findings_finding_change",
    Item.Kind.RISK: "admin:findings_risk_change",
    Item.Kind.RECOMMENDATION: "admin:findings_recommendation_change",
}


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_opens_for_facilitators_only(client, request, content, role):
    sign_in(client, role, request)
    urls = [
        reverse("admin:ajc_sessions_session_change", args=[session.pk])
        for session in content.sessions.values()
    ] + [reverse(ADMIN_CHANGE[item.kind], args=[item.pk]) for item in content.items.values()]
    for url in urls:
        response = client.get(url)
        if role in {"facilitator", "superuser"}:
            assert response.status_code == 200, (role, url)
        else:
            # Not staff: sent to sign in, with nothing of the content in the answer.
            assert response.status_code == 302, (role, url)
            assert response["Location"].startswith(reverse("admin:login"))
            assert "leak" not in response.content.decode()


# Guessing: a hidden object's answer is the same as a missing one's ----------------------------


def normalised(response, *identifiers) -> str:
    body = response.content.decode(errors="replace")
    body = re.sub(r'nonce="[^"]*"', 'nonce=""', body)
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
    for identifier in identifiers:
        body = body.replace(str(identifier), "ID")
    return body


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_a_hidden_item_looks_exactly_like_a_missing_one(client, request, content, role):
    sign_in(client, role, request)
    hidden = content.items["draftpub"]
    missing_pk = Item.objects.order_by("-pk").first().pk + 1000
    hidden_response = client.get(reverse("findings:item_detail", args=[hidden.pk]))
    missing_response = client.get(reverse("findings:item_detail", args=[missing_pk]))
    assert hidden_response.status_code == missing_response.status_code == 404
    assert normalised(hidden_response, hidden.pk) == normalised(missing_response, missing_pk)
    assert set(hidden_response.headers) == set(missing_response.headers)


@pytest.mark.parametrize("role", ["anonymous", "member"])
@pytest.mark.parametrize(("output", "url_name"), PER_SESSION, ids=[p[0] for p in PER_SESSION])
def test_a_hidden_session_looks_exactly_like_a_missing_one(
    client, request, content, role, output, url_name
):
    sign_in(client, role, request)
    hidden_url = session_url(url_name, content, SESSION_NUMBERS[DRAFT])
    if hidden_url is None:
        pytest.skip(f"{output} does not exist yet")
    missing_url = session_url(url_name, content, 99)
    hidden_response = client.get(hidden_url)
    missing_response = client.get(missing_url)
    assert hidden_response.status_code == missing_response.status_code == 404
    assert normalised(hidden_response, hidden_url) == normalised(missing_response, missing_url)


# A learning group and a theme that only drafts carry (issue 25, findings 3 and 4) ------------

HIDDEN_GROUP_NAME = "Leakgroupname"
HIDDEN_GROUP_INTRODUCTION = "Leakgroupintroduction, not yet reviewed."
HIDDEN_THEME_NAME = "Leakthemename"
HIDDEN_SESSION_SUBJECT = "Leakdraftgroupsubject"
HIDDEN_NAMES = (HIDDEN_GROUP_NAME, HIDDEN_GROUP_INTRODUCTION, HIDDEN_THEME_NAME)


@pytest.fixture
def drafted(content):
    """A group whose one session is a draft (as an import leaves it), holding a recommendation
    and a risk with a theme nothing else carries; the theme is also on a draft item of the
    public session."""
    group = LearningGroupFactory(
        slug="drafted-group", name=HIDDEN_GROUP_NAME, introduction=HIDDEN_GROUP_INTRODUCTION
    )
    theme = ThemeFactory(slug="drafted-theme", name=HIDDEN_THEME_NAME, featured=True)
    session = SessionFactory(
        group=group, number=1, visibility=DRAFT, subject=HIDDEN_SESSION_SUBJECT
    )
    RecommendationFactory(session=session, text="Drafted recommendation.", themes=[theme])
    RiskFactory(session=session, text="Drafted risk.", themes=[theme])
    FindingFactory(
        session=content.sessions[PUBLIC], visibility=DRAFT, text="Drafted.", themes=[theme]
    )
    return group, theme


# Each page about the one group or the one theme: a 404 to whoever may not see it.
HIDDEN_PAGES = [
    ("group page", lambda g, t: reverse("sessions:group_detail", args=[g.slug])),
    ("report chooser", lambda g, t: reverse("reports:report_chooser", args=[g.slug])),
    ("combined PDF", lambda g, t: reverse("reports:combined_pdf", args=[g.slug]) + "?session=1"),
    ("group progress page", lambda g, t: reverse("followup:group_progress", args=[g.slug])),
    ("group progress PDF", lambda g, t: reverse("followup:group_progress_pdf", args=[g.slug])),
    ("group feed", lambda g, t: reverse("followup:feed", args=["group", g.slug])),
    ("theme page", lambda g, t: t.get_absolute_url()),
    ("theme brief", lambda g, t: reverse("findings:theme_brief", args=[t.slug])),
    ("theme brief CSV", lambda g, t: reverse("findings:theme_brief_csv", args=[t.slug])),
    ("theme brief JSON", lambda g, t: reverse("findings:theme_brief_json", args=[t.slug])),
    ("theme brief PDF", lambda g, t: reverse("reports:theme_brief_pdf", args=[t.slug])),
    ("theme progress page", lambda g, t: reverse("followup:theme_progress", args=[t.slug])),
    ("theme progress PDF", lambda g, t: reverse("followup:theme_progress_pdf", args=[t.slug])),
    ("theme feed", lambda g, t: reverse("followup:feed", args=["theme", t.slug])),
]

# Each list that could name them: names them to whoever may see them, and to no one else.
HIDDEN_LISTINGS = {
    "home page": (lambda: reverse("home"), (HIDDEN_GROUP_NAME, HIDDEN_THEME_NAME)),
    "list of groups": (lambda: reverse("sessions:group_list"), (HIDDEN_GROUP_NAME,)),
    "findings list and facets": (
        lambda: reverse("findings:item_list"),
        (HIDDEN_GROUP_NAME, HIDDEN_THEME_NAME),
    ),
    "API: themes": (lambda: "/api/themes", (HIDDEN_THEME_NAME,)),
    "API: sessions": (lambda: "/api/sessions", (HIDDEN_SESSION_SUBJECT,)),
}


@pytest.mark.parametrize("role", ROLES)
def test_a_group_and_a_theme_only_drafts_carry_are_unknown_to_who_may_not_see_drafts(
    client, request, drafted, role
):
    group, theme = drafted
    sign_in(client, role, request)
    sees_drafts = DRAFT in SEES[role]
    for name, url in HIDDEN_PAGES:
        response = client.get(url(group, theme))
        if sees_drafts:
            assert response.status_code == 200, (name, role)
            continue
        assert response.status_code == 404, (name, role)
        body = text_of(response)
        assert not any(hidden in body for hidden in HIDDEN_NAMES), (name, role)
    for name, (url, names) in HIDDEN_LISTINGS.items():
        response = client.get(url())
        assert response.status_code == 200, (name, role)
        body = text_of(response)
        for hidden in names:
            assert (hidden in body) == sees_drafts, (name, role, hidden)
    if role != "anonymous":
        follow = reverse("followup:follow")
        for kind, key in (("group", group.slug), ("theme", theme.slug)):
            response = client.post(follow, {"kind": kind, "key": key})
            assert response.status_code == (302 if sees_drafts else 404), (kind, role)


# The real PDFs, rendered once a run: they hold exactly what their stand-ins hold -------------

REAL_PDFS = [
    ("session PDF", lambda c: session_url("reports:session_pdf", c, SESSION_NUMBERS[PUBLIC])),
    (
        "combined PDF",
        lambda c: reverse("reports:combined_pdf", args=[c.group.slug]) + "?session=1&session=2",
    ),
    ("theme brief PDF", lambda c: reverse("reports:theme_brief_pdf", args=[c.theme.slug])),
    ("group progress PDF", lambda c: reverse("followup:group_progress_pdf", args=[c.group.slug])),
    ("theme progress PDF", lambda c: reverse("followup:theme_progress_pdf", args=[c.theme.slug])),
]


@pytest.mark.real_pdfs
def test_real_pdfs_hold_what_their_stand_ins_hold(client, member, content, monkeypatch):
    """For a member, who sees some of the content and not the rest: the markers in each real
    PDF's text are exactly those in its stand-in's HTML, and all of them the member may see."""
    client.force_login(member)
    visible = {item_marker(item) for item in ITEMS if item_visible("member", item)}
    for name, url in REAL_PDFS:
        real = client.get(url(content))
        assert real.status_code == 200, name
        assert real.content.startswith(b"%PDF-1"), name
        markers = set(re.findall(r"leakitem\w+", text_of(real)))
        with monkeypatch.context() as standing_in:
            standing_in.setattr(reports.pdf, "html_to_pdf", stand_in_pdf)
            standing_in.setattr(followup.progress, "html_to_pdf", stand_in_pdf)
            cache.clear()  # the real PDF is kept: ask for its stand-in afresh
            stand_in = client.get(url(content))
        assert set(re.findall(r"leakitem\w+", text_of(stand_in))) == markers, name
        assert markers and markers <= visible, (name, markers)


# People's own pages (issue 26): who may open each, and none of them shows any content --------

ANYONE, SIGNED_IN, STAFF = "anyone", "signed in", "staff"
# Changing a second factor asks a signed-in person for their password again first (allauth's
# re-authentication); the steps in the middle of signing in open only during a sign-in.
AGAIN, MID_SIGN_IN = "signed in, password again", "during a sign-in"
OWN_PAGES = [
    ("privacy notice", lambda: reverse("accounts:privacy"), ANYONE),
    ("sign in", lambda: reverse("login"), ANYONE),
    ("emailed code", lambda: reverse("account_request_login_code"), ANYONE),
    ("type the emailed code", lambda: reverse("account_confirm_login_code"), MID_SIGN_IN),
    ("second-factor step", lambda: reverse("mfa_authenticate"), MID_SIGN_IN),
    ("forgotten password", lambda: reverse("account_reset_password"), ANYONE),
    ("sign-up (closed)", lambda: reverse("account_signup"), ANYONE),
    ("invitation, bad link", lambda: reverse("accounts:invitation", args=["nope"]), ANYONE),
    ("your account", lambda: reverse("accounts:account"), SIGNED_IN),
    ("download my data", lambda: reverse("accounts:download_data"), SIGNED_IN),
    ("delete my account", lambda: reverse("accounts:delete"), SIGNED_IN),
    ("email address", lambda: reverse("account_email"), SIGNED_IN),
    ("change password", lambda: reverse("account_change_password"), SIGNED_IN),
    ("two-factor", lambda: reverse("mfa_index"), SIGNED_IN),
    ("confirm it is you", lambda: reverse("account_reauthenticate"), SIGNED_IN),
    # The matrix's people have no email address for a code to reach: back to the password.
    (
        "confirm it is you by code",
        lambda: reverse("account_request_reauthentication_code"),
        AGAIN,
    ),
    ("confirmation sent", lambda: reverse("account_email_verification_sent"), ANYONE),
    ("security keys", lambda: reverse("mfa_list_webauthn"), SIGNED_IN),
    ("add a security key", lambda: reverse("mfa_add_webauthn"), AGAIN),
    ("turn off the app", lambda: reverse("mfa_deactivate_totp"), AGAIN),
    ("recovery codes", lambda: reverse("mfa_view_recovery_codes"), AGAIN),
    ("new recovery codes", lambda: reverse("mfa_generate_recovery_codes"), AGAIN),
    ("signed-in devices", lambda: reverse("usersessions_list"), SIGNED_IN),
    ("invitations", lambda: reverse("admin:accounts_invitation_changelist"), STAFF),
    ("invite people", lambda: reverse("admin:accounts_invitation_add"), STAFF),
    ("people", lambda: reverse("admin:accounts_person_changelist"), STAFF),
]


# A page that manages a second factor the person has not set up is not found (the matrix's
# facilitators and superuser have an authenticator app; nobody here has recovery codes).
NOT_SET_UP = {("turn off the app", "member")} | {
    ("recovery codes", role) for role in ROLES if role != "anonymous"
}


def own_page_status(role, who, name):
    if name == "invitation, bad link" or (name, role) in NOT_SET_UP:
        return 404
    if who == ANYONE or (who == SIGNED_IN and role != "anonymous"):
        return 200
    if who == STAFF and role in {"facilitator", "superuser"}:
        return 200
    return 302


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "url", "who"), OWN_PAGES, ids=[p[0] for p in OWN_PAGES])
def test_own_pages_open_for_exactly_who_may_use_them(
    client, request, content, role, name, url, who
):
    sign_in(client, role, request)
    response = client.get(url())
    expected = own_page_status(role, who, name)
    if name in {"sign in", "sign-up (closed)"} and role != "anonymous":
        expected = {200, 302}  # a signed-in person is sent on
    assert response.status_code in (expected if isinstance(expected, set) else {expected}), (
        name,
        role,
        response.status_code,
    )
    if response.status_code == 302:
        assert response["Location"].startswith((reverse("login"), reverse("admin:login"), "/"))
    if who == AGAIN and response.status_code == 302 and role != "anonymous":
        assert response["Location"].startswith(reverse("account_reauthenticate")), (name, role)
    assert "leak" not in text_of(response), (name, role)
