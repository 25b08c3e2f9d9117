"""Issue 9, finding 9 (sign-in throttling) and finding 1's start-up check (no per-process cache
in production)."""

import datetime
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.management import call_command
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long enough passphrase"
LIMITS = {("ip_address", "username"): 3, ("username",): 6, ("ip_address",): 8}


class CountingHasher(MD5PasswordHasher):
    """The fast hasher, counting how often a password is hashed."""

    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


@pytest.fixture(autouse=True)
def _throttle(settings):
    settings.PASSWORD_HASHERS = ["tests.test_trust_signin.CountingHasher"]
    settings.AXES_FAILURE_LIMIT = LIMITS[("ip_address", "username")]
    settings.AJC_LOGIN_FAILURE_LIMITS = LIMITS


@pytest.fixture
def member(db, django_user_model):
    return django_user_model.objects.create_user("member", password=PASSWORD)


def sign_in(client, username, password, address):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def address(n: int) -> str:
    return f"198.51.100.{n}"


@pytest.mark.django_db
def test_one_account_is_locked_after_failures_from_many_addresses(client, member):
    for n in range(LIMITS[("username",)]):
        assert sign_in(client, "member", "wrong", address(n)).status_code in {200, 429}
    # From an address that never failed, even the right password is refused for the cool-off.
    assert sign_in(client, "member", PASSWORD, address(200)).status_code == 429


@pytest.mark.django_db
def test_one_address_is_locked_after_failures_across_many_accounts(client, member):
    for n in range(LIMITS[("ip_address",)]):
        assert sign_in(client, f"someone-{n}", "wrong", address(1)).status_code in {200, 429}
    assert sign_in(client, "member", PASSWORD, address(1)).status_code == 429
    # Another address is not affected.
    assert sign_in(client, "member", PASSWORD, address(2)).status_code == 302


@pytest.mark.django_db
def test_the_pair_keeps_its_own_lower_limit(client, member):
    for _ in range(LIMITS[("ip_address", "username")]):
        sign_in(client, "member", "wrong", address(1))
    assert sign_in(client, "member", PASSWORD, address(1)).status_code == 429
    assert sign_in(client, "member", PASSWORD, address(2)).status_code == 302


@pytest.mark.django_db
def test_signing_in_does_not_clear_the_addresss_count_for_other_usernames(client, member):
    for n in range(LIMITS[("ip_address",)] - 1):
        sign_in(client, f"someone-{n}", "wrong", address(1))
    assert sign_in(client, "member", PASSWORD, address(1)).status_code == 302
    client.logout()
    assert sign_in(client, "someone-else", "wrong", address(1)).status_code == 429


@pytest.mark.django_db
def test_an_unknown_username_costs_the_same_password_hash_as_a_real_one(client, member):
    CountingHasher.calls = 0
    sign_in(client, "member", "wrong", address(1))
    known = CountingHasher.calls
    CountingHasher.calls = 0
    sign_in(client, "nobody-by-this-name", "wrong", address(2))
    assert known == CountingHasher.calls == 1


@pytest.mark.django_db
def test_made_up_usernames_add_a_bounded_number_of_rows(client, settings):
    for n in range(50):
        sign_in(client, f"made-up-{n}", "wrong", address(1))
    assert AccessAttempt.objects.count() <= LIMITS[("ip_address",)]
    # Attempts older than the cool-off are deleted at the next failure, from anywhere.
    AccessAttempt.objects.update(attempt_time=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    sign_in(client, "made-up-again", "wrong", address(2))
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["made-up-again"]


@pytest.mark.django_db
def test_an_administrator_unlocks_an_account_with_the_command(client, member):
    for n in range(LIMITS[("username",)]):
        sign_in(client, "member", "wrong", address(n))
    assert sign_in(client, "member", PASSWORD, address(100)).status_code == 429
    call_command("axes_reset_username", "member", verbosity=0)
    assert sign_in(client, "member", PASSWORD, address(100)).status_code == 302


@pytest.mark.django_db
def test_an_administrator_unlocks_an_account_in_the_admin(client, member, superuser):
    for n in range(LIMITS[("username",)]):
        sign_in(client, "member", "wrong", address(n))
    assert sign_in(client, "member", PASSWORD, address(100)).status_code == 429
    admin = client.__class__()
    admin.force_login(superuser)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert admin.get(changelist, {"username": "member"}).status_code == 200
    ids = list(AccessAttempt.objects.filter(username="member").values_list("pk", flat=True))
    response = admin.post(
        changelist,
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302
    assert sign_in(client, "member", PASSWORD, address(100)).status_code == 302


# Finding 1: production refuses a per-process cache ----------------------------------------------


def production_check(tmp_path, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AJC_", "REDIS"))}
    base.update(
        AJC_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'p.sqlite3'}",
        DJANGO_LOG_LEVEL="ERROR",
        **env,
    )
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.CACHES['default']['BACKEND'])"
    return subprocess.run(  # noqa: S603 - our own settings
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "ajc.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.processes
def test_production_refuses_a_per_process_cache(tmp_path):
    result = production_check(
        tmp_path, DJANGO_CACHE_BACKEND="django.core.cache.backends.locmem.LocMemCache"
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "shared" in result.stderr


@pytest.mark.processes
def test_production_uses_the_database_cache_or_redis(tmp_path):
    assert production_check(tmp_path).stdout.strip().endswith("db.DatabaseCache")
    redis = production_check(tmp_path, REDIS_URL="redis://127.0.0.1:6379/3")
    assert redis.stdout.strip().endswith("redis.RedisCache")
