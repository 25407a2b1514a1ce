"""The booking's length and the subsidy program's rules live in the services: the page, the
API and the admin reach the same answer."""

import datetime

import pytest

from medhub.interpreting import services
from medhub.interpreting.models import SubsidyProgram
from medhub.interpreting.services import InterpretingError
from tests.interpreting.conftest import book, make_program
from tests.interpreting.test_subsidy import hub_admin  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_the_service_turns_booked_minutes_into_the_end(scheduled, interpreter, coordinator):
    _case, appointment = scheduled
    booking = book(appointment, interpreter, coordinator, purpose="surgery", minutes=150)
    assert booking.starts_at == appointment.slot.starts_at
    assert booking.ends_at - booking.starts_at == datetime.timedelta(minutes=150)


def test_a_program_without_a_purpose_or_an_institution_is_refused_by_the_service(db):
    with pytest.raises(InterpretingError, match="at least one purpose"):
        make_program(counts_consultation=False, counts_surgery=False, counts_teleconsult=False)
    with pytest.raises(InterpretingError, match="qualifying institutions"):
        make_program(all_institutions=False, institutions=[])
    assert not SubsidyProgram.objects.exists()


def program_form(program, **extra) -> dict:
    return {
        "action": "program",
        "year": program.year,
        "name": program.name,
        "total_budget_krw": program.total_budget_krw,
        "cap_per_case_krw": program.cap_per_case_krw,
        "cap_per_hour_krw": program.cap_per_hour_krw,
        "counts_consultation": "on",
        "all_institutions": "on",
        **extra,
    }


def test_the_budget_below_what_is_approved_is_refused_on_the_page_and_in_the_admin(
    client,
    admin_client,
    hub_admin,  # noqa: F811
    monkeypatch,
):
    program = make_program(total_budget_krw=100_000)
    monkeypatch.setattr(services, "_approved", lambda program: 60_000)
    client.force_login(hub_admin)
    page = client.post(f"/en/work/subsidy/?edit={program.id}", program_form(program, total_budget_krw=50_000))
    assert page.status_code == 400 and "already been approved" in page.content.decode()
    admin = admin_client.post(
        f"/en/admin/interpreting/subsidyprogram/{program.id}/change/",
        {k: v for k, v in program_form(program, total_budget_krw=50_000).items() if k != "action"},
    )
    assert admin.status_code == 200 and "already been approved" in admin.content.decode()
    program.refresh_from_db()
    assert program.total_budget_krw == 100_000
