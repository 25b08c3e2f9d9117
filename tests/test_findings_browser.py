"""The findings browser: filters, facet counts, pagination, htmx, bad input, visibility, cache."""

import pytest
from django.urls import reverse

from findings.models import Item

from .factories import (
    FACILITATOR_WORDS,
    MEMBER_WORDS,
    PUBLIC_WORDS,
    FindingFactory,
    SessionFactory,
    ThemeFactory,
    words_in,
)

pytestmark = pytest.mark.django_db
URL = reverse("findings:item_list")


def get(client, query="", **headers):
    response = client.get(URL + query, headers=headers)
    return response, response.content.decode()


def facet(response, name):
    """The facet options the page offered, as {value: count}."""
    return {option.value: option.count for option in response.context["facets"][name]}


def test_lists_all_kinds_together(client, world):
    response, html = get(client)
    assert response.status_code == 200
    assert words_in(html) == {"alphapublic", "deltarisk", "echorecommend"}
    assert "3 results" in html


@pytest.mark.parametrize(
    "query,expected",
    [
        # A risk is listed with the recommendations that answer it.
        ("?kind=risk", {"deltarisk", "echorecommend"}),
        ("?kind=finding", {"alphapublic"}),
        ("?theme=funding", {"alphapublic"}),
        ("?theme=payment-by-results", {"alphapublic", "deltarisk", "echorecommend"}),
        ("?sector=voluntary", {"alphapublic"}),
        ("?agreement=unanimous", {"alphapublic"}),
        ("?audience=service_users", {"deltarisk", "echorecommend"}),
        # A recommendation is listed with the risks it answers.
        ("?audience=commissioners", {"echorecommend", "deltarisk"}),
        ("?group=pilot", {"alphapublic", "deltarisk", "echorecommend"}),
    ],
)
def test_each_filter(client, world, query, expected):
    response, html = get(client, query)
    assert response.status_code == 200
    assert words_in(html) == expected


def test_session_filter(client, member, world):
    client.force_login(member)
    _, html = get(client, f"?session={world.s2.pk}")
    assert words_in(html) == {"golfsession"}


def test_several_themes_widen_the_result(client, member, world):
    """Themes are a disjunctive facet: an item with any theme ticked is listed, once."""
    client.force_login(member)
    _, html = get(client, "?theme=localism")
    assert words_in(html) == {"bravomembers", "golfsession"}
    response, html = get(client, "?theme=localism&theme=funding")
    assert words_in(html) == {"bravomembers", "golfsession", "alphapublic"}
    assert response.context["page_obj"].paginator.count == 3
    _, html = get(client, "?theme=localism&kind=risk")
    assert words_in(html) == set()
    assert "Nothing matches" in html


def test_filters_combine(client, member, world):
    client.force_login(member)
    _, html = get(client, "?theme=payment-by-results&kind=recommendation&audience=providers")
    assert words_in(html) == {"foxtrotmembers", "deltarisk"}  # deltarisk: the risk it answers


def test_facet_counts_describe_the_current_result(client, member, world):
    client.force_login(member)
    response, html = get(client, "?theme=payment-by-results")
    assert facet(response, "kind") == {"finding": 1, "risk": 1, "recommendation": 2}
    # The theme facet ignores its own choice: these are the counts of each theme on its own.
    assert facet(response, "theme") == {"payment-by-results": 4, "localism": 2, "funding": 2}
    assert facet(response, "session") == {str(world.s1.pk): 4}
    assert facet(response, "sector") == {"voluntary": 1}
    assert facet(response, "agreement") == {"unanimous": 1}
    assert facet(response, "audience") == {"service_users": 1, "commissioners": 1, "providers": 1}
    assert facet(response, "group") == {"pilot": 4}
    assert 'Funding <span class="count">(2)</span>' in html
    assert '<label for="kind-risk">Risk <span class="count">(1)</span></label>' in html


