"""The interpreting lists' parameters (django-filter): same names, same 400 messages."""

import pytest

from medhub.accounts.models import Role
from tests.cases.conftest import make_user
from tests.interpreting.conftest import make_interpreter
from tests.interpreting.test_api import api_for

pytestmark = pytest.mark.django_db


def test_interpreters_by_language_and_an_unknown_language_listed_codes(coordinator):
    make_interpreter("yuki", ("ja",))
    make_interpreter("olga", ("ru", "kk"))
    hub = api_for(coordinator)
    listed = hub.get("/api/v1/interpreting/interpreters/", {"language": "kk"}).json()["results"]
    assert [sorted(i["languages"]) for i in listed] == [["kk", "ru"]]
    response = hub.get("/api/v1/interpreting/interpreters/", {"language": "k"})
    assert response.status_code == 400
    assert response.json() == {"language": ["Unknown language k. Use one of: ko, en, zh-hans, ja, ru, mn, kk, vi, th, ar."]}


def test_claims_by_status_and_an_unknown_status_lists_the_choices(db):
    admin = api_for(make_user("hub-admin", Role.HUB_ADMIN))
    assert admin.get("/api/v1/interpreting/subsidy/claims/", {"status": "approved"}).json()["results"] == []
    response = admin.get("/api/v1/interpreting/subsidy/claims/", {"status": "maybe"})
    assert response.status_code == 400
    assert response.json() == {"status": ["Choose one of: pending, approved, rejected."]}


def test_a_stranger_is_refused_before_the_parameters_are_read(db):
    stranger = api_for(make_user("stranger", Role.PATIENT))
    assert stranger.get("/api/v1/interpreting/interpreters/", {"language": "zz"}).status_code == 403
    assert stranger.get("/api/v1/interpreting/subsidy/claims/", {"status": "maybe"}).status_code == 403
