"""Every status field has a declared workflow (decision 0010), every table is well formed, and
a refused move comes back as a translated error naming both states."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from medhub.cases import services as case_services
from medhub.cases import workflow as case_workflow
from medhub.cases.models import CaseState
from medhub.cases.services import CaseError
from medhub.core.workflow import TransitionError, Workflow, registry
from medhub.travel.models import BookingStatus, Pickup, Stay
from medhub.travel.workflow import BOOKING
from tests.cases.conftest import coordinator, make_case  # noqa: F401 - the shared fixture

# Fields that look like a status but are not a business status a workflow should govern.
EXEMPT = {
    # The outbox's delivery bookkeeping (pending → sending → sent/failed), claimed by a
    # conditional UPDATE in outbox.services; no person moves it (decision 0007).
    "outbox.Message.status",
    # A registry entry's status mirrors the national registry's file (active, suspended, closed,
    # revoked, in any order the file says); medhub records it, nobody here moves it.
    "registry.RegistryEntry.status",
}


def status_fields():
    """Every ``status`` or ``state`` field with choices in medhub's own apps."""
    for model in apps.get_models():
        if not model.__module__.startswith("medhub."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.CharField) and field.choices and field.name in ("status", "state"):
                yield f"{model._meta.app_label}.{model.__name__}.{field.name}", model, field


def test_every_status_field_has_a_declared_workflow():
    declared = registry()
    found = {label for label, _model, _field in status_fields()}
    assert found, "the walk found no status field at all"
    assert "travel.Stay.status" in found and "cases.Case.state" in found
    missing = sorted(found - set(declared) - EXEMPT)
    assert not missing, f"status fields without a workflow in core.workflow.registry(): {missing}"
    # Nothing registered or exempted that no longer exists.
    assert set(declared) <= found
    assert found >= EXEMPT


def test_each_workflow_covers_exactly_the_choices_of_the_fields_it_governs():
    declared = registry()
    for label, _model, field in status_fields():
        if label in declared:
            assert set(declared[label].transitions) == {value for value, _label in field.choices}, label


def test_final_states_have_no_exits_and_every_state_is_reachable_from_the_default():
    for label, _model, field in status_fields():
        workflow = registry().get(label)
        if workflow is None:
            continue
        assert workflow.final, label  # every workflow ends somewhere
        for state in workflow.final:
            assert workflow.next_states(state) == [], (label, state)
            assert not any(workflow.allowed(state, target) for target in workflow.choices.values), (label, state)
        seen, todo = set(), [field.default]
        while todo:
            state = todo.pop()
            if state not in seen:
                seen.add(state)
                todo.extend(workflow.transitions[state])
        assert seen == set(workflow.choices.values), (label, set(workflow.choices.values) - seen)


def test_stays_and_pickups_share_one_table():
    declared = registry()
    assert declared["travel.Stay.status"] is declared["travel.Pickup.status"] is BOOKING
    assert Stay._meta.get_field("status").choices == Pickup._meta.get_field("status").choices


def test_a_table_with_an_unknown_or_missing_state_is_refused_at_import():
    with pytest.raises(ValueError, match="without a row"):
        Workflow("broken", BookingStatus, {BookingStatus.REQUESTED: set()}, refusal="x")
    with pytest.raises(ValueError, match="unknown"):
        Workflow(
            "broken",
            BookingStatus,
            {**{s: set() for s in BookingStatus.values}, BookingStatus.REQUESTED: {"flying"}},
            refusal="x",
        )
    with pytest.raises(ValueError, match="already governed"):
        Workflow("twice", BookingStatus, dict(BOOKING.transitions), refusal="x", governs=("travel.Stay.status",))


def test_move_sets_the_field_and_returns_where_it_came_from():
    stay = Stay(status=BookingStatus.REQUESTED)
    assert BOOKING.move(stay, BookingStatus.CONFIRMED) == BookingStatus.REQUESTED
    assert stay.status == BookingStatus.CONFIRMED
    with pytest.raises(TransitionError) as refused:
        BOOKING.move(stay, BookingStatus.DECLINED)
    assert stay.status == BookingStatus.CONFIRMED  # a refused move changes nothing
    assert refused.value.messages == ["A booking that is “Confirmed” cannot become “Declined”."]
    with pytest.raises(TransitionError, match="not a status"):
        BOOKING.move(stay, "flying")


def test_the_refusal_names_both_states_in_the_readers_language():
    stay = Stay(status=BookingStatus.CANCELLED)
    with translation.override("ko"):
        with pytest.raises(TransitionError) as refused:
            BOOKING.move(stay, BookingStatus.CONFIRMED)
        cancelled, confirmed = str(BookingStatus.CANCELLED.label), str(BookingStatus.CONFIRMED.label)
    assert cancelled != "Cancelled" and confirmed != "Confirmed"  # the labels have Korean words
    assert cancelled in refused.value.messages[0] and confirmed in refused.value.messages[0]


@pytest.mark.django_db
def test_a_move_the_case_table_refuses_is_a_translated_case_error(directory, coordinator):  # noqa: F811
    case = make_case()
    with translation.override("ko"):
        with pytest.raises(CaseError) as refused:
            case_services.case_transition(case_id=case.id, to_state=CaseState.SCHEDULED, actor=coordinator)
        expected = str(case_workflow.CASE.refusal) % {
            "from": str(CaseState.NEW.label),
            "to": str(CaseState.SCHEDULED.label),
        }
    assert refused.value.messages == [expected]
    assert "cannot become" not in expected  # the sentence itself is translated, not only the labels
    with pytest.raises(CaseError, match="not a status"):
        case_services.case_transition(case_id=case.id, to_state="flying", actor=coordinator)
    case.refresh_from_db()
    assert case.state == CaseState.NEW


def test_the_case_names_callers_use_still_answer():
    assert case_workflow.TRANSITIONS is case_workflow.CASE.transitions
    final = case_workflow.FINAL
    assert final == {CaseState.CLOSED, CaseState.DECLINED, CaseState.CANCELLED, CaseState.LOST}
    assert case_workflow.allowed(CaseState.NEW, CaseState.TRIAGED)
    assert [s.value for s in case_workflow.next_states(CaseState.IN_TREATMENT)] == ["aftercare", "closed"]
