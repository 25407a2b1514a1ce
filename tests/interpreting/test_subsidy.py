"""Claims follow logged hours on qualifying bookings; approval takes from the budget, which
never goes below zero; the payment report lists what was approved."""

import csv
import io
import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from openpyxl import load_workbook

from medhub.accounts.models import Role
from medhub.interpreting import services
from medhub.interpreting.models import SubsidyClaim, SubsidyProgram
from medhub.interpreting.services import InterpretingError
from tests.cases.conftest import make_user
from tests.interpreting.conftest import log, make_interpreter, make_program, scheduled_case, worked_booking
from tests.scheduling.test_booking import tomorrow_slots


@pytest.fixture
def hub_admin(db):
    return make_user("hub-admin", Role.HUB_ADMIN)


def claim_for(directory, coordinator, reference, *, hours="1.5", purpose="consultation", interpreter=None):
    _case, appointment = scheduled_case(directory, coordinator, reference, slot=tomorrow_slots(directory["derm"], count=1)[0])
    interpreter = interpreter or make_interpreter(f"int-{reference.lower()}", ("ja",))
    booking = worked_booking(appointment, interpreter, coordinator, purpose)
    log(booking, hours)
    return SubsidyClaim.objects.filter(booking=booking).first()


@pytest.mark.django_db
def test_a_qualifying_booking_gets_a_claim_at_the_hourly_rate(directory, coordinator):
    program = make_program()
    claim = claim_for(directory, coordinator, "HB-S1", hours="1.5")
    assert claim.program == program and claim.status == SubsidyClaim.Status.PENDING
    assert claim.amount_krw == 60_000 and claim.hours == Decimal("1.5")
    assert claim.case.reference == "HB-S1"


@pytest.mark.django_db
def test_no_claim_for_a_purpose_the_program_does_not_count(directory, coordinator):
    make_program()  # consultation and surgery, not teleconsultation
    assert claim_for(directory, coordinator, "HB-S2", purpose="teleconsult") is None
    assert claim_for(directory, coordinator, "HB-S3", purpose="surgery") is not None


@pytest.mark.django_db
def test_no_claim_when_the_institution_does_not_qualify_or_no_program_that_year(directory, coordinator):
    assert claim_for(directory, coordinator, "HB-S4") is None  # no program at all
    program = make_program(all_institutions=False, institutions=[directory["spine"]])
    assert claim_for(directory, coordinator, "HB-S5") is None  # the appointment is at the dermatology clinic
    program.institutions.add(directory["derm"])
    assert claim_for(directory, coordinator, "HB-S6") is not None


@pytest.mark.django_db
def test_the_cap_per_case_limits_the_claims_of_one_case(directory, coordinator):
    make_program(cap_per_case_krw=100_000)
    case, first = scheduled_case(directory, coordinator, "HB-CAP")
    from medhub.scheduling.models import Appointment

    second = Appointment.objects.create(case=case, slot=tomorrow_slots(directory["derm"], count=1)[0])
    third = Appointment.objects.create(case=case, slot=tomorrow_slots(directory["derm"], count=1)[0])
    a, b, c = (make_interpreter(name, ("ja",)) for name in ("cap-a", "cap-b", "cap-c"))
    one = worked_booking(first, a, coordinator)
    two = worked_booking(second, b, coordinator)
    three = worked_booking(third, c, coordinator)
    log(one, "2")  # 80,000
    log(two, "2")  # 80,000 asked, 20,000 left for the case
    log(three, "1")  # nothing left
    assert SubsidyClaim.objects.get(booking=one).amount_krw == 80_000
    assert SubsidyClaim.objects.get(booking=two).amount_krw == 20_000
    assert not SubsidyClaim.objects.filter(booking=three).exists()


