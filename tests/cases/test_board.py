"""The coordinator's board at work: sorts, owners assigned and reassigned, cases followed, and
the same through the API; only the hub's staff may assign or follow."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from medhub.accounts.models import Role
from medhub.cases.models import Case, CaseFollow, CaseState
from medhub.core.models import LogEntry
from tests.cases.conftest import make_case, make_user
from tests.conftest import api_token

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def order_on(page: str, references) -> list[str]:
    return sorted(references, key=page.index)


@pytest.fixture
def three(directory):
    """Three cases: received at different times, from different countries, due at different times."""
    a = make_case(reference="HB-A", nationality="VN", hours_ago=30)  # oldest, due soonest
    b = make_case(reference="HB-B", nationality="KZ", hours_ago=2)
    c = make_case(reference="HB-C", nationality="MN", hours_ago=10)
    Case.objects.filter(pk=a.pk).update(created_at=timezone.now() - datetime.timedelta(hours=30))
    Case.objects.filter(pk=b.pk).update(created_at=timezone.now() - datetime.timedelta(hours=2), state=CaseState.TRIAGED)
    Case.objects.filter(pk=c.pk).update(created_at=timezone.now() - datetime.timedelta(hours=10))
    return a, b, c


def test_board_sorts_by_each_column_on_the_page_and_in_the_api(coordinator_client, coordinator, three):
    refs = ["HB-A", "HB-B", "HB-C"]
    expected = {
        "": ["HB-A", "HB-C", "HB-B"],  # next deadline, soonest first
        "deadline": ["HB-A", "HB-C", "HB-B"],
        "-received": ["HB-B", "HB-C", "HB-A"],
        "received": ["HB-A", "HB-C", "HB-B"],
        "country": ["HB-B", "HB-C", "HB-A"],  # KZ, MN, VN
        "status": ["HB-A", "HB-C", "HB-B"],  # new before triaged, then by deadline
    }
    api = api_for(coordinator)
    for sort, order in expected.items():
        page = coordinator_client.get("/en/work/cases/", {"sort": sort} if sort else {})
        assert page.status_code == 200
        assert order_on(page.content.decode(), [f'id="case-{r}"' for r in refs]) == [f'id="case-{r}"' for r in order], sort
        answer = api.get("/api/v1/cases/", {"sort": sort} if sort else {"sort": "deadline"})
        assert [c["reference"] for c in answer.json()["results"]] == order, sort


def test_an_unknown_sort_is_refused_on_the_page_and_in_the_api(coordinator_client, coordinator, three):
    page = coordinator_client.get("/en/work/cases/", {"sort": "full_name"})
    assert page.status_code == 400 and "full_name is not one of the available choices" in page.content.decode()
    answer = api_for(coordinator).get("/api/v1/cases/", {"sort": "contact_email"})
    assert answer.status_code == 400 and "sort" in answer.json()


def test_staff_assign_and_reassign_an_owner_on_the_page(
    coordinator_client, coordinator, three, django_capture_on_commit_callbacks
):
    a, _b, _c = three
    other = make_user("coord2", Role.COORDINATOR)
    response = coordinator_client.post(
        f"/en/work/cases/{a.reference}/owner/", {"owner": coordinator.pk, "next": "/en/work/cases/?sort=country"}
    )
    assert response.status_code == 302 and response["Location"] == "/en/work/cases/?sort=country"
    a.refresh_from_db()
    assert a.owner == coordinator
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(f"/en/work/cases/{a.reference}/owner/", {"owner": other.pk})
    a.refresh_from_db()
    assert a.owner == other
    rows = LogEntry.objects.filter(action="cases.case.assigned", case_id=a.id).order_by("id")
    assert [r.data for r in rows] == [{"from": None, "to": "coord"}, {"from": "coord", "to": "coord2"}]
    # The new owner (not the one who assigned themself) is told by email.
    assert [m.to for m in mail.outbox] == [[other.email]]
    # Sorted by owner: the owned case first, the others after.
    page = coordinator_client.get("/en/work/cases/", {"sort": "owner", "owner": ""}).content.decode()
    assert page.index('id="case-HB-A"') < page.index('id="case-HB-B"')
    # A redirect elsewhere is never followed.
    response = coordinator_client.post(f"/en/work/cases/{a.reference}/owner/", {"owner": "", "next": "https://evil.example/"})
    assert response["Location"] == "/en/work/cases/"
    a.refresh_from_db()
    assert a.owner is None


def test_owner_must_be_hub_staff_and_an_ended_case_keeps_its_owner(coordinator_client, coordinator, three):
    a, _b, _c = three
    provider = make_user("prov", Role.PROVIDER_STAFF)
    response = coordinator_client.post(f"/en/work/cases/{a.reference}/owner/", {"owner": provider.pk}, follow=True)
    assert "Only a member of the hub&#x27;s staff can own a case." in response.content.decode()
    a.refresh_from_db()
    assert a.owner is None
    Case.objects.filter(pk=a.pk).update(state=CaseState.CLOSED)
    response = coordinator_client.post(f"/en/work/cases/{a.reference}/owner/", {"owner": coordinator.pk}, follow=True)
    assert "A case that has ended keeps its owner." in response.content.decode()
    a.refresh_from_db()
    assert a.owner is None
    answer = api_for(coordinator).post(f"/api/v1/cases/{a.reference}/owner/", {"owner": coordinator.email}, format="json")
    assert answer.status_code == 400


def test_assign_and_reassign_through_the_api(coordinator, three):
    a, _b, _c = three
    other = make_user("coord2", Role.HUB_ADMIN)
    api = api_for(coordinator)
    answer = api.post(f"/api/v1/cases/{a.reference}/owner/", {"owner": other.email}, format="json")
    assert answer.status_code == 200 and answer.json()["owner"] == other.email
    provider = make_user("prov", Role.PROVIDER_STAFF)
    refused = api.post(f"/api/v1/cases/{a.reference}/owner/", {"owner": provider.email}, format="json")
    assert refused.status_code == 400 and "owner" in refused.json()
    answer = api.post(f"/api/v1/cases/{a.reference}/owner/", {"owner": None}, format="json")
    assert answer.status_code == 200 and answer.json()["owner"] is None
    a.refresh_from_db()
    assert a.owner is None


@pytest.mark.parametrize("role", [Role.PROVIDER_STAFF, Role.FACILITATOR_STAFF, Role.INTERPRETER, Role.PATIENT])
def test_outsiders_cannot_assign_or_follow(client, coordinator, three, role):
    a, _b, _c = three
    outsider = make_user("outsider", role)
    if role == Role.PATIENT:
        Case.objects.filter(pk=a.pk).update(patient=outsider)
    client.force_login(outsider)
    assert client.post(f"/en/work/cases/{a.reference}/owner/", {"owner": outsider.pk}).status_code in (403, 404)
    assert client.post(f"/en/work/cases/{a.reference}/follow/", {"follow": "1"}).status_code in (403, 404)
    api = api_for(outsider)
    assert api.post(f"/api/v1/cases/{a.reference}/owner/", {"owner": outsider.email}, format="json").status_code in (403, 404)
    assert api.post(f"/api/v1/cases/{a.reference}/follow/").status_code in (403, 404)
    a.refresh_from_db()
    assert a.owner is None and not CaseFollow.objects.exists()
    assert not LogEntry.objects.filter(action__in=["cases.case.assigned", "cases.case.followed"]).exists()


def test_follow_toggle_and_the_following_filter_on_the_page(coordinator_client, coordinator, three):
    _a, b, _c = three
    coordinator_client.post(f"/en/work/cases/{b.reference}/follow/", {"follow": "1"})
    coordinator_client.post(f"/en/work/cases/{b.reference}/follow/", {"follow": "1"})  # twice is once
    assert list(CaseFollow.objects.values_list("case__reference", flat=True)) == ["HB-B"]
    page = coordinator_client.get("/en/work/cases/", {"following": "on"}).content.decode()
    assert 'id="case-HB-B"' in page and 'id="case-HB-A"' not in page
    assert "Unfollow" in page
    # Another coordinator's board is their own.
    other = make_user("coord2", Role.COORDINATOR)
    coordinator_client.force_login(other)
    page = coordinator_client.get("/en/work/cases/", {"following": "on"}).content.decode()
    assert 'id="case-HB-B"' not in page
    coordinator_client.force_login(coordinator)
    coordinator_client.post(f"/en/work/cases/{b.reference}/follow/", {"follow": "0"})
    assert not CaseFollow.objects.exists()
    assert list(LogEntry.objects.filter(case_id=b.id, action__startswith="cases.case.").values_list("action", flat=True))[
        -2:
    ] == [
        "cases.case.followed",
        "cases.case.unfollowed",
    ]


def test_follow_through_the_api(coordinator, three):
    a, _b, _c = three
    api = api_for(coordinator)
    assert api.post(f"/api/v1/cases/{a.reference}/follow/").json() == {"following": True}
    assert [c["reference"] for c in api.get("/api/v1/cases/", {"following": "true"}).json()["results"]] == ["HB-A"]
    assert api.delete(f"/api/v1/cases/{a.reference}/follow/").json() == {"following": False}
    assert api.get("/api/v1/cases/", {"following": "true"}).json()["results"] == []


def test_board_is_cards_on_a_phone_every_cell_labelled(coordinator_client, three):
    page = coordinator_client.get("/ko/work/cases/").content.decode()
    assert 'class="cases table-cards"' in page
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    assert body.count("<td") == body.count("<td data-label=") == 3 * 8
