"""The one audit mechanism (medhub.core.audit): each app registers its own action codes with
translated labels, ``log_action`` refuses any other code, and the case's timeline is the part of
the log the apps mark for it."""

import ast
from pathlib import Path

import pytest
from django.utils.functional import Promise
from rest_framework.test import APIClient

from medhub.accounts.models import Role
from medhub.cases import services
from medhub.core import audit
from medhub.core.models import LogEntry
from tests.cases.conftest import make_case, make_user
from tests.conftest import api_token

SRC = Path(__file__).resolve().parents[2] / "src" / "medhub"


def declared_codes() -> dict[str, set[str]]:
    """The codes written in each app's audit.py, read from the source."""
    codes = {}
    for path in sorted(SRC.glob("*/audit.py")):
        if path.parent.name == "core":
            continue
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                found |= {key.value for key in node.keys if isinstance(key, ast.Constant)}
        codes[path.parent.name] = found
    return codes


def test_every_app_registers_only_codes_of_its_own():
    declared = declared_codes()
    assert {"cases", "scheduling", "interpreting", "travel", "privacy"} <= set(declared)
    for app, codes in declared.items():
        assert codes, f"{app}/audit.py registers nothing"
        assert {code.split(".")[0] for code in codes} == {app}, app
    # Everything registered at start-up comes from those files, and nothing is lost on the way.
    assert set(audit.registered()) == set().union(*declared.values())


def test_every_registered_code_has_a_translatable_label():
    for code, text in audit.registered().items():
        assert isinstance(text, Promise), f"{code}: label not marked for translation"
        assert str(text).strip() and str(text) != code
        assert audit.CODE.match(code)


def test_registering_a_malformed_or_taken_code_is_refused():
    from django.core.exceptions import ImproperlyConfigured
    from django.utils.translation import gettext_lazy as _

    with pytest.raises(ImproperlyConfigured):
        audit.register({"Travel traveller removed": _("Traveller removed")})
    with pytest.raises(ImproperlyConfigured):
        audit.register({"travel.traveller.removed": _("Someone else's label")})


@pytest.mark.django_db
def test_an_unregistered_action_is_refused_and_nothing_is_written():
    case = make_case()
    with pytest.raises(audit.UnknownAction):
        audit.log_action(case, "travel.traveler.removed", case=case)  # a typo
    assert not LogEntry.objects.filter(action="travel.traveler.removed").exists()


@pytest.mark.django_db
def test_an_entry_names_its_object_case_and_actor():
    from django.contrib.auth.models import AnonymousUser

    coordinator = make_user("coord", Role.COORDINATOR)
    case = make_case()
    entry = audit.log_action(case, "cases.case.email_verified", case=case, actor=coordinator, data={"n": 1})
    entry.refresh_from_db()
    assert (entry.content_type.model, entry.object_id, entry.case_id) == ("case", case.id, case.id)
    assert (entry.actor, entry.data, entry.label) == (coordinator, {"n": 1}, "Email address verified")
    anonymous = audit.log_action(case, "cases.case.email_verified", case=case.id, actor=AnonymousUser())
    assert anonymous.actor is None and anonymous.case_id == case.id


def shared_case(directory):
    """A triaged case with a record-only entry beside its timeline."""
    coordinator = make_user("coord", Role.COORDINATOR)
    patient = make_user("pat", Role.PATIENT)
    case = make_case(patient=patient)
    services.case_triage(case_id=case.id, specialty=directory["specialties"]["dermatology"], actor=coordinator)
    audit.log_action(case, "travel.visa.checklist_changed", case=case, actor=coordinator, data={"checked": [1]})
    return case, patient, coordinator


@pytest.mark.django_db
def test_the_timeline_shows_each_role_what_it_showed_before(client, directory):
    case, patient, coordinator = shared_case(directory)
    client.force_login(patient)
    page = client.get(f"/en/cases/{case.reference}/").content.decode()
    assert "Specialty confirmed" in page and "New → Triaged" in page
    assert "Visa checklist changed" not in page  # kept for the record only
    assert coordinator.email not in page  # the patient is not told who did it
    client.force_login(coordinator)
    work = client.get(f"/en/work/cases/{case.reference}/").content.decode()
    assert "Specialty confirmed" in work and f"· {coordinator.email}" in work
    assert "Visa checklist changed" not in work


@pytest.mark.django_db
def test_the_api_timeline_carries_the_codes_and_states(directory):
    case, patient, _coordinator = shared_case(directory)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(patient)}")
    events = api.get(f"/api/v1/cases/{case.reference}/", HTTP_ACCEPT_LANGUAGE="en").json()["events"]
    assert [e["kind"] for e in events] == ["cases.case.created", "cases.case.triaged", "cases.case.state_changed"]
    moved = events[-1]
    assert (moved["from_state"], moved["to_state"], moved["label"]) == ("new", "triaged", "State changed")
    assert moved["detail"] == {"specialty": "dermatology"}


@pytest.mark.django_db
def test_the_log_is_read_only_in_the_admin(admin_client):
    case = make_case()
    entry = LogEntry.objects.get(case_id=case.id)
    assert admin_client.get("/en/admin/core/logentry/").status_code == 200
    assert admin_client.get(f"/en/admin/core/logentry/{entry.id}/change/").status_code == 200
    assert admin_client.get("/en/admin/core/logentry/add/").status_code == 403
    assert admin_client.post(f"/en/admin/core/logentry/{entry.id}/delete/", {"post": "yes"}).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()
