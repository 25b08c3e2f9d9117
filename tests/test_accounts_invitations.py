"""Issue 26: facilitators invite people as members; each gets a single-use link that expires,
chooses a password and lands on the page they were invited to."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation
from sessions.models import Sector

from .factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase"
LINK = re.compile(r"https?://\S+/accounts/invitation/[^/\s]+/")


@pytest.fixture
def sectors(db):
    return [
        Sector.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in (("public", "Public"), ("voluntary", "Voluntary"))
    ]


@pytest.fixture
def admin_client(client, facilitator):
    client.force_login(facilitator)
    return client


def invite(client, people="", csv_text=None, next_url="/findings/"):
    data = {"people": people, "next_url": next_url}
    if csv_text is not None:
        data["csv_file"] = SimpleUploadedFile("people.csv", csv_text.encode(), "text/csv")
    return client.post(reverse("admin:accounts_invitation_add"), data)


def link_for(mailoutbox, email):
    (message,) = [m for m in mailoutbox if m.to == [email]][-1:]
    return LINK.search(message.body).group(0)


def accept(client, link, username="sam", password=PASSWORD, name="Sam Jones"):
    return client.post(
        link, {"name": name, "username": username, "password1": password, "password2": password}
    )


def test_a_facilitator_invites_a_pasted_list_and_a_csv_file(
    admin_client, mailoutbox, sectors, settings
):
    settings.AJC_SITE_URL = "https://kb.example.org"
    response = invite(
        admin_client,
        people="Sam Jones, sam@example.org, Havant Council, Public\n",
        csv_text=(
            "name,email,organisation,sector\nAlex Lee,alex@example.org,Shelter Trust,voluntary\n"
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "alex@example.org",
        "sam@example.org",
    ]
    alex = Invitation.objects.get(email="alex@example.org")
    assert (alex.organisation, alex.sector.slug, alex.next_url) == (
        "Shelter Trust",
        "voluntary",
        "/findings/",
    )
    assert sorted(m.to[0] for m in mailoutbox) == ["alex@example.org", "sam@example.org"]
    assert link_for(mailoutbox, "sam@example.org").startswith("https://kb.example.org/")
    # Only a digest of the token is stored: the link is in the email alone.
    token = link_for(mailoutbox, "sam@example.org").rstrip("/").rsplit("/", 1)[-1]
    assert not Invitation.objects.filter(token_hash=token).exists()
    listing = admin_client.get(reverse("admin:accounts_invitation_changelist")).content.decode()
    assert listing.count('<td class="field-state">Sent</td>') == 2


def test_the_invitee_chooses_a_password_and_lands_on_the_page_invited_to(
    admin_client, client, mailoutbox, sectors
):
    invite(admin_client, people="Sam Jones, sam@example.org")
    admin_client.logout()
    link = link_for(mailoutbox, "sam@example.org")
    page = client.get(link)
    assert page.status_code == 200
    assert "sam@example.org" in page.content.decode()
    response = accept(client, link)
    assert response.status_code == 302
    assert response["Location"] == "/findings/"
    user = get_user_model().objects.get(username="sam")
    assert (user.email, user.first_name, user.last_name, user.is_staff) == (
        "sam@example.org",
        "Sam",
        "Jones",
        False,
    )
    assert int(client.session["_auth_user_id"]) == user.pk
    invitation = Invitation.objects.get()
    assert invitation.state == "accepted" and invitation.user == user
    # The link worked once.
    client.logout()
    again = accept(client, link, username="sam2")
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert get_user_model().objects.filter(email="sam@example.org").count() == 1


def test_an_expired_link_is_refused_clearly_and_makes_no_account(admin_client, client, mailoutbox):
    invite(admin_client, people="Sam Jones, sam@example.org")
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    link = link_for(mailoutbox, "sam@example.org")
    for response in (client.get(link), accept(client, link)):
        assert response.status_code == 410
        assert "This invitation has expired" in response.content.decode()
    assert not get_user_model().objects.filter(username="sam").exists()
    listing = admin_client.get(
        reverse("admin:accounts_invitation_changelist"), {"state": "expired"}
    )
    assert "sam@example.org" in listing.content.decode()


def test_a_tampered_link_is_not_found(admin_client, client, mailoutbox):
    invite(admin_client, people="Sam Jones, sam@example.org")
    link = link_for(mailoutbox, "sam@example.org")
    response = client.get(link[:-3] + "xx/")
    assert response.status_code == 404
    assert "This invitation link is not valid" in response.content.decode()


def test_resending_replaces_the_link_and_withdrawing_stops_it(admin_client, client, mailoutbox):
    invite(admin_client, people="Sam Jones, sam@example.org")
    first = link_for(mailoutbox, "sam@example.org")
    invitation = Invitation.objects.get()
    changelist = reverse("admin:accounts_invitation_changelist")
    admin_client.post(changelist, {"action": "resend", "_selected_action": [invitation.pk]})
    second = link_for(mailoutbox, "sam@example.org")
    assert second != first and len(mailoutbox) == 2
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    admin_client.post(changelist, {"action": "withdraw", "_selected_action": [invitation.pk]})
    response = client.get(second)
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()


def test_an_address_with_an_account_is_told_to_the_facilitator_only(admin_client, mailoutbox):
    UserFactory(username="existing", email="Existing@Example.org")
    response = invite(admin_client, people="Someone, existing@example.org", next_url="/")
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert not Invitation.objects.exists()
    assert mailoutbox == []
    page = admin_client.get(response["Location"]).content.decode()
    assert "existing@example.org already has an account" in page.lower()


def test_bad_lines_invite_nobody_and_keep_what_was_typed(admin_client, mailoutbox):
    typed = "Sam Jones, sam@example.org\nNo Address, not-an-address\nX, x@example.org, Org, Nowhere"
    response = invite(admin_client, people=typed)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Line 2: “not-an-address” is not an email address." in page
    assert "Line 3: no sector called “Nowhere”" in page
    assert "not-an-address" in response.context["form"]["people"].value()
    assert not Invitation.objects.exists() and mailoutbox == []


def test_the_join_form_keeps_what_was_typed_on_an_error(admin_client, client, mailoutbox):
    invite(admin_client, people="Sam Jones, sam@example.org")
    link = link_for(mailoutbox, "sam@example.org")
    response = client.post(
        link,
        {
            "name": "Samantha Jones",
            "username": "samj",
            "password1": PASSWORD,
            "password2": "something else entirely",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The two passwords are not the same." in page
    assert 'value="Samantha Jones"' in page and 'value="samj"' in page
    assert not get_user_model().objects.filter(username="samj").exists()


def test_members_cannot_invite(client, member):
    client.force_login(member)
    response = client.get(reverse("admin:accounts_invitation_add"))
    assert response.status_code in {302, 403}
    assert not Invitation.objects.exists()


def test_an_outside_next_page_is_refused(admin_client):
    response = invite(admin_client, people="Sam, sam@example.org", next_url="https://evil.example/")
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_an_address_that_gets_an_account_meanwhile_is_not_given_a_second(
    admin_client, client, mailoutbox
):
    invite(admin_client, people="Sam Jones, sam@example.org")
    UserFactory(username="sam-already", email="sam@example.org")
    response = accept(client, link_for(mailoutbox, "sam@example.org"))
    assert response.status_code == 410
    assert "This address already has an account" in response.content.decode()
    assert get_user_model().objects.filter(email="sam@example.org").count() == 1


def test_guessing_invitation_links_is_throttled(admin_client, client, mailoutbox):
    invite(admin_client, people="Sam Jones, sam@example.org")
    for n in range(10):
        assert client.get(reverse("accounts:invitation", args=[f"guess{n}"])).status_code == 404
    response = client.get(link_for(mailoutbox, "sam@example.org"))
    assert response.status_code == 429
    assert "Too many invitation links tried" in response.content.decode()


def test_the_invitee_may_join_without_a_password_and_sign_in_by_emailed_codes(
    admin_client, client, mailoutbox
):
    invite(admin_client, people="Sam Jones, sam@example.org")
    admin_client.logout()
    link = link_for(mailoutbox, "sam@example.org")
    assert "Without a password" in client.get(link).content.decode()
    response = client.post(link, {"name": "Sam Jones", "username": "sam", "sign_in_by": "code"})
    assert response.status_code == 302
    assert response["Location"] == "/findings/"
    user = get_user_model().objects.get(username="sam")
    assert not user.has_usable_password()
    assert int(client.session["_auth_user_id"]) == user.pk
    # Later sign-ins: a code emailed to the invitation's address.
    client.logout()
    client.post(reverse("account_request_login_code"), {"email": "sam@example.org"})
    code = re.search(r"Your sign-in code is:\s+(\S+)", mailoutbox[-1].body).group(1)
    client.post(reverse("account_confirm_login_code"), {"code": code})
    assert int(client.session["_auth_user_id"]) == user.pk


def test_joining_with_a_password_still_needs_one(admin_client, client, mailoutbox):
    invite(admin_client, people="Sam Jones, sam@example.org")
    link = link_for(mailoutbox, "sam@example.org")
    response = client.post(link, {"name": "Sam Jones", "username": "sam", "sign_in_by": "password"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not get_user_model().objects.filter(username="sam").exists()


def test_a_member_without_a_password_deletes_their_account_after_an_emailed_code(
    admin_client, client, mailoutbox
):
    invite(admin_client, people="Sam Jones, sam@example.org")
    admin_client.logout()
    client.post(
        link_for(mailoutbox, "sam@example.org"),
        {"name": "Sam Jones", "username": "sam", "sign_in_by": "code"},
    )
    # No password to type: the page first asks them to confirm it is them, by a code.
    response = client.get(reverse("accounts:delete"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_request_reauthentication_code"))
    client.post(reverse("account_request_reauthentication_code"), {"recipient": "sam@example.org"})
    code = re.search(r"^\s*([A-Z0-9-]{6,})\s*$", mailoutbox[-1].body, re.M).group(1)
    client.post(reverse("account_confirm_reauthentication_code"), {"code": code})
    page = client.get(reverse("accounts:delete"))
    assert page.status_code == 200
    assert 'name="password"' not in page.content.decode()
    client.post(reverse("accounts:delete"))
    assert not get_user_model().objects.filter(username="sam").exists()
