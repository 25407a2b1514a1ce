"""The search API keeps its answers per process until the directory changes (directory/answers.py)."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/institutions/"


@pytest.fixture
def searches(monkeypatch):
    """Counts the searches actually ranked (a kept answer ranks nothing)."""
    from medhub.directory import selectors

    calls = []
    ranked_page = selectors.ranked_page

    def counting(*args, **kwargs):
        calls.append(args)
        return ranked_page(*args, **kwargs)

    monkeypatch.setattr(selectors, "ranked_page", counting)
    return calls


def test_the_same_request_gets_the_same_answer_without_searching_again(client, directory, searches):
    first = client.get(URL, {"q": "dermatology", "lang": "ru"})
    again = client.get(URL, {"q": "dermatology", "lang": "ru"})
    assert len(searches) == 1
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"] == "application/json"
    assert again["Content-Language"] == first["Content-Language"] == "ru"
    assert again["Vary"] == first["Vary"]


def test_other_parameters_or_another_language_are_other_answers(client, directory, searches):
    korean = client.get(URL, {"q": "dermatology"}, headers={"accept-language": "ko"}).json()
    english = client.get(URL, {"q": "dermatology"}, headers={"accept-language": "en"}).json()
    client.get(URL, {"q": "dermatology", "page_size": 1})
    assert len(searches) == 3
    assert korean["results"][0]["name"] != english["results"][0]["name"]


def test_a_change_through_the_services_is_answered_at_once(client, directory, searches):
    from tests import factories

    assert client.get(URL, {"specialty": "dermatology"}).json()["count"] == 1
    factories.institution(name={"en": "Nuri Skin Clinic"}, specialties=[directory["specialties"]["dermatology"]])
    assert client.get(URL, {"specialty": "dermatology"}).json()["count"] == 2
    assert len(searches) == 2


def test_a_change_by_another_server_is_answered_within_the_version_ttl(client, directory, monkeypatch):
    from medhub.directory import index
    from medhub.directory.models import DirectoryVersion, Organization

    assert client.get(URL, {"specialty": "spine"}).json()["count"] == 1
    # Another app server unpublishes the hospital: its row and the version change in the database.
    Organization.objects.filter(slug="haneul-spine").update(is_published=False)
    DirectoryVersion.objects.update_or_create(pk=1, defaults={"value": 7})
    monkeypatch.setattr(index, "VERSION_TTL_SECONDS", 3600.0)
    assert client.get(URL, {"specialty": "spine"}).json()["count"] == 1  # this process has not re-read the version yet
    monkeypatch.setattr(index, "VERSION_TTL_SECONDS", 0.0)
    assert client.get(URL, {"specialty": "spine"}).json()["count"] == 0


def test_errors_are_not_kept_and_every_request_is_throttled(client, directory, settings):
    from medhub.core import throttle

    settings.MEDHUB_THROTTLES = {**settings.MEDHUB_THROTTLES, "api": (2, 60)}
    assert client.get(URL, {"page": "9"}).status_code == 404
    assert client.get(URL).status_code == 200
    # The answer is kept, but the third request of the window is still refused.
    assert client.get(URL).status_code == 429
    assert throttle.peek("api", "127.0.0.1") == 3


def test_the_cache_can_be_turned_off(client, directory, searches, settings):
    settings.MEDHUB_SEARCH_ANSWERS = 0
    client.get(URL, {"q": "dermatology"})
    client.get(URL, {"q": "dermatology"})
    assert len(searches) == 2
