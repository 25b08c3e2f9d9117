"""Issue 26: "Forgotten your password?" by email: throttled, the same answer for an unknown
address as for a known one, single-use links that expire, every other session signed out."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from .factories import UserFactory

pytestmark = pytest.mark.django_db

OLD = "a long enough passphrase"
NEW = "a brand new passphrase here"
LINK = re.compile(r"https?://\S+/accounts/password/reset/key/\S+")


@pytest.fixture
def person(db):
    return UserFactory(username="sam", email="sam@example.org")


def ask(client, email):
    return client.post(reverse("account_reset_password"), {"email": email})


def link_in(mailoutbox):
    return LINK.search(mailoutbox[-1].body).group(0)


def choose(client, link, password=NEW, again=None):
    form = client.get(link, follow=True)
    url = form.redirect_chain[-1][0] if form.redirect_chain else link
    return client.post(url, {"password1": password, "password2": again or password})


def signed_in(client):
    return client.get(reverse("followup:following")).status_code == 200


def test_the_sign_in_page_offers_it(client):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("account_reset_password")}">Forgotten your password?' in page


def test_known_and_unknown_addresses_get_the_same_answer(client, person, mailoutbox):
    known, unknown = ask(client, "sam@example.org"), ask(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content
    # Only the account's owner gets an email.
    assert [m.to for m in mailoutbox] == [["sam@example.org"]]


def test_a_reset_link_works_once_and_signs_out_every_other_session(client, person, mailoutbox):
    elsewhere = Client()
    assert elsewhere.login(username="sam", password=OLD)
    assert signed_in(elsewhere)

    ask(client, "sam@example.org")
    # The site's own British wording, not allauth's ("Password Reset Email", "Hello from").
    assert mailoutbox[-1].subject == "AJC learning groups: Choose a new password"
    assert "Hello from" not in mailoutbox[-1].body
    link = link_in(mailoutbox)
    response = choose(client, link)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    person.refresh_from_db()
    assert person.check_password(NEW)
    # The other browser's session has ended.
    assert not signed_in(elsewhere)

    # The same link again changes nothing, and says why.
    again = client.get(link, follow=True)
    assert "This link cannot be used" in again.content.decode()
    choose(client, link, password="yet another passphrase")
    person.refresh_from_db()
    assert person.check_password(NEW)


def test_an_expired_link_is_refused(client, person, mailoutbox, settings):
    ask(client, "sam@example.org")
    settings.PASSWORD_RESET_TIMEOUT = -1
    page = client.get(link_in(mailoutbox), follow=True).content.decode()
    assert "This link cannot be used" in page
    assert "has expired" in page


def test_a_tampered_link_is_refused(client, person, mailoutbox):
    ask(client, "sam@example.org")
    link = link_in(mailoutbox)
    page = client.get(link[:-4] + "abc/", follow=True).content.decode()
    assert "This link cannot be used" in page


def test_a_new_password_form_keeps_nothing_secret_but_says_what_is_wrong(
    client, person, mailoutbox
):
    ask(client, "sam@example.org")
    response = choose(client, link_in(mailoutbox), password=NEW, again="not the same")
    assert response.status_code == 200
    assert "Your password has not been changed yet" in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(OLD)


def test_asking_is_throttled_per_address(client, person, mailoutbox):
    for _ in range(3):
        ask(client, "sam@example.org")
    assert len(mailoutbox) == 3
    response = ask(client, "sam@example.org")
    assert len(mailoutbox) == 3
    assert response.status_code in {200, 429}


def test_the_typed_address_is_kept_on_an_error(client):
    response = ask(client, "not an address")
    assert response.status_code == 200
    assert 'value="not an address"' in response.content.decode()


def test_changing_the_password_keeps_this_session_and_ends_the_others(client, person):
    elsewhere = Client()
    assert elsewhere.login(username="sam", password=OLD)
    client.post(reverse("login"), {"username": "sam", "password": OLD})
    page = client.get(reverse("account_change_password")).content.decode()
    assert "Current password" in page
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": OLD, "password1": NEW, "password2": NEW},
    )
    assert response.status_code == 302
    assert signed_in(client)
    assert not signed_in(elsewhere)
