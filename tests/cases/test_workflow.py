"""The case pipeline, triage and the coordinator's board."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from medhub.accounts.models import Role
from medhub.cases import services, workflow
from medhub.cases.models import CaseState
from medhub.cases.selectors import triage_suggestions
from medhub.cases.services import CaseError
from medhub.core.models import LogEntry
from tests.cases.conftest import make_case, make_user

pytestmark = pytest.mark.django_db


def test_every_state_has_its_moves_declared_and_final_states_have_none():
    assert set(workflow.TRANSITIONS) == set(CaseState.values)
    for state in workflow.FINAL:
        assert workflow.TRANSITIONS[state] == set()
    assert workflow.allowed(CaseState.NEW, CaseState.TRIAGED)
    assert not workflow.allowed(CaseState.NEW, CaseState.SCHEDULED)


def test_illegal_move_is_refused_and_leaves_no_trace(directory, coordinator):
    case = make_case()
    with pytest.raises(CaseError):
        services.case_transition(case_id=case.id, to_state=CaseState.SCHEDULED, actor=coordinator)
    case.refresh_from_db()
    assert case.state == CaseState.NEW
    assert not LogEntry.objects.filter(case_id=case.id, action="cases.case.state_changed").exists()


def test_each_move_writes_an_audit_row_and_the_first_answer_stops_the_clock(directory, coordinator):
    case = make_case()
    services.case_triage(case_id=case.id, specialty=directory["specialties"]["dermatology"], actor=coordinator)
    services.case_transition(case_id=case.id, to_state=CaseState.SHARED, actor=coordinator)
    case.refresh_from_db()
    assert case.state == CaseState.SHARED
    assert case.first_responded_at is not None
    assert case.owner == coordinator
    moves = [
        (e.data["from_state"], e.data["to_state"], e.actor_id)
        for e in LogEntry.objects.filter(case_id=case.id, action="cases.case.state_changed")
    ]
    assert moves == [("new", "triaged", coordinator.id), ("triaged", "shared", coordinator.id)]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Беспокоят прыщи, акне на коже", "dermatology"),
        ("Болит спина, нужна консультация по позвоночнику", "spine"),
        ("我想做皮肤科的激光治疗", "dermatology"),
        ("腰が痛いので脊椎の検査をしたい", "spine"),
        ("I need a health check-up and cancer screening", "health-checkup"),
        ("치과 임플란트 상담을 받고 싶어요", "dentistry"),
    ],
)
def test_triage_suggests_a_specialty_from_text_in_any_language_with_the_words(directory, text, code):
    suggestions = triage_suggestions(text)
    assert suggestions, text
    assert suggestions[0].code == code
    assert suggestions[0].words


def test_coordinator_confirms_or_overrides_the_suggestion(coordinator_client, directory):
    case = make_case(problem="Беспокоит акне на коже")
    page = coordinator_client.get(f"/en/work/cases/{case.reference}/").content.decode()
    assert "акне, коже" in page  # the words that matched are shown
    spine = directory["specialties"]["spine"]
    response = coordinator_client.post(f"/en/work/cases/{case.reference}/", {"specialty": spine.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.specialty == spine and case.state == CaseState.TRIAGED
    triage = LogEntry.objects.get(case_id=case.id, action="cases.case.triaged")
    assert triage.data == {"specialty": "spine", "suggested": "dermatology", "overridden": True}


def test_coordinator_moves_a_case_and_an_illegal_move_gets_a_message(coordinator_client, directory):
    case = make_case()
    response = coordinator_client.post(f"/en/work/cases/{case.reference}/", {"to_state": "closed"})
    assert response.status_code == 400
    assert "cannot become" in response.content.decode()
    # Declining is confirmed on a second page, with a reason the patient is told (tests/cases/test_confirm.py).
    response = coordinator_client.post(
        f"/en/work/cases/{case.reference}/", {"to_state": "declined", "confirmed": "yes", "reason": "Not a treatment we offer"}
    )
    assert response.status_code == 302


def test_board_filters_and_shows_overdue_cases(coordinator_client, coordinator, directory):
    late = make_case(reference="HB-LATE", hours_ago=30, nationality="KZ")
    fresh = make_case(reference="HB-FRESH", hours_ago=1, nationality="JP")
    services.case_triage(case_id=fresh.id, specialty=directory["specialties"]["dermatology"], actor=coordinator)
    page = coordinator_client.get("/en/work/cases/").content.decode()
    assert "HB-LATE" in page and "HB-FRESH" in page
    assert 'class="overdue"' in page
    only_late = coordinator_client.get("/en/work/cases/", {"overdue": "on"}).content.decode()
    assert "HB-LATE" in only_late and "HB-FRESH" not in only_late
    assert "HB-FRESH" not in coordinator_client.get("/en/work/cases/", {"nationality": "KZ"}).content.decode()
    assert "HB-LATE" not in coordinator_client.get("/en/work/cases/", {"state": "triaged"}).content.decode()
    assert "HB-LATE" not in coordinator_client.get("/en/work/cases/", {"owner": "me"}).content.decode()
    assert "HB-FRESH" in coordinator_client.get("/en/work/cases/", {"specialty": "dermatology"}).content.decode()
    assert late.is_overdue()


def test_board_query_count_does_not_grow_with_cases(coordinator_client, directory):
    make_case()
    coordinator_client.get("/en/work/cases/")
    with CaptureQueriesContext(connection) as few:
        coordinator_client.get("/en/work/cases/")
    for _ in range(5):
        make_case()
    with CaptureQueriesContext(connection) as many:
        coordinator_client.get("/en/work/cases/")
    assert len(many) == len(few)


def test_staff_without_totp_must_set_it_up_before_seeing_cases(client, directory):
    user = make_user("newcoord", Role.COORDINATOR, mfa=False)
    client.force_login(user)
    response = client.get("/en/work/cases/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/accounts/2fa/enrol/")  # the emailed proof comes first


def test_staff_without_totp_cannot_download_case_files_either(client, directory):
    from django.core.files.base import ContentFile

    from medhub.cases.models import CaseDocument
    from tests.cases.conftest import PDF

    case = make_case(reference="HB-MFA")
    document = CaseDocument(case=case, original_name="scan.pdf", content_type="application/pdf", size=len(PDF), checksum="c" * 64)
    document.file.save("scan", ContentFile(PDF), save=True)
    user = make_user("newcoord2", Role.COORDINATOR, mfa=False)
    client.force_login(user)
    response = client.get(f"/en/cases/HB-MFA/documents/{document.id}/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/accounts/2fa/enrol/")  # the emailed proof comes first
