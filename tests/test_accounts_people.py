"""Issue 26: facilitators manage people in the admin (deactivate, change role, see the last
sign-in); nobody can remove the last facilitator with two-factor set up."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from .factories import FacilitatorFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase"
CHANGELIST = "admin:accounts_person_changelist"


@pytest.fixture
def admin_client(client, facilitator):
    client.force_login(facilitator)
    return client


def act(client, action, *people):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [p.pk for p in people]},
        follow=True,
    )


def change(client, person, **fields):
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "role": "facilitator" if person.is_staff else "member",
        "is_active": "on" if person.is_active else "",
        **fields,
    }
    return client.post(reverse("admin:accounts_person_change", args=[person.pk]), data)


def test_facilitators_see_people_with_their_role_and_last_sign_in(admin_client, member, superuser):
    Client().post(reverse("login"), {"username": "member", "password": PASSWORD})
    member.refresh_from_db()
    assert member.last_login is not None
    page = admin_client.get(reverse(CHANGELIST))
    assert page.status_code == 200
    html = page.content.decode()
    assert "member" in html and "Last login" in html
    assert "Facilitator" in html and "Member" in html
    # Administrators are not theirs to manage.
    assert f"/{superuser.pk}/change/" not in html
    # Django's own user admin stays closed to them.
    assert admin_client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_deactivating_someone_signs_them_out_and_stops_their_sign_in(admin_client, member):
    browser = Client()
    browser.post(reverse("login"), {"username": "member", "password": PASSWORD})
    assert browser.get(reverse("accounts:account")).status_code == 200
    act(admin_client, "deactivate", member)
    member.refresh_from_db()
    assert not member.is_active
    assert browser.get(reverse("accounts:account")).status_code == 302
    response = Client().post(reverse("login"), {"username": "member", "password": PASSWORD})
    assert response.status_code != 302 or "inactive" in response["Location"]


def test_changing_someones_role(admin_client, member):
    response = change(admin_client, member, role="facilitator")
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_staff
    assert member.groups.filter(name="Facilitators").exists()
    act(admin_client, "make_member", member)
    member.refresh_from_db()
    assert not member.is_staff and not member.groups.exists()


def test_the_last_facilitator_with_two_factor_cannot_be_removed(admin_client, facilitator):
    # Another facilitator who has not set up two-factor cannot open the admin: it does not
    # count.
    FacilitatorFactory(username="newcomer", second_factor=False)
    page = act(admin_client, "deactivate", facilitator).content.decode()
    assert "last facilitator with two-factor authentication" in page
    page = act(admin_client, "make_member", facilitator).content.decode()
    assert "last facilitator with two-factor authentication" in page
    response = change(admin_client, facilitator, is_active="")
    assert response.status_code == 200
    assert "last facilitator with two-factor authentication" in response.content.decode()
    facilitator.refresh_from_db()
    assert facilitator.is_active and facilitator.is_staff
    # Nor can they delete their own account.
    response = admin_client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 400
    assert "last facilitator" in response.content.decode()
    facilitator.refresh_from_db()


def test_with_another_such_facilitator_one_can_step_down(admin_client, facilitator):
    FacilitatorFactory(username="second")
    act(admin_client, "make_member", facilitator)
    facilitator.refresh_from_db()
    assert not facilitator.is_staff
    assert not facilitator.groups.filter(name="Facilitators").exists()


def test_members_cannot_manage_people(client, member):
    client.force_login(member)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code in {302, 403}


def test_nobody_is_added_or_deleted_here(admin_client, member):
    assert admin_client.get(reverse("admin:accounts_person_add")).status_code == 403
    response = admin_client.get(reverse("admin:accounts_person_delete", args=[member.pk]))
    assert response.status_code == 403
    assert Group.objects.filter(name="Facilitators").exists()
    assert UserFactory._meta.model.objects.filter(pk=member.pk).exists()
