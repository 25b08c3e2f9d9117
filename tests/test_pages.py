"""The public pages: home, a learning group, an item, a theme, the risk register, the
recommendations, signing in and out, and the error pages; each obeying the one visibility rule."""

import pytest
from django.urls import reverse

from .factories import FindingFactory, words_in
from .support import saved

pytestmark = pytest.mark.django_db


# Home and group pages


def test_home_shows_the_group_schedule_themes_and_recent_points(client, world):
    html = client.get(reverse("home")).content.decode()
    assert "Pilot Learning Group" in html
    assert "Models of partnership working" in html and "Havant" in html and "April 2012" in html
    assert "Featured themes" in html and "Payment by results" in html
    assert "Recent learning points" in html and "alphapublic" in html
    assert html.count("<h1") == 1


def test_home_schedule_and_counts_obey_visibility(reader, world):
    response = reader.client.get(reverse("home"))
    html = response.content.decode()
    themes = {entry["theme"].slug: entry["count"] for entry in response.context["themes"]}
    expected = {
        # A featured theme only hidden items carry is not shown at all (issue 9, finding 7).
        "anonymous": ({"payment-by-results": 3}, False, False),
        "member": ({"payment-by-results": 4, "localism": 2}, True, False),
        "facilitator": ({"payment-by-results": 4, "localism": 4}, True, True),
    }[reader.role]
    assert themes == expected[0]
    assert ("Norwich" in html) is expected[1]
    assert ("Wakefield" in html) is expected[2]
    assert "funding" not in themes  # only featured themes on the home page
    assert words_in(html) <= reader.words


