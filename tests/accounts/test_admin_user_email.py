"""The admin's add-user form asks for an email address and refuses one already taken, instead
of storing an empty one (the second such user was a 500 on the unique field)."""

import pytest

from medhub.accounts.models import User

pytestmark = pytest.mark.django_db

URL = "/en/admin/accounts/user/add/"


def form(**extra) -> dict:
    return {
        "username": "nurse",
        "email": "",
        "usable_password": "true",
        "password1": "x7#Gq!pL2vRt",
        "password2": "x7#Gq!pL2vRt",
        # The memberships inline's empty management form.
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        **extra,
    }


def test_the_add_form_requires_an_email(admin_client):
    response = admin_client.post(URL, form())
    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="nurse").exists()


def test_a_taken_email_is_refused_whatever_its_case(admin_client):
    User.objects.create_user("first", email="nurse@example.kr", password="x")
    response = admin_client.post(URL, form(email="Nurse@Example.kr"))
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert not User.objects.filter(username="nurse").exists()


def test_a_user_with_a_new_email_is_created(admin_client):
    response = admin_client.post(URL, form(email="nurse@example.kr"))
    assert response.status_code == 302
    assert User.objects.get(username="nurse").email == "nurse@example.kr"
