"""With the cache's Redis down the site keeps serving, and /healthz says which part is down."""

import time

import pytest
from django.core.cache import caches

from tests.cases.conftest import make_case, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings):
    # Nothing listens on port 1: every cache call fails to connect.
    settings.CACHES = {
        "default": {
            "BACKEND": "medhub.core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    yield caches["default"]


def test_pages_keep_serving_while_the_cache_is_down(client, directory, redis_down, inquiry_data):
    started = time.monotonic()
    for path in ("/en/", "/ko/search/?q=피부과", "/en/institutions/sora-dermatology/", "/en/inquiry/", "/api/v1/institutions/"):
        assert client.get(path).status_code == 200, path
    assert client.post("/en/inquiry/", inquiry_data).status_code == 302
    assert time.monotonic() - started < 30  # short timeouts: no request waits on the dead cache for long


def test_staff_pages_keep_serving_while_the_cache_is_down(client, directory, redis_down):
    from medhub.accounts.models import Role

    coordinator = make_user("coord", Role.COORDINATOR)
    case = make_case()
    client.force_login(coordinator)
    assert client.get("/en/work/cases/").status_code == 200
    assert client.get(f"/en/work/cases/{case.reference}/").status_code == 200


def test_healthz_reports_each_part(client, directory, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["cache"] == "unreachable"
    assert body["status"] == "degraded"
    assert "broker" in body


def test_healthz_is_ok_when_everything_answers(client, db):
    body = client.get("/healthz").json()
    assert body == {"status": "ok", "database": "ok", "cache": "ok", "broker": "in-process"}