def test_group_page_has_introduction_schedule_and_sharing(client, world):
    response = client.get(world.group.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>experience</strong>" in html
    assert "evening seminar" in html
    assert "Havant" in html and "Norwich" not in html and "Wakefield" not in html
    assert world.s1.get_absolute_url() in html


def test_unknown_group_is_404(client, db):
    response = client.get(reverse("sessions:group_detail", args=["no-such-group"]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


# Item page


@pytest.mark.parametrize(
    "name,visible_to",
    [
        ("f1", {"anonymous", "member", "facilitator"}),
        ("f2", {"member", "facilitator"}),
        ("f3", {"facilitator"}),
        ("f4", {"member", "facilitator"}),
        ("f5", {"facilitator"}),
    ],
)
def test_item_page_obeys_visibility(reader, world, name, visible_to):
    item = getattr(world, name)
    response = reader.client.get(item.get_absolute_url())
    assert response.status_code == (200 if reader.role in visible_to else 404)


def test_item_page_links_to_its_session_and_themes(client, world):
    html = client.get(world.f1.get_absolute_url()).content.decode()
    assert f'href="{world.s1.get_absolute_url()}"' in html
    assert world.s1.get_absolute_url() == reverse(
        "reports:session_detail", kwargs={"group_slug": "pilot", "number": 1}
    )
    assert f'href="{world.pbr.get_absolute_url()}"' in html
    assert "Unanimous" in html and "Voluntary and community sector" in html


def test_recommendation_page_lists_the_risks_it_answers(client, world):
    html = client.get(world.rec1.get_absolute_url()).content.decode()
    assert "Risks it answers" in html and "deltarisk" in html
    assert world.r1.get_absolute_url() in html


def test_risk_page_lists_only_visible_recommendations(client, member, world):
    html = client.get(world.r1.get_absolute_url()).content.decode()
    assert "echorecommend" in html and "foxtrotmembers" not in html
    assert "Offenders and other service users" in html
    client.force_login(member)
    html = client.get(world.r1.get_absolute_url()).content.decode()
    assert "echorecommend" in html and "foxtrotmembers" in html


def test_unknown_item_is_404(client, db):
    assert client.get(reverse("findings:item_detail", args=[987654])).status_code == 404


# Theme page


def test_theme_page_groups_items_by_session_in_date_order(client, member, world):
    client.force_login(member)
    html = client.get(world.localism.get_absolute_url()).content.decode()
    assert html.index("Session 1: Models of partnership working") < html.index(
        "Session 2: Localism"
    )
    assert "bravomembers" in html and "golfsession" in html
    assert "<h3>Learning points</h3>" in html


def test_theme_page_shows_each_kind_under_its_heading(client, world):
    html = client.get(world.pbr.get_absolute_url()).content.decode()
    points, risks, recommendations = (
        html.index("<h3>Learning points</h3>"),
        html.index("<h3>Risks</h3>"),
        html.index("<h3>Recommendations</h3>"),
    )
    assert points < html.index("alphapublic") < risks < html.index("deltarisk") < recommendations
    assert recommendations < html.index("echorecommend")


def test_theme_page_obeys_visibility(reader, world):
    html = reader.client.get(world.localism.get_absolute_url()).content.decode()
    localism = {"bravomembers", "charliedraft", "golfsession", "hoteldraftsession"}
    assert words_in(html) == reader.words & localism


@pytest.mark.parametrize(
    "query,status", [("?page=abc", 400), ("?page=0", 400), ("?page=99", 404), ("?page=1", 200)]
)
def test_theme_page_bad_pages(client, world, query, status):
    response = client.get(world.pbr.get_absolute_url() + query)
    assert response.status_code == status


def test_unknown_theme_is_404(client, db):
    response = client.get(reverse("findings:theme_detail", args=["no-such-theme"]))
    assert response.status_code == 404


def test_a_theme_made_visible_moments_ago_is_found_and_a_hidden_one_is_gone(client, db):
    from .factories import SessionFactory, ThemeFactory

    theme = ThemeFactory(slug="newly-public", name="Newly public")
    point = FindingFactory(
        session=SessionFactory(visibility="public"), visibility="members", themes=[theme]
    )
    url = theme.get_absolute_url()
    browser = reverse("findings:item_list") + "?theme=newly-public"
    assert client.get(url).status_code == 404  # only a members' item carries it: kept as such
    assert client.get(browser).status_code == 400
    saved(point, visibility="public")  # widening: some values may be served as they were…
    assert client.get(url).status_code == 200
    assert client.get(browser).status_code == 200
    saved(point, visibility="members")
    assert client.get(url).status_code == 404
    assert client.get(browser).status_code == 400


# Risk register and recommendations


def test_risk_register_shows_who_is_exposed_and_visible_answers(client, member, world):
    html = client.get(reverse("findings:risk_list")).content.decode()
    assert "deltarisk" in html and "Offenders and other service users" in html
    assert "echorecommend" in html and "foxtrotmembers" not in html
    assert "alphapublic" not in html  # learning points are not risks
    client.force_login(member)
    html = client.get(reverse("findings:risk_list")).content.decode()
    assert "foxtrotmembers" in html


def test_recommendations_show_audience_strength_and_risks(client, member, world):
    html = client.get(reverse("findings:recommendation_list")).content.decode()
    assert "echorecommend" in html and "Commissioners" in html
    assert "Strongly recommended" in html and "deltarisk" in html
    assert "foxtrotmembers" not in html
    client.force_login(member)
    assert "foxtrotmembers" in client.get(reverse("findings:recommendation_list")).content.decode()


@pytest.mark.parametrize("name", ["findings:risk_list", "findings:recommendation_list"])
@pytest.mark.parametrize("query,status", [("?page=x", 400), ("?page=5", 404)])
def test_registers_bad_pages(client, world, name, query, status):
    assert client.get(reverse(name) + query).status_code == status


# robots.txt


def test_robots_txt_lets_every_crawler_read_the_site(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    rules = [line.split("#")[0].strip() for line in response.content.decode().splitlines()]
    rules = [rule for rule in rules if rule]
    # One group for every crawler, disallowing nothing (an empty Disallow allows all), and no
    # Sitemap line: the site has none.
    assert rules == ["User-agent: *", "Disallow:"]


# Signing in and out, error pages


def test_login_page_and_sign_in(client, member):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'for="id_username"' in html and 'autocomplete="current-password"' in html
    response = client.post(
        reverse("login"), {"username": "member", "password": "a long enough passphrase"}
    )
    assert response.status_code == 302
    html = client.get(reverse("home")).content.decode()
    assert "Sign out" in html and 'action="/accounts/logout/"' in html


def test_failed_sign_in_explains(client, member):
    response = client.post(reverse("login"), {"username": "member", "password": "wrong"})
    assert response.status_code == 200
    assert "You could not be signed in" in response.content.decode()


def test_sign_out_is_a_post_and_shows_a_page(client, member):
    client.force_login(member)
    response = client.post(reverse("logout"))
    assert response.status_code in {200, 302}
    assert "_auth_user_id" not in client.session


def test_logged_out_template_renders(client, db):
    from django.template.loader import render_to_string

    assert "You have signed out" in render_to_string("registration/logged_out.html")


def test_404_page_is_the_site_page(client, db):
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html and "Skip to main content" in html


def test_500_page_renders_without_the_request_context(rf):
    from ajc.errors import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()


def test_visible_content_is_cached_per_audience(client, member, world):
    """A member's cached home page never leaks to the public; after an edit, the first reader
    may be given the previous version while the worker computes the page again
    (``ajc.cache.refresh``), and every reader after it sees the edit."""
    client.force_login(member)
    assert "Norwich" in client.get(reverse("home")).content.decode()
    client.logout()
    html = client.get(reverse("home")).content.decode()
    assert "Norwich" not in html
    FindingFactory(session=world.s1, text="A new kiloword learning point.", themes=[world.pbr])
    first = client.get(reverse("home")).content.decode()
    assert "kiloword" not in first  # the previous version, at once
    assert "kiloword" in client.get(reverse("home")).content.decode()
