"""Abuse protection: every public door is throttled with a counter every process shares, a
refused request gets a clear 429 and keeps what was typed, and racing cannot pass the limit."""

import threading

import pytest
from django.core.cache import caches
from django.db import connection
from rest_framework.test import APIClient

from medhub.cases.models import Case
from medhub.core import throttle
from medhub.core.models import RateCounter

pytestmark = pytest.mark.django_db


def limits(settings, **doors):
    settings.MEDHUB_THROTTLES = {**settings.MEDHUB_THROTTLES, **{k.replace("_", "-"): v for k, v in doors.items()}}


def test_inquiries_from_one_address_stop_at_the_limit_and_keep_what_was_typed(client, inquiry_data, settings):
    limits(settings, inquiry=(3, 3600))
    for n in range(3):
        assert client.post("/en/inquiry/", {**inquiry_data, "contact_email": f"p{n}@example.kz"}).status_code == 302
    response = client.post("/ru/inquiry/", {**inquiry_data, "contact_email": "p9@example.kz"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "Беспокоят прыщи" in page and "p9@example.kz" in page  # nothing typed is lost
    assert Case.objects.count() == 3
    # Another client address is not held back.
    other = client.post("/en/inquiry/", {**inquiry_data, "contact_email": "x@example.kz"}, REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_the_inquiry_api_answers_429_at_the_same_limit(directory, inquiry_data, settings):
    limits(settings, inquiry=(2, 3600))
    api = APIClient()
    for n in range(2):
        data = {**inquiry_data, "contact_email": f"a{n}@example.kz"}
        assert api.post("/api/v1/inquiries/", data, format="multipart").status_code == 201
    response = api.post("/api/v1/inquiries/", {**inquiry_data, "contact_email": "a9@example.kz"}, format="multipart")
    assert response.status_code == 429 and response.json()["detail"]
    assert Case.objects.count() == 2


def test_search_page_and_api_are_throttled(client, directory, settings):
    # Windows are aligned to the clock: an hour keeps the test inside one window.
    limits(settings, search=(3, 3600), api=(3, 3600))
    for _ in range(3):
        assert client.get("/en/search/?q=skin").status_code == 200
    refused = client.get("/ko/search/?q=skin")
    assert refused.status_code == 429 and "Retry-After" in refused
    assert 'lang="ko"' in refused.content.decode()
    api = APIClient()
    for _ in range(3):
        assert api.get("/api/v1/institutions/").status_code == 200
    assert api.get("/api/v1/institutions/").status_code == 429


def test_password_reset_and_sign_in_codes_are_throttled(client, directory, settings):
    limits(settings, account_email=(2, 3600))
    for _ in range(2):
        assert client.post("/en/accounts/password/reset/", {"email": "nobody@example.com"}).status_code == 302
    assert client.post("/en/accounts/password/reset/", {"email": "nobody@example.com"}).status_code == 429
    assert client.post("/en/accounts/login/code/", {"email": "nobody@example.com"}).status_code == 429
    # Reading the page is not counted.
    assert client.get("/en/accounts/password/reset/").status_code == 200


def test_links_are_throttled(client, directory, settings):
    limits(settings, link=(2, 3600))
    for _ in range(2):
        assert client.get("/ical/not-a-token.ics").status_code in (400, 404)
    assert client.get("/ical/not-a-token.ics").status_code == 429
    assert client.get("/en/cases/verify/not-a-token/").status_code == 429


def test_the_counter_is_shared_and_a_success_is_given_back(db, settings):
    limits(settings, signin_account=(2, 900))
    assert throttle.hit("signin-account", "user:1").allowed
    assert throttle.hit("signin-account", "user:1", cost=-1).allowed
    assert throttle.peek("signin-account", "user:1") == 0
    assert throttle.hit("signin-account", "user:1").allowed
    assert throttle.hit("signin-account", "user:1").allowed
    verdict = throttle.hit("signin-account", "user:1")
    assert not verdict.allowed and 0 < verdict.retry_after <= 900
    assert RateCounter.objects.count() == 1
    assert throttle.forget_expired() == 0


@pytest.fixture
def redis_cache(settings):
    """The production layout: the cache (and so the throttle) is Redis."""
    import redis

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=0.5).ping()
    except redis.exceptions.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "medhub.core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": "medhub-test",
        }
    }
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def test_with_redis_two_processes_share_one_count(db, settings, redis_cache):
    from django.core.cache.backends.redis import RedisCache

    limits(settings, search=(5, 3600))
    for _ in range(5):
        assert throttle.hit("search", "203.0.113.9").allowed
    # A second app process is a second connection to the same Redis: it sees the same count.
    other_process = RedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": "medhub-test"})
    key = next(k for k in other_process._cache.get_client().keys("*throttle:search*"))
    assert int(other_process._cache.get_client().get(key)) == 5
    assert 0 < other_process._cache.get_client().ttl(key) <= 3601  # the window's counter expires with it
    assert not throttle.hit("search", "203.0.113.9").allowed
    assert not RateCounter.objects.exists()  # counted in Redis, not the database


def test_with_redis_down_the_throttle_counts_in_the_database(db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "medhub.core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    limits(settings, search=(1, 3600))
    assert throttle.hit("search", "203.0.113.9").allowed
    assert not throttle.hit("search", "203.0.113.9").allowed
    assert RateCounter.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_inquiries_store_exactly_the_limit(live_directory, settings):
    """The race that stored 7 inquiries against a limit of 5."""
    from django.db import connections
    from django.test import Client

    from tests.cases.conftest import inquiry_fields

    inquiry_data = inquiry_fields()
    limits(settings, inquiry_email=(5, 3600), inquiry=(100, 3600))
    barrier = threading.Barrier(20)
    statuses = []

    def send():
        try:
            barrier.wait()
            statuses.append(Client().post("/en/inquiry/", inquiry_data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302] * 5 + [429] * 15
    assert Case.objects.count() == 5
