"""Emails on the key events of a case, after commit, each in the recipient's language."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from medhub.accounts.models import Role
from medhub.cases import services
from tests.cases.conftest import make_case, make_user

pytestmark = pytest.mark.django_db


def quote_data():
    return {
        "plan": "Plan",
        "items": [("Consultation", 50_000)],
        "currency": "KRW",
        "valid_until": timezone.localdate() + datetime.timedelta(days=30),
        "stay_days": 2,
        "recovery_days": 1,
    }


def test_share_quote_and_acceptance_notify_the_right_people_in_their_languages(
    directory, coordinator, django_capture_on_commit_callbacks
):
    patient = make_user("pat", Role.PATIENT)
    patient.preferred_language = "ja"
    patient.save()
    staff = make_user("derm-staff", Role.PROVIDER_STAFF, directory["derm"])
    staff.preferred_language = "ko"
    staff.save()
    outsider = make_user("dental-staff", Role.PROVIDER_STAFF, directory["dental"])
    case = make_case(patient=patient)
    services.case_triage(case_id=case.id, specialty=directory["specialties"]["dermatology"], actor=coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        services.case_share(case_id=case.id, institution_ids=[directory["derm"].id], actor=coordinator)
    # The institution's staff are asked to answer; the patient hears where their case went.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff.email, patient.email])
    shared = next(m for m in mail.outbox if m.to == [staff.email])
    assert case.reference in shared.subject
    assert any("\uac00" <= ch <= "\ud7a3" for ch in shared.subject), shared.subject  # Korean
    assert f"/ko/work/inbox/{case.reference}/" in shared.body
    assert outsider.email not in {to for m in mail.outbox for to in m.to}

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        version = services.quote_submit(case_id=case.id, institution_id=directory["derm"].id, actor=staff, data=quote_data())
    recipients = sorted(to for m in mail.outbox for to in m.to)
    assert recipients == sorted([patient.email, coordinator.email])
    to_patient = next(m for m in mail.outbox if m.to == [patient.email])
    assert f"/ja/cases/{case.reference}/" in to_patient.body
    assert any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in to_patient.subject)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.quote_accept(case_id=case.id, quote_id=version.quote_id, actor=patient)
    assert sorted(to for m in mail.outbox for to in m.to) == sorted([staff.email, coordinator.email])


def test_nothing_is_sent_when_the_transaction_fails(directory, coordinator, django_capture_on_commit_callbacks):
    case = make_case()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.CaseError):
        services.case_share(case_id=case.id, institution_ids=[directory["derm"].id], actor=coordinator)
    assert mail.outbox == []
