"""Who reads which feedback: the hub's staff all of it, an institution's staff theirs, the patient
their own, anyone else none; the workspace page and the API list, with fixed query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from medhub.accounts.models import Role
from medhub.feedback.services import feedback_give
from tests.cases.conftest import make_user
from tests.feedback.conftest import RATINGS, api_as, treated_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(directory, coordinator):
    """Two feedbacks on the dermatology clinic, one on the spine hospital."""
    made = {}
    for key, institution in (("derm1", "derm"), ("derm2", "derm"), ("spine", "spine")):
        case, patient = treated_case(directory, coordinator, institution=directory[institution])
        made[key] = (
            feedback_give(
                case_id=case.id,
                actor=patient,
                ratings=RATINGS,
                paid_amount=1_500_000,
                paid_currency="KRW",
                text=f"Text about {key}",
                language="en",
            ),
            patient,
        )
    return made


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_each_reader_lists_what_they_may_see(world, coordinator, hub_admin, derm_staff, spine_staff):
    every = {item.pk for item, _patient in world.values()}
    assert ids(api_as(coordinator).get("/api/v1/feedback/")) == every
    assert ids(api_as(hub_admin).get("/api/v1/feedback/")) == every
    assert ids(api_as(derm_staff).get("/api/v1/feedback/")) == {world["derm1"][0].pk, world["derm2"][0].pk}
    assert ids(api_as(spine_staff).get("/api/v1/feedback/")) == {world["spine"][0].pk}
    derm1, patient = world["derm1"]
    assert ids(api_as(patient).get("/api/v1/feedback/")) == {derm1.pk}
    assert ids(api_as(make_user("outsider", Role.PATIENT)).get("/api/v1/feedback/")) == set()
    assert APIClient().get("/api/v1/feedback/").status_code in (401, 403)
    filtered = api_as(coordinator).get("/api/v1/feedback/", {"institution": "haneul-spine"})
    assert ids(filtered) == {world["spine"][0].pk}
    assert api_as(coordinator).get("/api/v1/feedback/", {"hidden": "maybe"}).status_code == 400
    assert ids(api_as(coordinator).get("/api/v1/feedback/", {"hidden": "true"})) == set()


def test_a_case_feedback_is_read_by_those_concerned_only(world, derm_staff, spine_staff, coordinator):
    derm1, patient = world["derm1"]
    url = f"/api/v1/cases/{derm1.case.reference}/feedback/"
    for reader in (patient, derm_staff, coordinator):
        assert api_as(reader).get(url).status_code == 200
    assert api_as(spine_staff).get(url).status_code == 404
    assert api_as(make_user("outsider2", Role.PATIENT)).get(url).status_code == 404


def test_the_workspace_page(client, world, coordinator, derm_staff, spine_staff):
    client.force_login(coordinator)
    page = client.get("/en/work/feedback/").content.decode()
    assert all(f"Text about {key}" in page for key in world)
    assert "Publish the answer" not in page  # the hub does not answer for institutions
    assert "Average scores" in page
    client.force_login(derm_staff)
    page = client.get("/en/work/feedback/").content.decode()
    assert "Text about derm1" in page and "Text about spine" not in page
    client.force_login(spine_staff)
    page = client.get("/en/work/feedback/", {"institution": "sora-dermatology"}).content.decode()
    assert "Text about derm1" not in page and "Text about spine" in page


@pytest.mark.parametrize("who", ["patient", "outsider", "agency"])
def test_the_workspace_page_refuses_everyone_else(client, world, directory, who):
    user = {
        "patient": world["derm1"][1],
        "outsider": make_user("outsider3", Role.PATIENT),
        "agency": make_user("agency3", Role.FACILITATOR_STAFF, directory["hotel"]),
    }[who]
    client.force_login(user)
    assert client.get("/en/work/feedback/").status_code == 403


def test_a_staff_session_without_totp_gets_nothing(client, world, derm_staff):
    client.force_login(derm_staff, mfa=False)
    response = client.get("/en/work/feedback/")
    assert response.status_code == 302 and "/work/feedback/" not in response.url


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/en/work/feedback/", "/api/v1/feedback/"])
def test_lists_keep_their_query_count(client, directory, coordinator, url):
    client.force_login(coordinator)
    case, patient = treated_case(directory, coordinator)
    feedback_give(case_id=case.id, actor=patient, ratings=RATINGS, paid_amount=1, paid_currency="KRW", language="en")
    client.get(url)
    few = _queries(client, url)
    for name in ("derm", "spine", "derm", "spine"):
        case, patient = treated_case(directory, coordinator, institution=directory[name])
        feedback_give(case_id=case.id, actor=patient, ratings=RATINGS, paid_amount=1, paid_currency="KRW", language="en")
    client.get(url)
    assert _queries(client, url) <= few


def test_the_workspaces_link_to_the_feedback(client, directory, coordinator, derm_staff):
    client.force_login(coordinator)
    assert "/en/work/feedback/" in client.get("/en/work/cases/").content.decode()
    client.force_login(derm_staff)
    assert "/en/work/feedback/" in client.get("/en/work/inbox/").content.decode()


@pytest.mark.parametrize("lang", ["ko", "ru", "ar", "mn", "zh-hans"])
def test_the_feedback_pages_open_in_every_language(client, world, derm_staff, hub_admin, lang):
    derm1, patient = world["derm1"]
    client.force_login(patient)
    page = client.get(f"/{lang}/cases/{derm1.case.reference}/feedback/")
    assert page.status_code == 200 and f'lang="{lang}"' in page.content.decode()
    for user in (derm_staff, hub_admin):
        client.force_login(user)
        page = client.get(f"/{lang}/work/feedback/")
        assert page.status_code == 200 and f"/{lang}/work/feedback/{derm1.pk}/" in page.content.decode()


def test_the_workspace_list_is_paged(client, directory, coordinator, settings, monkeypatch):
    from medhub.feedback import views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    for _ in range(3):
        case, patient = treated_case(directory, coordinator)
        feedback_give(case_id=case.id, actor=patient, ratings=RATINGS, paid_amount=1, paid_currency="KRW", language="en")
    client.force_login(coordinator)
    first = client.get("/en/work/feedback/", {"shown": "visible"}).content.decode()
    assert first.count('class="card feedback"') == 2 and "Page 1 of 2" in first and "shown=visible&amp;page=2" in first
    second = client.get("/en/work/feedback/", {"shown": "visible", "page": "2"}).content.decode()
    assert second.count('class="card feedback"') == 1
    assert client.get("/en/work/feedback/", {"page": "nonsense"}).status_code == 200
