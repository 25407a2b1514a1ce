"""Giving feedback: the patient of a treated case, once, through the page or the API; what they
paid is shown against the accepted quote."""

from decimal import Decimal

import pytest

from medhub.cases.models import CaseState
from medhub.core.models import LogEntry
from medhub.feedback.models import Feedback
from medhub.feedback.services import FeedbackError, feedback_give
from medhub.notifications.models import Notification
from tests import factories
from tests.feedback.conftest import RATINGS, api_as, treated_case

pytestmark = pytest.mark.django_db


def form_data(**extra):
    return {
        **{k: str(v) for k, v in RATINGS.items()},
        "paid_amount": "1650000",
        "paid_currency": "KRW",
        "text": "",
        "language": "ru",
        **extra,
    }


def test_the_patient_gives_feedback_through_the_page(client, treated, derm_staff, directory):
    case, patient = treated
    client.force_login(patient)
    page = client.get(f"/en/cases/{case.reference}/feedback/")
    assert page.status_code == 200 and "Send feedback" in page.content.decode()
    assert "₩1,500,000" in page.content.decode()  # the accepted quote's total
    assert "never removes feedback for being negative" in page.content.decode()
    assert "nothing is published" in page.content.decode()  # the hub keeps feedback internal by default
    sent = client.post(f"/en/cases/{case.reference}/feedback/", form_data(text="Врачи были внимательны, но счёт вырос."))
    assert sent.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.case, feedback.institution, feedback.patient) == (case, directory["derm"], patient)
    assert (feedback.communication, feedback.price_honesty, feedback.language) == (5, 3, "ru")
    assert (feedback.quoted_amount, feedback.quoted_currency) == (1_500_000, "KRW")
    assert feedback.difference_percent == Decimal("10.0") and feedback.paid_more
    shown = client.get(f"/en/cases/{case.reference}/feedback/").content.decode()
    assert "10% more than quoted" in shown and "Врачи были внимательны" in shown
    entry = LogEntry.objects.get(action="feedback.feedback.given")
    assert entry.actor == patient and entry.case_id == case.id and entry.data["difference_percent"] == "10.0"
    assert Notification.objects.filter(recipient=derm_staff, kind="feedback.received").exists()


