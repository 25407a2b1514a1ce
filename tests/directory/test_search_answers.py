"""What search keeps per process until the directory changes: the API's answers
(directory/answers.py) and the institutions' rows behind result pages (selectors)."""

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


def organization_reads(queries) -> int:
    return sum('FROM "directory_organization"' in q["sql"] for q in queries)


def test_result_pages_read_each_institution_row_once_per_directory_version(client, directory, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from medhub.directory.services import organization_reindex

    settings.MEDHUB_SEARCH_ANSWERS = 0  # every request searches
    client.get(URL, {"specialty": "dermatology"})
    with CaptureQueriesContext(connection) as again:
        response = client.get(URL, {"q": "sora"})
    assert [item["slug"] for item in response.json()["results"]] == ["sora-dermatology"]
    assert organization_reads(again) == 1  # the words' trigram match only: the row was kept
    # A change through the services drops the kept rows with the index: the new name is shown.
    derm = directory["derm"]
    derm.name = {**derm.name, "en": "Sora Skin Clinic"}
    derm.save()
    organization_reindex(organization=derm)
    assert client.get(URL, {"specialty": "dermatology", "lang": "en"}).json()["results"][0]["name"] == "Sora Skin Clinic"


def test_kept_rows_are_handed_out_as_copies(directory):
    # Each page sets its own rank and reasons on its institutions: never on the kept row.
    from medhub.directory import selectors
    from medhub.directory.index import institution_index

    index, pk = institution_index(), directory["derm"].id
    first = selectors._institution_rows(index, [pk])[pk]
    first.rank_score = 99
    second = selectors._institution_rows(index, [pk])[pk]
    assert pk in index.kept_rows
    assert second is not first
    assert not hasattr(second, "rank_score")
    assert second.name == first.name


def test_rows_are_not_kept_when_turned_off(client, directory, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.MEDHUB_SEARCH_ANSWERS = 0
    settings.MEDHUB_SEARCH_ROWS = 0
    client.get(URL, {"specialty": "dermatology"})
    with CaptureQueriesContext(connection) as again:
        client.get(URL, {"specialty": "dermatology"})
    assert organization_reads(again) == 1
