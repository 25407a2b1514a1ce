"""Kept search answers served before the stack (directory/middleware.py, decision 0025): only to
anonymous requests the whole stack already answered, byte for byte and header for header the
same, counted by the throttle, and never after the directory changed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

URL = "/api/v1/institutions/"


@pytest.fixture
def views(monkeypatch):
    """Counts the requests that reach the search API view."""
    from medhub.directory import api

    calls = []
    original = api.InstitutionList.list

    def counting(self, request, *args, **kwargs):
        calls.append(request.get_full_path())
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(api.InstitutionList, "list", counting)
    return calls


def test_an_anonymous_repeat_is_answered_early_with_the_same_bytes_and_headers(client, directory, views):
    first = client.get(URL, {"q": "dermatology"}, headers={"accept-language": "ru"})
    with CaptureQueriesContext(connection) as queries:
        again = client.get(URL, {"q": "dermatology"}, headers={"accept-language": "ru"})
    assert len(views) == 1  # the second never reached the view
    assert again.status_code == 200
    assert again.content == first.content
    assert sorted(again.items()) == sorted(first.items())
    assert again["Content-Language"] == "ru"
    # Nothing of the directory is read again (the throttle's counter is the only row written here).
    assert not [q["sql"] for q in queries if "directory_" in q["sql"] or "auth" in q["sql"]]


def test_another_language_or_accept_header_is_not_the_same_request(client, directory, views):
    client.get(URL, {"q": "dermatology"}, headers={"accept-language": "ru"})
    korean = client.get(URL, {"q": "dermatology"}, headers={"accept-language": "ko"})
    assert len(views) == 2
    assert korean["Content-Language"] == "ko"
    client.get(URL, {"q": "dermatology"}, headers={"accept-language": "ru", "accept": "text/html"})
    assert len(views) == 3


def test_requests_with_credentials_or_cookies_always_go_through_the_stack(client, directory, views):
    from medhub.accounts.models import Role
    from tests.cases.conftest import make_user
    from tests.conftest import api_token

    token = api_token(make_user("apiuser", Role.PATIENT))
    for _ in range(2):
        assert client.get(URL, headers={"authorization": f"Token {token}"}).status_code == 200
    assert len(views) == 2
    client.cookies["sessionid"] = "not-a-session"
    for _ in range(2):
        client.get(URL)
    assert len(views) == 4


def test_early_answers_are_counted_and_refused_by_the_throttle(client, directory, settings, views):
    from medhub.core import throttle

    settings.MEDHUB_THROTTLES = {**settings.MEDHUB_THROTTLES, "api": (3, 3600)}
    assert [client.get(URL).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert len(views) == 1  # the refused one went down the stack to the view's throttle, which refused it
    assert throttle.peek("api", "127.0.0.1") == 4  # each request counted once


def test_errors_are_never_answered_early(client, directory, views):
    assert client.get(URL, {"page": "9"}).status_code == 404
    assert client.get(URL, {"page": "9"}).status_code == 404
    assert len(views) == 2


def test_a_change_of_the_directory_drops_early_answers(client, directory, views):
    from tests import factories

    assert client.get(URL, {"specialty": "dermatology"}).json()["count"] == 1
    factories.institution(name={"en": "Nuri Skin Clinic"}, specialties=[directory["specialties"]["dermatology"]])
    assert client.get(URL, {"specialty": "dermatology"}).json()["count"] == 2
    assert len(views) == 2


def test_turned_off_with_the_answer_cache(client, directory, views, settings):
    settings.MEDHUB_SEARCH_ANSWERS = 0
    client.get(URL)
    client.get(URL)
    assert len(views) == 2
