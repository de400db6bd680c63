"""Wrong passwords slow down the address they come from, not the account they aim at: an
attacker who knows an address cannot lock its owner out, and the owner is told by mail."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from people import login_throttle
from workshop.models import OutgoingEmail

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
OWNER = "198.51.100.20"
OWNER_EMAIL = "ada@uni.example.edu"
WRONG = "The email address and/or password you specified are not correct."
WAIT = "Too many wrong passwords came from your network."
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Each checked password costs a full PBKDF2 otherwise; what is counted is the same.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def frozen():
    """Time stands still: a wait started by a failure lasts through the whole test."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def log_in(client, password, address, email=OWNER_EMAIL):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )


def get_token(client, password, address, email=OWNER_EMAIL):
    return client.post(
        reverse("api-token"),
        {"email": email, "password": password},
        content_type="application/json",
        REMOTE_ADDR=address,
    )


def test_thirty_wrong_passwords_throttle_the_attacker_not_the_owner(
    client, frozen, django_capture_on_commit_callbacks
):
    owner = UserFactory(email=OWNER_EMAIL)
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(30):
            html = log_in(client, "guess-123456", ATTACKER).content.decode()
            answers.append("wrong" if WRONG in html else "wait" if WAIT in html else "?")
    # Ten free failures, the eleventh starts a 2 s wait: 19 of the 30 were not even checked.
    assert answers == ["wrong"] * 11 + ["wait"] * 19
    # The 31st form in a minute from that address meets allauth's request limit.
    refused = log_in(client, PASSWORD, ATTACKER)
    assert refused.status_code == 429 and "Too many requests" in refused.content.decode()
    assert "_auth_user_id" not in client.session

    # The owner, from their own address, logs in with the right password at once.
    response = log_in(client, PASSWORD, OWNER)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)

    # …and was told once, by a mail in the outbox.
    told = OutgoingEmail.objects.get(template_key="failed_logins")
    assert told.to == OWNER_EMAIL and told.state == "sent"
    assert "10 times" in told.text_body and ATTACKER in told.text_body
    assert "Your account is not locked" in told.text_body


def test_the_right_password_waits_too_while_its_address_waits(client, frozen):
    """Else the wait would tell the attacker which guess was right."""
    UserFactory(email=OWNER_EMAIL)
    for _ in range(11):
        log_in(client, "guess-123456", ATTACKER)
    html = log_in(client, PASSWORD, ATTACKER).content.decode()
    assert "Wait 2 seconds before you try again, or reset your password." in html
    assert "_auth_user_id" not in client.session
    frozen.shift(timedelta(seconds=3))
    assert log_in(client, PASSWORD, ATTACKER).status_code == 302


def test_the_token_endpoint_throttles_the_address_too(client, frozen):
    UserFactory(email=OWNER_EMAIL)
    statuses = [get_token(client, "guess-123456", ATTACKER).status_code for _ in range(29)]
    assert statuses == [401] * 11 + [429] * 18
    refused = get_token(client, PASSWORD, ATTACKER)
    assert refused.status_code == 429 and refused["Retry-After"] == "2"
    assert refused.json()["detail"].startswith(WAIT)
    # The 31st request in a minute meets the endpoint's request limit.
    assert get_token(client, PASSWORD, ATTACKER).status_code == 429
    # Someone else's address: the right password gives the token.
    response = get_token(client, PASSWORD, OWNER)
    assert response.status_code == 200 and response.json()["token"]


def test_the_wait_doubles_and_is_capped_at_an_hour(frozen):
    request = RequestFactory().post("/", REMOTE_ADDR=ATTACKER)
    waits = [login_throttle.record_failure(request) for _ in range(25)]
    assert waits[:10] == [0] * 10
    assert waits[10:16] == [2, 4, 8, 16, 32, 64]
    assert waits[-1] == 3600 and max(waits) == 3600
    assert login_throttle.seconds_to_wait(request) == 3600
    frozen.shift(timedelta(seconds=3601))
    assert login_throttle.seconds_to_wait(request) == 0
    # A neighbour in the same IPv6 /64 is the same machine; another /64 is not.
    six = RequestFactory().post("/", REMOTE_ADDR="2001:db8:1:2::1")
    for _ in range(11):
        login_throttle.record_failure(six)
    same = RequestFactory().post("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    other = RequestFactory().post("/", REMOTE_ADDR="2001:db8:1:3::1")
    assert login_throttle.seconds_to_wait(same) == 2
    assert login_throttle.seconds_to_wait(other) == 0


def test_the_owner_is_told_once_a_day_however_long_the_attack(
    frozen, django_capture_on_commit_callbacks
):
    UserFactory(email=OWNER_EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        for hour in range(3):  # three bursts, from a fresh address each hour
            request = RequestFactory().post("/", REMOTE_ADDR=f"203.0.113.{hour + 1}")
            for _ in range(12):
                login_throttle.record_failure(request, OWNER_EMAIL.upper())
            frozen.shift(timedelta(minutes=61))
    assert OutgoingEmail.objects.filter(template_key="failed_logins").count() == 1
    # Wrong passwords for an address that has no account tell nobody.
    request = RequestFactory().post("/", REMOTE_ADDR=OWNER)
    for _ in range(12):
        login_throttle.record_failure(request, "nobody@nowhere.example")
    assert OutgoingEmail.objects.filter(template_key="failed_logins").count() == 1


def test_allauths_rate_limits_are_on_in_tests_too(client, frozen):
    """31 login forms posted in a minute from one address: 429 with a sentence."""
    for _ in range(30):
        client.post(reverse("account_login"), {"login": "", "password": ""}, REMOTE_ADDR=ATTACKER)
    response = client.post(
        reverse("account_login"), {"login": "", "password": ""}, REMOTE_ADDR=ATTACKER
    )
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    for _ in range(20):
        client.post(reverse("account_signup"), {"email": "x"}, REMOTE_ADDR=ATTACKER)
    assert client.post(reverse("account_signup"), {}, REMOTE_ADDR=ATTACKER).status_code == 429
    # Another address is not affected.
    assert client.post(reverse("account_login"), {}, REMOTE_ADDR=OWNER).status_code == 200


def test_the_throttle_counts_in_redis(settings, redis_url, frozen):
    """Production keeps the counts in Redis, shared by every worker."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "test-login-throttle",
        }
    }
    keys = login_throttle._keys(ATTACKER)  # Redis is shared: remove only these keys
    cache.delete_many(keys)
    try:
        request = RequestFactory().post("/", REMOTE_ADDR=ATTACKER)
        waits = [login_throttle.record_failure(request) for _ in range(12)]
        assert waits[-2:] == [2, 4]
        assert 0 < login_throttle.seconds_to_wait(request) <= 4
        assert cache.get(keys[0]) == 12
    finally:
        cache.delete_many(keys)