def test_facets_never_count_what_the_reader_may_not_see(client, facilitator, world):
    response, _ = get(client)
    assert facet(response, "theme") == {"payment-by-results": 3, "funding": 1}
    assert set(facet(response, "session")) == {str(world.s1.pk)}
    assert "localism" not in facet(response, "theme")
    client.force_login(facilitator)
    response, _ = get(client)
    assert facet(response, "theme")["localism"] == 4
    assert set(facet(response, "session")) == {str(s.pk) for s in (world.s1, world.s2, world.s3)}


def test_a_chosen_option_stays_offered_even_with_nothing_left(client, world):
    response, html = get(client, "?theme=payment-by-results&kind=finding&agreement=some")
    assert facet(response, "agreement") == {"unanimous": 1, "some": 0}
    assert 'name="agreement" value="some" id="agreement-some" checked' in html


@pytest.mark.parametrize(
    "query,message",
    [
        ("?kind=bogus", "There is no kind “bogus”"),
        ("?theme=no-such-theme", "There is no theme “no-such-theme”"),
        ("?group=nope", "There is no learning group"),
        ("?sector=nope", "There is no sector"),
        ("?agreement=loud", "There is no level of agreement “loud”"),
        ("?audience=aliens", "There is no party “aliens”"),
        ("?session=abc", "There is no session “abc”"),
        ("?session=99999999999999999999999", "session"),
        ("?page=abc", "The page number must be a whole number"),
        ("?page=0", "The page number must be 1 or more"),
        ("?page=-3", "The page number must be 1 or more"),
        ("?page=99999999999999999999", "far too large"),
        ("?q=" + "x" * 201, "at most 200 characters"),
    ],
)
def test_malformed_filters_are_400_with_a_clear_message(client, world, query, message):
    response, html = get(client, query)
    assert response.status_code == 400
    assert message in html
    assert "This address asks for something" in html
    assert "<h1>Findings</h1>" in html  # the page, with its form, not a bare string


@pytest.mark.parametrize("query", ["?q=%00", "?theme=%00", "?q=a%01b"])
def test_control_characters_are_refused_before_the_browser_reads_them(client, world, query):
    response, html = get(client, query)
    assert response.status_code == 400
    assert "control character" in html


def test_a_session_the_reader_may_not_see_is_an_unknown_session(client, world):
    response, html = get(client, f"?session={world.s3.pk}")
    assert response.status_code == 400
    assert "charliedraft" not in html and "hoteldraftsession" not in html