@pytest.mark.django_db
def test_approval_takes_from_the_budget_and_refuses_what_exceeds_it(directory, coordinator, hub_admin):
    program = make_program(total_budget_krw=100_000)
    first = claim_for(directory, coordinator, "HB-A1", hours="1.5")  # 60,000
    second = claim_for(directory, coordinator, "HB-A2", hours="1.5")  # 60,000
    services.claim_approve(claim_id=first.id, actor=hub_admin)
    program.refresh_from_db()
    assert program.remaining_krw == 40_000
    with pytest.raises(InterpretingError, match="exceeds what remains"):
        services.claim_approve(claim_id=second.id, actor=hub_admin)
    with pytest.raises(InterpretingError, match="“Approved” cannot become “Approved”"):
        services.claim_approve(claim_id=first.id, actor=hub_admin)
    program.refresh_from_db()
    assert program.remaining_krw == 40_000
    second.refresh_from_db()
    assert second.status == SubsidyClaim.Status.PENDING
    with pytest.raises(InterpretingError, match="reason"):
        services.claim_reject(claim_id=second.id, actor=hub_admin, reason="")
    services.claim_reject(claim_id=second.id, actor=hub_admin, reason="Over budget")
    second.refresh_from_db()
    assert second.status == SubsidyClaim.Status.REJECTED and second.decided_by == hub_admin and second.decided_at
    # Lowering the budget below what was approved is refused; raising it raises what remains.
    program.total_budget_krw = 50_000
    with pytest.raises(InterpretingError, match="already been approved"):
        services.program_save(program=program, actor=hub_admin)
    program.total_budget_krw = 200_000
    services.program_save(program=program, actor=hub_admin)
    program.refresh_from_db()
    assert program.remaining_krw == 140_000


