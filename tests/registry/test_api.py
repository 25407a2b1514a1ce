"""The registry in the API: the same rules as the pages, for every role and an outsider."""

import pytest
from django.core.management import call_command

from medhub.registry.models import ImportJob, RegistryEntry
from tests.conftest import api_token
from tests.registry.conftest import ROWS, csv_bytes, upload

pytestmark = pytest.mark.django_db

ROLES = ["admin", "coordinator", "provider", "facilitator", "partner", "interpreter", "patient", "outsider"]


def auth(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {api_token(user)}", "HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.mark.parametrize("who", ROLES)
def test_entries_and_prospects_are_for_hub_staff(client, people, who):
    allowed = who in ("admin", "coordinator")
    for url in ("/api/v1/registry/entries/", "/api/v1/registry/prospects/"):
        assert client.get(url, **auth(people[who])).status_code == (200 if allowed else 403), url


@pytest.mark.parametrize("who", ROLES)
def test_imports_are_for_hub_administrators(client, people, private_storage, who):
    allowed = who == "admin"
    assert client.get("/api/v1/registry/imports/", **auth(people[who])).status_code == (200 if allowed else 403)
    response = client.post("/api/v1/registry/imports/", {"file": upload()}, **auth(people[who]))
    assert response.status_code == (201 if allowed else 403)


def test_anonymous_callers_are_refused(client, db):
    for url in ("/api/v1/registry/entries/", "/api/v1/registry/imports/"):
        assert client.get(url).status_code in (401, 403)


def test_upload_then_apply_through_the_api(client, people, private_storage, django_capture_on_commit_callbacks):
    headers = auth(people["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/registry/imports/", {"file": upload()}, **headers)
    assert response.status_code == 201
    # The preview runs after commit (in-process here, in a worker with a broker): poll the job.
    job = client.get(f"/api/v1/registry/imports/{response.json()['id']}/", **headers).json()
    assert job["state"] == "previewed" and job["created"] == 7 and job["error_count"] == 2
    assert job["errors"][0] == {"row": 12, "code": "no_name", "reason": "The name (상호명) is empty."}
    with django_capture_on_commit_callbacks(execute=True):
        applied = client.post(f"/api/v1/registry/imports/{job['id']}/apply/", **headers)
    assert applied.status_code == 202
    status = client.get(f"/api/v1/registry/imports/{job['id']}/", **headers).json()
    assert status["state"] == "done" and status["percent"] == 100
    assert RegistryEntry.objects.count() == 7
    again = client.post(f"/api/v1/registry/imports/{job['id']}/apply/", **headers)
    assert again.status_code == 400 and ImportJob.objects.get().state == "done"
    coordinator = client.post(f"/api/v1/registry/imports/{job['id']}/apply/", **auth(people["coordinator"]))
    assert coordinator.status_code == 403


def test_a_bad_upload_is_a_400_with_the_reason(client, people, private_storage):
    response = client.post("/api/v1/registry/imports/", {"file": upload(b"x,y\n1,2\n")}, **auth(people["admin"]))
    assert response.status_code == 400 and "No header row" in str(response.json())
    assert client.post("/api/v1/registry/imports/", {}, **auth(people["admin"])).status_code == 400
    assert client.get("/api/v1/registry/imports/999999/", **auth(people["admin"])).status_code == 404


def test_entries_filter_and_show_their_organization(client, people, directory, registry_file):
    call_command("import_registry", str(registry_file()), stdout=None)
    headers = auth(people["coordinator"])
    found = client.get("/api/v1/registry/entries/", {"q": "척추"}, **headers).json()
    assert [e["name"] for e in found["results"]] == ["하늘 척추병원"]
    assert found["results"][0]["matched_organization"]["slug"] == "haneul-spine"
    suspended = client.get("/api/v1/registry/entries/", {"status": "suspended"}, **headers).json()
    assert [e["name"] for e in suspended["results"]] == ["바다 치과병원"]
    assert client.get("/api/v1/registry/entries/", {"status": "bogus"}, **headers).status_code == 400
    prospects = client.get("/api/v1/registry/prospects/", {"kind": "facilitator"}, **headers).json()
    assert [e["name"] for e in prospects["results"]] == ["별빛 메디컬 트래블"]


def test_the_entry_list_answers_in_a_fixed_number_of_queries(client, people, directory, tmp_path, django_assert_max_num_queries):
    rows = [("정상", f"가나 의원 {n}", "", "의원", "한빛시", "서하구", f"한빛시 서하구 큰길 {n}", "") for n in range(60)]
    path = tmp_path / "many.csv"
    path.write_bytes(csv_bytes([*rows, *ROWS[:2]]))
    call_command("import_registry", str(path), stdout=None)
    headers = auth(people["admin"])
    client.get("/api/v1/registry/entries/", **headers)
    with django_assert_max_num_queries(10):
        assert len(client.get("/api/v1/registry/entries/", {"page_size": 100}, **headers).json()["results"]) == 62
    with django_assert_max_num_queries(10):
        client.get("/api/v1/registry/imports/", **headers)


def test_the_schema_describes_the_registry(client, db):
    schema = client.get("/api/schema/").content.decode()
    for path in ("/api/v1/registry/entries/", "/api/v1/registry/imports/{job_id}/apply/", "/api/v1/registry/prospects/"):
        assert path in schema