@pytest.mark.parametrize(
    "query",
    [
        "?kind=risk&kind=finding",
        "?q=a&q=b",
        "?page=1&page=1",
        "?theme=funding&theme=funding",
        "?q=%27%22%3B--%20DROP%20TABLE",
        "?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "?q=(((",
        "?q=%E2%80%9Cpayment%E2%80%9D",
        "?unknown=1",
    ],
)
def test_odd_but_harmless_input_is_200(client, world, query):
    response, html = get(client, query)
    assert response.status_code == 200
    assert "<script>alert(1)" not in html


def test_pagination_25_per_page_keeps_the_filters(client, db):
    session = SessionFactory()
    theme = ThemeFactory(slug="funding")
    for number in range(30):
        FindingFactory(session=session, text=f"Point {number}", order=number, themes=[theme])
    response, html = get(client, "?theme=funding")
    assert len(response.context["page_obj"].object_list) == 25
    assert "Page 1 of 2" in html
    assert 'href="?theme=funding&amp;page=2"' in html
    response, html = get(client, "?theme=funding&page=2")
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 5
    response, html = get(client, "?theme=funding&page=3")
    assert response.status_code == 404
    assert "Page not found" in html


def test_empty_result_is_page_one_not_404(client, world):
    response, html = get(client, "?kind=risk&agreement=unanimous")
    assert response.status_code == 200 and "0 results" in html


def test_htmx_request_gets_the_results_partial(client, world):
    response, html = get(client, "?theme=funding", HX_Request="true")
    assert response.status_code == 200
    assert "<html" not in html and 'id="browser"' in html
    assert "alphapublic" in html
    assert "HX-Request" in response["Vary"]
    assert html.startswith("<title>Findings on Funding – AJC learning groups</title>")
    full, full_html = get(client, "?theme=funding")
    partial = html.split("</title>", 1)[1].strip()
    assert "<html" in full_html and partial in full_html


def test_htmx_bad_filter_gets_the_partial_with_errors(client, world):
    response, html = get(client, "?kind=bogus", HX_Request="true")
    assert response.status_code == 400
    assert "<html" not in html and "There is no kind" in html


def test_history_restore_gets_the_whole_page(client, world):
    _, html = get(client, "?theme=funding", HX_Request="true", HX_History_Restore_Request="true")
    assert "<html" in html


def test_the_form_works_without_javascript(client, world):
    _, html = get(client, "?q=results")
    assert 'method="get"' in html and 'action="/findings/"' in html
    assert '<button type="submit">Show results</button>' in html
    assert 'hx-get="/findings/"' in html and 'hx-push-url="true"' in html


def test_the_url_holds_the_whole_state(client, world):
    _, html = get(client, "?theme=payment-by-results&kind=risk&q=cherry")
    assert 'name="theme" value="payment-by-results" id="theme-payment-by-results" checked' in html
    assert 'name="kind" value="risk" id="kind-risk" checked' in html
    assert 'value="cherry"' in html
    assert "download.csv?q=cherry&amp;kind=risk&amp;theme=payment-by-results" in html


@pytest.mark.parametrize("role", ["anonymous", "member", "facilitator"])
def test_browser_obeys_visibility(client, member, facilitator, world, role):
    user = {"anonymous": None, "member": member, "facilitator": facilitator}[role]
    if user:
        client.force_login(user)
    _, html = get(client)
    expected = {"anonymous": PUBLIC_WORDS, "member": MEMBER_WORDS}.get(role, FACILITATOR_WORDS)
    assert words_in(html) == expected
    assert f"{len(expected)} results" in html


def test_results_are_cached_and_an_edit_shows_on_the_next_request(
    client, world, django_assert_max_num_queries
):
    get(client, "?theme=funding")
    with django_assert_max_num_queries(0):  # a hit needs no form, no filter, no query
        response, html = get(client, "?theme=funding")
    assert "alphapublic" in html
    FindingFactory(session=world.s1, text="A fresh limaword point.", themes=[world.funding])
    _, html = get(client, "?theme=funding")
    assert "limaword" not in html  # the previous version at once; recomputed after responding
    _, html = get(client, "?theme=funding")
    assert "limaword" in html


def test_members_cached_results_never_reach_the_public(client, member, world):
    client.force_login(member)
    _, html = get(client, "?theme=localism")
    assert "bravomembers" in html
    client.logout()
    _, html = get(client, "?theme=localism")
    assert "bravomembers" not in html


def test_items_are_in_report_order_without_a_search(client, world):
    response, _ = get(client)
    kinds = [item.kind for item in response.context["page_obj"].object_list]
    assert kinds == [Item.Kind.FINDING, Item.Kind.RISK, Item.Kind.RECOMMENDATION]


def test_htmx_pushes_the_tidy_address(client, world):
    response, _ = get(client, "?q=&kind=risk&theme=&session=&page=1", HX_Request="true")
    assert response["HX-Push-Url"] == "/findings/?kind=risk"
    response, _ = get(client, "", HX_Request="true")
    assert response["HX-Push-Url"] == "/findings/"


def test_htmx_is_loaded_under_the_csp_without_inline_styles(client, world):
    response, html = get(client)
    # findings.js (with the page's nonce) inserts htmx when a reader reaches for the form: a
    # script from the site itself, which the policy allows.
    assert '<script src="/static/js/findings.js" data-htmx="/static/js/htmx.min.js" nonce="' in html
    script_src = next(
        part.split()[1:]
        for part in response["Content-Security-Policy"].split(";")
        if part.split()[0] == "script-src"
    )
    assert "'self'" in script_src and "'unsafe-inline'" not in script_src
    assert '"includeIndicatorStyles":false' in html
    assert " style=" not in html and "<style" not in html


# Disjunctive facets, the filters in force, the page's title and short summaries (issue 14)


def test_choosing_a_kind_still_offers_the_other_kinds(client, member, world):
    client.force_login(member)
    everything, _ = get(client)
    response, html = get(client, "?kind=risk")
    assert facet(response, "kind") == facet(everything, "kind")
    assert 'value="recommendation" id="kind-recommendation">' in html


def test_ticking_a_theme_keeps_every_box_in_place(client, member, world):
    client.force_login(member)
    before, _ = get(client)
    after, _ = get(client, "?theme=localism")
    assert list(facet(after, "theme").items()) == list(facet(before, "theme").items())
    # Featured themes first, then by name: never by count.
    assert list(facet(after, "theme")) == ["localism", "payment-by-results", "funding"]


def test_the_filters_in_force_each_have_a_remove_link(client, member, world):
    client.force_login(member)
    response, html = get(client, "?kind=risk&theme=localism&theme=funding&q=cherry")
    chosen = {(c.facet, c.label): c.remove_query for c in response.context["chosen"]}
    assert chosen == {
        ("Search", "“cherry”"): "kind=risk&theme=localism&theme=funding",
        ("Kind", "Risk"): "q=cherry&theme=localism&theme=funding",
        ("Themes", "Localism"): "q=cherry&kind=risk&theme=funding",
        ("Themes", "Funding"): "q=cherry&kind=risk&theme=localism",
    }
    assert "Filters applied" in html
    assert 'href="/findings/?q=cherry&amp;kind=risk&amp;theme=funding"' in html
    _, html = get(client)
    assert "Filters applied" not in html


def test_the_filters_fold_away_behind_a_toggle_without_script(client, world):
    _, html = get(client, "?kind=risk")
    assert '<details class="filter-panel" id="filter-panel">' in html
    assert "<summary>Show filters" in html and "(1 applied)" in html
    # The search box, then the toggle, then the results: the facets stay folded on a phone.
    assert html.index('id="id_q"') < html.index("Show filters") < html.index('id="results-heading"')


@pytest.mark.parametrize(
    "query,title",
    [
        ("", "Findings"),
        ("?kind=risk", "Risks"),
        ("?kind=recommendation&audience=commissioners", "Recommendations concerning Commissioners"),
        ("?theme=localism&theme=funding", "Findings on Localism or Funding"),
        ("?kind=finding&agreement=unanimous", "Learning points (unanimous)"),
        ("?q=cherry&page=1", "Findings matching “cherry”"),
    ],
)
def test_the_page_title_says_what_is_shown(client, member, world, query, title):
    client.force_login(member)
    _, html = get(client, query)
    assert f"<title>{title} – AJC learning groups</title>" in html


def test_a_long_item_is_summarised_with_its_full_text_one_click_away(client, world):
    long_text = "Opening words " + " ".join(f"word{n}" for n in range(60)) + " closingwords."
    FindingFactory(session=world.s1, text=long_text, themes=[ThemeFactory()])
    _, html = get(client, "?kind=finding")
    summary = html.split('<p class="summary">Opening words', 1)[1].split("</p>", 1)[0]
    words, link = summary.split(" <a ", 1)
    assert "closingwords" not in html and words.endswith("…")
    # The full text is on the item's page, one click away (not folded into a list of 25).
    item = Item.objects.get(text=long_text)
    assert link.startswith(f'href="{item.get_absolute_url()}">Full text')
    assert "closingwords." in client.get(item.get_absolute_url()).content.decode()


def test_nothing_found_says_what_to_try(client, world):
    _, html = get(client, "?q=zebra&kind=risk")
    assert "Nothing matches “zebra” with these filters" in html
    assert 'href="/findings/?q=zebra">Try without kind: Risk</a>' in html
    assert "Check the spelling" in html


def test_htmx_loads_only_on_the_browser(client, world):
    _, html = get(client)
    assert "htmx.min.js" in html and " hx-" not in html
    home = client.get(reverse("home")).content.decode()
    assert "htmx.min.js" not in home
    assert 'rel="icon"' in home


# The risk register and the recommendations, filtered like the browser (issue 14)

RISKS = reverse("findings:risk_list")


def test_the_risk_register_filters_like_the_browser(client, member, world):
    client.force_login(member)
    response = client.get(RISKS, {"audience": "service_users"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Risk register: Risks concerning Offenders and other service users" in html
    # Each risk with the recommendation that answers it, and no kind filter to undo.
    assert "deltarisk" in html and "echorecommend" in html
    assert "Recommendations that answer it" in html
    assert 'name="kind"' not in html
    assert "Who it concerns: Offenders and other service users" in html
    assert f'href="{RISKS}"' in html  # the remove link stays on the register
    assert facet(response, "audience") == {"service_users": 1}
    response = client.get(RISKS, {"audience": "providers"})
    assert "0 results" in response.content.decode()


def test_the_risk_register_ignores_another_kind_in_its_address(client, world):
    html = client.get(RISKS, {"kind": "finding"}).content.decode()
    assert "deltarisk" in html and "alphapublic" not in html


def test_the_register_pushes_its_own_address_without_the_kind(client, world):
    response = client.get(RISKS + "?theme=payment-by-results", headers={"HX-Request": "true"})
    assert response["HX-Push-Url"] == RISKS + "?theme=payment-by-results"


def test_recommendations_show_the_risks_they_answer(client, world):
    response = client.get(reverse("findings:recommendation_list"), {"audience": "commissioners"})
    html = response.content.decode()
    assert "echorecommend" in html and "Risks it answers" in html and "deltarisk" in html


def test_featured_themes_first_and_the_others_folded_unless_chosen(client, member, world):
    client.force_login(member)
    _, html = get(client)
    assert '<details class="more-options" id="more-theme">' in html
    assert html.index('id="theme-localism"') < html.index("More themes")
    assert html.index("More themes") < html.index('id="theme-funding"')
    _, html = get(client, "?theme=funding")
    assert '<details class="more-options" id="more-theme" open>' in html


def test_long_facets_offer_their_most_frequent_options_and_the_chosen_one(
    client, facilitator, world, monkeypatch
):
    """A page's size must not grow with the data (thousands of sessions at a million items):
    a long facet offers its MAX_OPTIONS most frequent options, plus whatever is chosen."""
    from findings import facets

    monkeypatch.setattr(facets, "MAX_OPTIONS", 1)
    client.force_login(facilitator)
    response, _ = get(client)
    assert len(facet(response, "session")) == 1
    counts = {session.pk: session.items.count() for session in (world.s1, world.s2, world.s3)}
    least = min(counts, key=counts.get)
    response, _ = get(client, f"?session={least}")
    offered = facet(response, "session")
    assert str(least) in offered and len(offered) == 2


def test_the_form_sent_without_javascript_lands_on_its_tidy_address(client, world):
    # A plain GET form sends every field, the empty ones too; htmx pushes the tidy address.
    response = client.get("/findings/?q=partnership&kind=&theme=&page=")
    assert response.status_code == 302
    assert response["Location"] == "/findings/?q=partnership"
    assert client.get("/findings/?kind=&q=").headers["Location"] == "/findings/"
    assert client.get(response["Location"]).status_code == 200
    # The risk register keeps its own path.
    assert client.get("/findings/risks/?q=&theme=x")["Location"] == "/findings/risks/?theme=x"
