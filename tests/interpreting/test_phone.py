"""An interpreter's phone goes through core/phones.py like a driver's: checked with
phonenumbers, stored in E.164, refused at its field when it cannot be called."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from medhub.accounts.models import Role
from medhub.interpreting import services
from medhub.interpreting.models import Interpreter
from tests.cases.conftest import make_user
from tests.conftest import api_token

pytestmark = pytest.mark.django_db


def admin_form(interpreter, **changes):
    data = {
        "user": interpreter.user_id,
        "display_name": interpreter.display_name,
        "phone": interpreter.phone,
        "languages": ["ja"],
        "is_active": "on",
        "hourly_rate_krw": "30000",
    }
    for prefix in ("certifications", "availability"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return {**data, **changes}


@pytest.fixture
def interpreter(db):
    user = make_user("phone-interpreter", Role.INTERPRETER)
    return Interpreter.objects.create(user=user, display_name="Kim Yuna", phone="", languages=",ja,")


def test_the_admin_page_stores_the_phone_in_e164_and_refuses_one_that_cannot_be_called(admin_client, interpreter):
    client = admin_client
    url = f"/en/admin/interpreting/interpreter/{interpreter.id}/change/"
    refused = client.post(url, admin_form(interpreter, phone="12"))
    assert refused.status_code == 200  # the form again, with the error at its field
    assert "Enter a phone number" in str(refused.context["adminform"].form.errors["phone"])
    interpreter.refresh_from_db()
    assert interpreter.phone == ""
    assert client.post(url, admin_form(interpreter, phone="010-9876-5432")).status_code == 302
    interpreter.refresh_from_db()
    assert interpreter.phone == "+821098765432"
    assert client.post(url, admin_form(interpreter, phone="+7 701 234 5678")).status_code == 302  # a foreign number
    interpreter.refresh_from_db()
    assert interpreter.phone == "+77012345678"


def test_the_api_gives_the_phone_in_e164(interpreter):
    interpreter.phone = "02 1234 5678"
    services.interpreter_save(interpreter=interpreter)
    coordinator = make_user("phone-coordinator", Role.COORDINATOR)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(coordinator)}")
    response = client.get("/api/v1/interpreting/interpreters/")
    assert response.status_code == 200
    [listed] = [i for i in response.json()["results"] if i["id"] == interpreter.id]
    assert listed["phone"] == "+82212345678"


def test_the_service_refuses_a_phone_at_its_field_and_keeps_an_empty_one_empty(interpreter):
    interpreter.phone = "call me"
    with pytest.raises(ValidationError) as refused:
        services.interpreter_save(interpreter=interpreter)
    assert "phone" in refused.value.message_dict
    interpreter.phone = "  "
    assert services.interpreter_save(interpreter=interpreter).phone == ""
