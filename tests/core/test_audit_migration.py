"""The migrations that moved CaseEvent and InterpretingEvent into the audit log: each old row
becomes one entry with the code the apps now register, its time, actor, states and detail.
The old models are gone, so their rows are stood in for by plain objects."""

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as real_apps
from django.utils import timezone

from medhub.core import audit
from medhub.core.models import LogEntry
from tests.cases.conftest import make_case

pytestmark = pytest.mark.django_db

AT = timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 30))


class Rows:
    def __init__(self, rows):
        self.rows = rows

    def order_by(self, *fields):
        return self

    def select_related(self, *fields):
        return self

    def iterator(self, chunk_size=None):
        return iter(self.rows)


def historical_apps(label, rows):
    old = SimpleNamespace(objects=Rows(rows))
    return SimpleNamespace(get_model=lambda app, name: old if app == label else real_apps.get_model(app, name))


def test_case_events_become_timeline_entries():
    migration = importlib.import_module("medhub.cases.migrations.0011_case_events_to_audit_log")
    case = make_case()
    LogEntry.objects.all().delete()

    def event(kind, **extra):
        fields = {"from_state": "", "to_state": "", "detail": {}, "actor_id": None, "case_id": case.id, "created_at": AT}
        return SimpleNamespace(kind=kind, **{**fields, **extra})

    rows = [
        event("created", to_state="new", detail={"documents": 1}),
        event("state", from_state="new", to_state="triaged", detail={"specialty": "dermatology"}),
        event("visa", detail={"visa_type": "C-3-3", "started": True}),
        event("visa", detail={"status": "collected", "previous": "preparing"}),
        event("stay", detail={"stay": 4, "status": "requested"}),
        event("pickup", detail={"pickup": 5, "status": "confirmed"}),
        event("deletion_asked", detail={"request": 7}),
    ]
    migration.copy_events(historical_apps("cases", rows), None)
    entries = list(LogEntry.objects.order_by("id"))
    assert [e.action for e in entries] == [
        "cases.case.created",
        "cases.case.state_changed",
        "travel.visa.saved",
        "travel.visa.status_changed",
        "travel.stay.requested",
        "travel.pickup.answered",
        "privacy.deletion.requested",
    ]
    assert all(e.action in audit.timeline_actions() for e in entries)
    assert {(e.case_id, e.object_id, e.content_type.model, e.created_at) for e in entries} == {(case.id, case.id, "case", AT)}
    assert entries[1].data == {"from_state": "new", "to_state": "triaged", "specialty": "dermatology"}


def test_interpreting_events_keep_their_object_and_find_their_case():
    from tests.cases.conftest import make_user

    migration = importlib.import_module("medhub.interpreting.migrations.0002_interpreting_events_to_audit_log")
    booking = SimpleNamespace(appointment=SimpleNamespace(case_id=11))
    claim = SimpleNamespace(case_id=12)
    admin = make_user("admin", "hub_admin")

    def event(kind, **extra):
        fields = {"booking_id": None, "claim_id": None, "program_id": None, "detail": {}, "actor_id": admin.id}
        return SimpleNamespace(kind=kind, created_at=AT, **{**fields, **extra})

    rows = [
        event("booked", booking_id=1, booking=booking, detail={"language": "ja"}),
        event("claim", booking_id=1, booking=booking, claim_id=2, claim=claim, program_id=3, detail={"amount": 60000}),
        event("program", program_id=3, detail={"created": True}),
    ]
    migration.copy_events(historical_apps("interpreting", rows), None)
    booked, claimed, program = LogEntry.objects.order_by("id")
    assert (booked.action, booked.content_type.model, booked.object_id, booked.case_id) == (
        "interpreting.booking.requested",
        "interpreterbooking",
        1,
        11,
    )
    assert (claimed.action, claimed.content_type.model, claimed.object_id, claimed.case_id) == (
        "interpreting.claim.created",
        "subsidyclaim",
        2,
        12,
    )
    assert claimed.data == {"amount": 60000, "program": 3, "booking": 1}
    assert (program.action, program.object_id, program.case_id, program.actor) == ("interpreting.program.saved", 3, None, admin)
    assert all(e.action in audit.registered() for e in (booked, claimed, program))
