"""'My cases': a patient can have several cases and sees all of theirs, and only theirs."""

import pytest

from medhub.accounts.models import Role
from medhub.cases.models import CaseState
from tests.cases.conftest import make_case, make_user

pytestmark = pytest.mark.django_db


def test_a_patient_sees_every_case_of_theirs_with_its_status_and_no_one_elses(client, directory):
    mine = make_user("mine", Role.PATIENT)
    other = make_user("other", Role.PATIENT)
    first = make_case(patient=mine, reference="HB-MINE-1", hours_ago=48)
    second = make_case(patient=mine, reference="HB-MINE-2", state=CaseState.TRIAGED)
    make_case(patient=other, reference="HB-OTHER-1")
    make_case(patient=None, reference="HB-NOBODY-1")
    client.force_login(mine)

    response = client.get("/en/cases/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "HB-MINE-1" in html and "HB-MINE-2" in html
    assert "HB-OTHER-1" not in html and "HB-NOBODY-1" not in html
    assert first.get_state_display() in html and second.get_state_display() in html
    assert html.index("HB-MINE-2") < html.index("HB-MINE-1")  # newest first
    # The header leads there, with a sign-out button (allauth's logout posts).
    assert 'href="/en/cases/"' in html
    assert 'action="/en/accounts/logout/"' in html


def test_my_cases_asks_to_sign_in_and_staff_see_no_patient_cases(client, directory):
    make_case(patient=make_user("p", Role.PATIENT), reference="HB-P-1")
    response = client.get("/en/cases/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    client.force_login(make_user("coord", Role.COORDINATOR))
    response = client.get("/en/cases/")
    assert response.status_code == 200
    assert "HB-P-1" not in response.content.decode()
    assert 'href="/en/work/"' in response.content.decode()  # staff are led to their workspace


def test_after_sign_in_a_patient_with_several_cases_lands_on_my_cases_and_with_one_on_it(client, directory):
    one = make_user("one", Role.PATIENT)
    make_case(patient=one, reference="HB-ONE-1")
    client.force_login(one)
    assert client.get("/en/work/")["Location"] == "/en/cases/HB-ONE-1/"
    make_case(patient=one, reference="HB-ONE-2")
    assert client.get("/en/work/")["Location"] == "/en/cases/"