@pytest.mark.django_db
def test_the_database_refuses_a_negative_budget(db):
    program = make_program(total_budget_krw=1_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        SubsidyProgram.objects.filter(pk=program.pk).update(remaining_krw=-1)


@pytest.mark.django_db
def test_administrator_decides_claims_and_sets_up_programs_on_the_page(client, directory, coordinator, hub_admin):
    program = make_program(total_budget_krw=100_000)
    first = claim_for(directory, coordinator, "HB-P1")
    second = claim_for(directory, coordinator, "HB-P2")
    client.force_login(hub_admin)
    page = client.get("/en/work/subsidy/")
    assert page.status_code == 200
    assert "HB-P1" in page.content.decode() and "₩100,000" in page.content.decode()
    assert client.post("/en/work/subsidy/", {"action": "approve", "claim": first.id}).status_code == 302
    refused = client.post("/en/work/subsidy/", {"action": "approve", "claim": second.id})
    assert refused.status_code == 400 and "exceeds what remains" in refused.content.decode()
    assert client.post("/en/work/subsidy/", {"action": "reject", "claim": second.id, "reason": ""}).status_code == 400
    assert client.post("/en/work/subsidy/", {"action": "reject", "claim": second.id, "reason": "Budget"}).status_code == 302
    assert client.post("/en/work/subsidy/", {"action": "approve", "claim": "x"}).status_code == 400
    program.refresh_from_db()
    assert program.remaining_krw == 40_000
    new = {
        "action": "program",
        "year": str(program.year + 1),
        "name": "Next year",
        "total_budget_krw": "5000000",
        "cap_per_case_krw": "300000",
        "cap_per_hour_krw": "35000",
        "counts_consultation": "on",
        "institutions": [str(directory["derm"].id)],
    }
    assert client.post("/en/work/subsidy/", new).status_code == 302
    created = SubsidyProgram.objects.get(year=program.year + 1)
    assert created.remaining_krw == 5_000_000 and list(created.institutions.all()) == [directory["derm"]]
    assert not created.counts_surgery and not created.all_institutions
    # The same year twice, and a program for no institution, are refused with the reason.
    assert client.post("/en/work/subsidy/", new).status_code == 400
    nobody = {**new, "year": str(program.year + 2), "institutions": []}
    assert client.post("/en/work/subsidy/", nobody).status_code == 400
    edit = client.post(f"/en/work/subsidy/?edit={program.id}", {**new, "year": str(program.year), "total_budget_krw": "10"})
    assert edit.status_code == 400 and "already been approved" in edit.content.decode()
    assert client.get("/en/work/subsidy/?edit=999999").status_code == 404


def _approved_claims(directory, coordinator, hub_admin):
    program = make_program()
    interpreter = make_interpreter("reporter", ("ja",), number="MI-2020-7777")
    claims = [
        claim_for(directory, coordinator, reference, hours=hours, interpreter=interpreter)
        for reference, hours in (("HB-R1", "1.5"), ("HB-R2", "2"))
    ]
    for claim in claims:
        services.claim_approve(claim_id=claim.id, actor=hub_admin)
    claim_for(directory, coordinator, "HB-R3")  # pending: not in the report
    return program


@pytest.mark.django_db
def test_payment_report_as_xlsx(client, directory, coordinator, hub_admin):
    program = _approved_claims(directory, coordinator, hub_admin)
    client.force_login(hub_admin)
    response = client.get(f"/en/work/subsidy/{program.id}/report/?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"subsidy-{program.year}.xlsx" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == (
        "Interpreter",
        "Certificate number",
        "Case",
        "Institution",
        "Date (Korean time)",
        "Purpose",
        "Hours",
        "Amount (KRW)",
    )
    assert [r[2] for r in rows[1:-1]] == ["HB-R1", "HB-R2"]
    assert rows[1][0] == "Interpreter reporter" and rows[1][1] == "MI-2020-7777"
    assert rows[1][3] == "Sora Dermatology Clinic" and rows[1][5] == "Consultation"
    assert (rows[1][6], rows[1][7]) == (1.5, 60_000) and (rows[2][6], rows[2][7]) == (2.0, 80_000)
    assert rows[-1][0] == "Total" and rows[-1][6] == 3.5 and rows[-1][7] == 140_000


@pytest.mark.django_db
def test_payment_report_as_csv_and_a_bad_format(client, directory, coordinator, hub_admin):
    program = _approved_claims(directory, coordinator, hub_admin)
    client.force_login(hub_admin)
    response = client.get(f"/en/work/subsidy/{program.id}/report/?format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Interpreter" and rows[0][-1] == "Amount (KRW)"
    assert rows[1][:3] == ["Interpreter reporter", "MI-2020-7777", "HB-R1"]
    assert rows[1][6:] == ["1.50", "60000"]
    assert rows[-1] == ["Total", "", "", "", "", "", "3.50", "140000"]
    assert client.get(f"/en/work/subsidy/{program.id}/report/?format=pdf").status_code == 400
    assert client.get("/en/work/subsidy/999999/report/?format=csv").status_code == 404


@pytest.mark.django_db
def test_report_headings_are_in_the_reader_language(client, directory, coordinator, hub_admin):
    program = _approved_claims(directory, coordinator, hub_admin)
    client.force_login(hub_admin)
    rows = list(
        csv.reader(io.StringIO(client.get(f"/ko/work/subsidy/{program.id}/report/?format=csv").content.decode("utf-8-sig")))
    )
    assert rows[0][0] == "의료 통역사"  # "Interpreter" in the Korean catalog
    assert rows[-1][0] == "합계"  # "Total"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are proved on PostgreSQL (CI runs the suite there too)")
def test_two_administrators_approving_at_once_never_overspend_on_postgresql(live_directory):
    from django.db import connections

    coordinator = make_user("coord-s", Role.COORDINATOR)
    admins = [make_user("admin-a", Role.HUB_ADMIN), make_user("admin-b", Role.HUB_ADMIN)]
    program = make_program(total_budget_krw=100_000)
    claims = [claim_for(live_directory, coordinator, ref, hours="1.5") for ref in ("HB-X1", "HB-X2")]  # 60,000 each
    barrier = threading.Barrier(2)
    results = []

    def attempt(claim, admin):
        try:
            barrier.wait()
            services.claim_approve(claim_id=claim.id, actor=admin)
            results.append("approved")
        except InterpretingError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=pair) for pair in zip(claims, admins, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["approved", "refused"]
    program.refresh_from_db()
    assert program.remaining_krw == 40_000
    assert SubsidyClaim.objects.filter(status=SubsidyClaim.Status.APPROVED).count() == 1
