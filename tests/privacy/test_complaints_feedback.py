"""A patient's complaints and feedback are in their data export, and an approved erasure takes
their name, address, words and files from both (a complaint referred to K-medi keeps its text for
the mediation; feedback keeps its ratings, anonymous, for the aggregates)."""

import datetime
import io
import json
import zipfile

import pytest

from medhub.accounts.models import Role
from medhub.cases.models import CaseState
from medhub.complaints.models import Complaint
from medhub.feedback import services as feedback
from medhub.feedback.models import Feedback
from medhub.privacy import services as privacy
from tests.cases.conftest import make_user
from tests.complaints.conftest import TEXT_RU, file_complaint
from tests.feedback.conftest import RATINGS, treated_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def patient_with_both(directory):
    coordinator = make_user("coord", Role.COORDINATOR)
    case, patient = treated_case(directory, coordinator, state=CaseState.CLOSED)
    given = feedback.feedback_give(
        case_id=case.id,
        actor=patient,
        ratings=RATINGS,
        paid_amount=1_500_000,
        paid_currency="KRW",
        text="Врач был очень внимателен.",
        language="ru",
    )
    world = {**directory, "patient": patient}
    plain = file_complaint(world)
    referred = file_complaint(world, text="Второй случай: ожог после лазера.")
    Complaint.objects.filter(pk=referred.pk).update(kmedi_referred_on=datetime.date(2026, 11, 1))
    return {
        "patient": patient,
        "feedback": given,
        "plain": plain,
        "referred": referred,
        "boss": make_user("boss", Role.HUB_ADMIN),
    }


def test_the_export_holds_the_patients_complaints_and_feedback(patient_with_both):
    archive = zipfile.ZipFile(io.BytesIO(privacy.patient_export(patient_with_both["patient"])))
    data = json.loads(archive.read("data.json"))
    assert {c["reference"] for c in data["complaints"]} == {
        patient_with_both["plain"].reference,
        patient_with_both["referred"].reference,
    }
    assert TEXT_RU in [c["text"] for c in data["complaints"]]
    (given,) = data["feedback"]
    assert given["text"] == "Врач был очень внимателен." and given["ratings"]["communication"] == RATINGS["communication"]


def test_erasure_takes_words_and_addresses_from_complaints_and_feedback(patient_with_both):
    patient = patient_with_both["patient"]
    request = privacy.deletion_request(user=patient)
    privacy.deletion_decide(request_id=request.id, actor=patient_with_both["boss"], approve=True)
    plain = Complaint.objects.get(pk=patient_with_both["plain"].pk)
    assert plain.text == "" and plain.name == "" and plain.email.endswith("@invalid") and plain.complainant_id is None
    assert plain.reference and plain.organization_id  # the hub's record of the complaint stays
    referred = Complaint.objects.get(pk=patient_with_both["referred"].pk)
    assert referred.text and referred.complainant_id is None  # kept for the mediation
    given = Feedback.objects.get(pk=patient_with_both["feedback"].pk)
    assert given.text == "" and given.patient_id is None and given.communication == RATINGS["communication"]