def test_the_patient_gives_feedback_through_the_api(treated):
    case, patient = treated
    response = api_as(patient).post(
        f"/api/v1/cases/{case.reference}/feedback/",
        {**RATINGS, "paid_amount": 1_350_000, "paid_currency": "KRW", "text": "Good", "language": "en"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["institution"] == "sora-dermatology" and body["case"] == case.reference
    assert body["difference_percent"] == "-10.0" and body["paid_more"] is False
    again = api_as(patient).get(f"/api/v1/cases/{case.reference}/feedback/")
    assert again.status_code == 200 and again.json()["id"] == body["id"]


def test_once_per_case_on_every_door(client, treated):
    case, patient = treated
    assert (
        api_as(patient)
        .post(
            f"/api/v1/cases/{case.reference}/feedback/",
            {**RATINGS, "paid_amount": 1, "paid_currency": "KRW", "language": "en"},
            format="json",
        )
        .status_code
        == 201
    )
    second = api_as(patient).post(
        f"/api/v1/cases/{case.reference}/feedback/",
        {**RATINGS, "paid_amount": 1, "paid_currency": "KRW", "language": "en"},
        format="json",
    )
    assert second.status_code == 400 and "once" in second.content.decode()
    client.force_login(patient)
    page = client.post(f"/en/cases/{case.reference}/feedback/", form_data())
    # The page shows the feedback already given; nothing new is stored.
    assert page.status_code in (200, 400) and Feedback.objects.count() == 1
    with pytest.raises(FeedbackError):
        feedback_give(case_id=case.id, actor=patient, ratings=RATINGS, paid_amount=1, paid_currency="KRW", language="en")
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize(
    "bad",
    [
        {"communication": "0"},
        {"result": "6"},
        {"price_honesty": ""},
        {"paid_amount": "-5"},
        {"paid_amount": "lots"},
        {"paid_currency": "dollars"},
        {"language": "xx"},
    ],
)
def test_bad_input_is_a_clear_error_on_both_doors(client, treated, bad):
    case, patient = treated
    client.force_login(patient)
    page = client.post(f"/en/cases/{case.reference}/feedback/", form_data(**bad))
    assert page.status_code == 400 and 'role="alert"' in page.content.decode()
    payload = {**RATINGS, "paid_amount": 1_500_000, "paid_currency": "KRW", "language": "en", **bad}
    api = api_as(patient).post(f"/api/v1/cases/{case.reference}/feedback/", payload, format="json")
    assert api.status_code == 400
    assert not Feedback.objects.exists()


def test_the_service_holds_the_rating_rule_whatever_the_door(treated):
    case, patient = treated
    with pytest.raises(FeedbackError) as refused:
        feedback_give(
            case_id=case.id,
            actor=patient,
            ratings={**RATINGS, "facilities": 7},
            paid_amount=1,
            paid_currency="KRW",
            language="en",
        )
    assert "facilities" in refused.value.message_dict
    with pytest.raises(FeedbackError):
        feedback_give(
            case_id=case.id, actor=patient, ratings={**RATINGS, "result": True}, paid_amount=1, paid_currency="KRW", language="en"
        )


def test_paid_in_another_currency_is_compared_through_the_days_rates(directory, coordinator):
    # build_directory's rates: 1 USD = 1,400 KRW, 1 JPY = 9.5 KRW.
    case, patient = treated_case(directory, coordinator, total=1_400_000)
    feedback = feedback_give(
        case_id=case.id, actor=patient, ratings=RATINGS, paid_amount=1_000, paid_currency="USD", language="en"
    )
    assert feedback.difference_percent == Decimal("0.0") and not feedback.paid_more
    case2, patient2 = treated_case(directory, coordinator, total=1_400_000)
    more = feedback_give(case_id=case2.id, actor=patient2, ratings=RATINGS, paid_amount=1_100, paid_currency="USD", language="en")
    assert more.difference_percent == Decimal("10.0") and more.paid_more
    case3, patient3 = treated_case(directory, coordinator, total=1_400_000)
    near = feedback_give(case_id=case3.id, actor=patient3, ratings=RATINGS, paid_amount=1_005, paid_currency="usd", language="en")
    assert near.paid_currency == "USD" and near.difference_percent == Decimal("0.5") and not near.paid_more  # the exchange


def test_a_quote_in_dollars_paid_in_dollars_is_compared_exactly(directory, coordinator):
    case, patient = treated_case(directory, coordinator, total=1_200, currency="USD")
    feedback = feedback_give(
        case_id=case.id, actor=patient, ratings=RATINGS, paid_amount=1_212, paid_currency="USD", language="en"
    )
    assert feedback.difference_percent == Decimal("1.0") and feedback.paid_more


def test_a_currency_without_a_rate_is_refused_with_the_way_out(client, treated):
    case, patient = treated
    client.force_login(patient)
    page = client.post(f"/en/cases/{case.reference}/feedback/", form_data(paid_currency="MNT"))
    assert page.status_code == 400
    assert "no exchange rate for MNT" in page.content.decode() and "KRW" in page.content.decode()
    factories.rate("MNT", "0.4")
    from medhub.core.selectors import clear_caches

    clear_caches()
    assert (
        client.post(f"/en/cases/{case.reference}/feedback/", form_data(paid_currency="MNT", paid_amount="4125000")).status_code
        == 302
    )
    assert Feedback.objects.get().difference_percent == Decimal("10.0")


def test_the_page_speaks_the_patients_language(client, treated):
    case, patient = treated
    client.force_login(patient)
    page = client.get(f"/ru/cases/{case.reference}/feedback/").content.decode()
    assert 'value="ru" selected' in page or 'value="ru"selected' in page


def test_closed_cases_take_feedback_too(directory, coordinator):
    case, patient = treated_case(directory, coordinator, state=CaseState.CLOSED)
    assert feedback_give(case_id=case.id, actor=patient, ratings=RATINGS, paid_amount=5, paid_currency="KRW", language="en").pk
