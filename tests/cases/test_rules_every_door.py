"""Each case rule lives in the service: the page and the API reach the same refusal, and
reloading a page after a POST creates nothing twice."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from rest_framework.test import APIClient

from medhub.accounts.models import Role
from medhub.cases import services
from medhub.cases.models import Case, Quote
from tests import factories
from tests.cases.conftest import inquiry_fields, make_user
from tests.cases.test_quotes import quote_data, shared  # noqa: F401  (the fixture)
from tests.conftest import api_token

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def days(n: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


# -- the quote: currency and validity ----------------------------------------------------------


def api_quote(**extra) -> dict:
    return {
        "plan": "Plan",
        "items": [{"label": "Consultation", "amount": 50000}],
        "currency": "KRW",
        "valid_until": days(10),
        **extra,
    }


def test_the_quote_api_refuses_an_unknown_currency_and_a_past_date(shared):  # noqa: F811
    office = api_for(make_user("derm-staff", Role.PROVIDER_STAFF, shared["derm"]))
    url = f"/api/v1/cases/{shared['case'].reference}/quotes/"
    zzz = office.post(url, api_quote(currency="ZZZ"), format="json")
    assert zzz.status_code == 400
    past = office.post(url, api_quote(valid_until=days(-1)), format="json")
    assert past.status_code == 400 and past.json()["detail"]
    assert not Quote.objects.exists()
    assert office.post(url, api_quote(valid_until=days(0)), format="json").status_code == 201


def test_the_quote_page_refuses_a_past_date_through_the_service(client, shared):  # noqa: F811
    client.force_login(make_user("derm-staff", Role.PROVIDER_STAFF, shared["derm"]))
    form = {
        "plan": "Plan",
        "items": "Consultation | 50000",
        "currency": "KRW",
        "valid_until": days(-1),
        "stay_days": "3",
        "recovery_days": "1",
    }
    response = client.post(f"/en/work/inbox/{shared['case'].reference}/", form)
    assert response.status_code == 400
    assert "today or later" in response.content.decode()
    assert not Quote.objects.exists()


def test_the_quote_service_holds_both_rules(shared, coordinator):  # noqa: F811
    case = shared["case"]
    with pytest.raises(ValidationError, match="currenc"):
        services.quote_submit(
            case_id=case.id, institution_id=shared["derm"].id, actor=coordinator, data=quote_data(currency="ZZZ")
        )
    with pytest.raises(ValidationError, match="today or later"):
        services.quote_submit(
            case_id=case.id,
            institution_id=shared["derm"].id,
            actor=coordinator,
            data=quote_data(valid_until=timezone.localdate() - datetime.timedelta(days=1)),
        )


# -- the inquiry: eligibility, dates, the referring agency -------------------------------------


def test_the_inquiry_service_refuses_a_patient_who_is_not_foreign(directory):
    with pytest.raises(services.Ineligible) as refused:
        services.inquiry_submit(data={**inquiry_fields(), "resident_in_korea": "yes"}, documents=[], language="en")
    assert refused.value.reason == "resident"
    assert not Case.objects.exists()


def test_the_inquiry_page_and_api_tell_an_nhi_member_why(client, directory):
    page = client.post("/en/inquiry/", {**inquiry_fields(), "nhi_member": "yes"})
    assert page.status_code == 200 and page.context["ineligible"] == "nhi"
    api = APIClient().post("/api/v1/inquiries/", {**inquiry_fields(), "nhi_member": "yes"}, format="multipart")
    assert api.status_code == 400 and api.json() == {"eligible": False, "reason": "nhi"}
    assert not Case.objects.exists()


def test_desired_dates_in_the_past_are_refused_at_every_door(client, directory):
    data = {**inquiry_fields(), "desired_from": days(-3), "desired_to": days(5)}
    page = client.post("/en/inquiry/", data)
    assert page.status_code == 400 and "desired_from" in page.context["form"].errors
    api = APIClient().post("/api/v1/inquiries/", data, format="multipart")
    assert api.status_code == 400 and "desired_from" in api.json()
    # (The API answered in the default language; the service is called here in English.)
    with translation.override("en"), pytest.raises(ValidationError, match="past"):
        services.inquiry_submit(data={**inquiry_fields(), "desired_to": days(-1)}, documents=[], language="en")
    assert not Case.objects.exists()


def test_the_service_chooses_the_referring_agency(directory):
    first = factories.partner("facilitator", slug="first-agency")
    second = factories.partner("facilitator", slug="second-agency")
    agent = make_user("agent", Role.FACILITATOR_STAFF, second)
    from medhub.accounts.models import Membership

    Membership.objects.create(user=agent, organization=first, role=Role.FACILITATOR_STAFF)
    case = services.inquiry_submit(data=inquiry_fields(), documents=[], language="en", sender=agent)
    assert case.referred_by_id == min(first.id, second.id)
    patient = make_user("pat", Role.PATIENT)
    other = services.inquiry_submit(
        data={**inquiry_fields(), "contact_email": "b@example.kz"}, documents=[], language="en", sender=patient
    )
    assert other.referred_by_id is None


# -- post, redirect, get ---------------------------------------------------------------------


def test_reloading_the_sent_page_creates_no_second_case(client, directory):
    response = client.post("/en/inquiry/", inquiry_fields())
    assert response.status_code == 302 and response["Location"] == "/en/inquiry/sent/"
    assert "aigerim" not in response["Location"]
    case = Case.objects.get()
    for _ in range(2):
        page = client.get("/en/inquiry/sent/")
        assert page.status_code == 200 and case.reference in page.content.decode()
    assert Case.objects.count() == 1
    # Someone else opening the address learns nothing.
    assert case.reference not in APIClient().get("/en/inquiry/sent/").content.decode()


# -- a refused message keeps its text ------------------------------------------------------------


def test_a_refused_message_comes_back_as_typed_for_the_patient_and_the_hub(client, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from medhub.cases.models import Message
    from tests.cases.conftest import make_case

    patient = make_user("pat", Role.PATIENT)
    case = make_case(patient=patient)
    for user, page in ((patient, "cases/case_detail.html"), (coordinator, "cases/work_case.html")):
        client.force_login(user)
        program = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
        response = client.post(
            f"/en/cases/{case.reference}/messages/", {"body": "Two pages of my MRI.", "attachments": [program]}
        )
        assert response.status_code == 400
        assert page in [t.name for t in response.templates]
        assert response.context["message_form"]["body"].value() == "Two pages of my MRI."
        assert "scan.pdf" in response.content.decode()
    assert not Message.objects.exists()


def test_a_messenger_without_an_id_is_refused_by_the_service(directory):
    with pytest.raises(ValidationError, match="messenger"):
        services.inquiry_submit(data={**inquiry_fields(), "messenger_handle": " "}, documents=[], language="en")
    api = APIClient().post("/api/v1/inquiries/", {**inquiry_fields(), "messenger_handle": ""}, format="multipart")
    assert api.status_code == 400 and "messenger_handle" in api.json()
    assert not Case.objects.exists()
