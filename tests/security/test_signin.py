"""The ways in: every door passes the same password + TOTP step with the same throttle.

Each test here is an attack that worked before the fix (a password-only admin session, a
verification link that signed in a coordinator, enrolment with the password alone, secrets in
clear)."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.db import connection

from medhub.accounts.models import ApiToken, Role
from medhub.cases.links import verify_token
from medhub.cases.models import Case
from tests.cases.conftest import make_case, make_user
from tests.conftest import DEMO_TOTP_SECRET, api_token

pytestmark = pytest.mark.django_db
PASSWORD = "pw-123456789"


def totp_now(secret: str = DEMO_TOTP_SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in_with_password(client, login: str, password: str = PASSWORD, lang: str = "en"):
    return client.post(f"/{lang}/accounts/login/", {"login": login, "password": password})


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


# --- the admin's own login page -------------------------------------------------------------


def test_the_admin_login_page_is_no_door_of_its_own(client, admin_user):
    # GET sends to the one sign-in page, keeping where the admin was going.
    response = client.get("/en/admin/login/?next=/en/admin/cases/case/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")
    # POSTing a right password to it signs nobody in.
    response = client.post("/en/admin/login/", {"username": "admin", "password": "password"})
    assert signed_in_user_id(client) is None
    assert client.get("/en/admin/").status_code == 302


def test_a_password_only_staff_session_opens_no_staff_page_nor_api(client, directory):
    coordinator = make_user("coord", Role.COORDINATOR)
    case = make_case()
    # The session an attacker had from the admin's login: password, no TOTP in this session.
    for path in ("/en/work/cases/", f"/en/work/cases/{case.reference}/", "/en/admin/", f"/en/cases/{case.reference}/"):
        client.force_login(coordinator, mfa=False)
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/accounts/login/" in response["Location"], path
    client.force_login(coordinator, mfa=False)
    for path in ("/api/v1/cases/", f"/api/v1/cases/{case.reference}/", f"/api/v1/cases/{case.reference}/travel/"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert case.reference not in response.content.decode()
    # The bad session is gone, not just refused once.
    assert signed_in_user_id(client) is None


def test_sign_in_page_needs_the_password_then_the_code(client, directory):
    coordinator = make_user("coord", Role.COORDINATOR)
    response = sign_in_with_password(client, "coord")
    assert response.status_code == 302 and "/accounts/2fa/authenticate/" in response["Location"]
    assert client.get("/en/work/cases/").status_code == 302  # not signed in yet
    response = client.post("/en/accounts/2fa/authenticate/", {"code": totp_now()})
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(coordinator.pk)
    assert client.get("/en/work/cases/").status_code == 200
    assert client.get("/api/v1/cases/").status_code == 200


def test_sign_in_is_locked_after_five_wrong_passwords_even_with_the_right_one(client, directory):
    make_user("coord", Role.COORDINATOR)
    for _ in range(5):
        assert sign_in_with_password(client, "coord", "wrong-password").status_code == 200
    response = sign_in_with_password(client, "coord")
    assert response.status_code == 200  # the form again, with the lockout message
    assert "Too many sign-in attempts" in response.content.decode()
    assert "/2fa/authenticate/" not in response.get("Location", "")
    # The lockout counts for the account whatever the client: another browser is refused too.
    other = type(client)()
    assert "Too many sign-in attempts" in sign_in_with_password(other, "coord@example.com").content.decode()


def test_a_successful_sign_in_does_not_count_against_the_limit(client, directory, settings):
    make_user("coord", Role.COORDINATOR)
    for _ in range(8):
        client.cookies.clear()
        response = sign_in_with_password(client, "coord")
        assert response.status_code == 302 and "/2fa/authenticate/" in response["Location"]


def test_lockout_message_is_translated(client, directory, settings):
    settings.MEDHUB_THROTTLES = {**settings.MEDHUB_THROTTLES, "signin-account": (1, 900)}
    make_user("coord", Role.COORDINATOR)
    sign_in_with_password(client, "coord", "wrong", lang="ko")
    page = sign_in_with_password(client, "coord", lang="ko").content.decode()
    assert "Too many sign-in attempts" not in page
    assert "로그인" in page


# --- the inquiry's verification link --------------------------------------------------------


def _link(case) -> str:
    return f"/en/cases/verify/{verify_token(case.id)}/"


def test_a_verification_link_never_signs_in_a_staff_account(client, directory):
    coordinator = make_user("coord", Role.COORDINATOR)
    # The attack: an inquiry sent with the coordinator's address, then the mailed link.
    case = make_case(contact_email=coordinator.email)
    response = client.post(_link(case))
    assert signed_in_user_id(client) is None
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/en/work/cases/").status_code == 302


def test_a_verification_link_never_signs_in_an_account_that_has_a_password(client, directory):
    patient = make_user("pat", Role.PATIENT)  # has a password of their own
    case = make_case(contact_email=patient.email)
    client.post(_link(case))
    assert signed_in_user_id(client) is None
    case.refresh_from_db()
    assert case.email_verified_at is not None and case.patient == patient  # the address is still confirmed


def test_a_verification_link_works_once_and_opening_it_changes_nothing(client, directory):
    case = make_case(contact_email="new.patient@example.com")
    link = _link(case)
    page = client.get(link)
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    case.refresh_from_db()
    assert case.email_verified_at is None
    response = client.post(link)
    assert response.status_code == 302 and response["Location"].endswith(f"/cases/{case.reference}/")
    patient_id = signed_in_user_id(client)
    assert patient_id is not None
    # Someone else with the same link (from a log, a forwarded mail) gets nothing.
    other = type(client)()
    response = other.post(link)
    assert signed_in_user_id(other) is None
    assert "/accounts/login/" in response["Location"]


def test_an_old_verification_link_does_not_work(client, directory, monkeypatch):
    case = make_case(contact_email="late@example.com")
    link = _link(case)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 3 * 24 * 3600)
    response = client.post(link)
    assert response.status_code == 400
    assert signed_in_user_id(client) is None


# --- the first enrolment of an authenticator ------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_staff_without_totp_must_prove_the_address_before_enrolling(client, live_directory):
    coordinator = make_user("coord", Role.COORDINATOR, mfa=False)
    make_case()
    response = sign_in_with_password(client, "coord")
    assert response.status_code == 302
    # Cases and the enrolment page itself are closed with the password alone.
    assert client.get("/en/work/cases/")["Location"].endswith("/accounts/2fa/enrol/")
    assert client.get("/en/accounts/2fa/totp/activate/")["Location"].endswith("/accounts/2fa/enrol/")
    assert client.get("/en/accounts/email/")["Location"].endswith("/accounts/2fa/enrol/")
    mail.outbox.clear()
    client.post("/en/accounts/2fa/enrol/", {"action": "send"})
    assert mail.outbox[-1].to == [coordinator.email]
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    wrong = "000000" if code != "000000" else "111111"
    assert client.post("/en/accounts/2fa/enrol/", {"action": "verify", "code": wrong}).status_code == 400
    assert client.get("/en/accounts/2fa/totp/activate/").status_code == 302
    response = client.post("/en/accounts/2fa/enrol/", {"action": "verify", "code": code})
    assert response["Location"].endswith("/accounts/2fa/totp/activate/")
    # allauth asks for the password again before an authenticator is added.
    response = client.get("/en/accounts/2fa/totp/activate/")
    assert "/accounts/reauthenticate/" in response["Location"]
    client.post(response["Location"], {"password": PASSWORD})
    page = client.get("/en/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    # (A committed database, as in production: allauth records the new authenticator on commit.)
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": totp_now(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=coordinator, type="totp").exists()
    # Enrolling proved a fresh code: this session now counts.
    assert client.get("/en/work/cases/").status_code == 200


def test_the_enrolment_code_is_refused_after_five_wrong_tries(client, directory):
    make_user("coord", Role.COORDINATOR, mfa=False)
    sign_in_with_password(client, "coord")
    client.post("/en/accounts/2fa/enrol/", {"action": "send"})
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        client.post("/en/accounts/2fa/enrol/", {"action": "verify", "code": wrong})
    response = client.post("/en/accounts/2fa/enrol/", {"action": "verify", "code": code})
    assert response.status_code == 400
    assert client.get("/en/accounts/2fa/totp/activate/").status_code == 302


# --- secrets at rest ------------------------------------------------------------------------


def test_totp_secrets_are_stored_encrypted_and_never_shown_in_the_admin(client, admin_user):
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator WHERE user_id = %s", [admin_user.pk])
        stored = cursor.fetchone()[0]
    assert DEMO_TOTP_SECRET not in str(stored)
    assert "enc1:" in str(stored)
    client.force_login(admin_user)
    authenticator = Authenticator.objects.get(user=admin_user)
    for path in ("/en/admin/mfa/authenticator/", f"/en/admin/mfa/authenticator/{authenticator.pk}/change/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert DEMO_TOTP_SECRET not in response.content.decode()
        assert "enc1:" not in response.content.decode()


def test_api_tokens_are_stored_as_digests_and_work_until_revoked(client, directory):
    from rest_framework.test import APIClient

    coordinator = make_user("coord", Role.COORDINATOR)
    raw = api_token(coordinator)
    stored = ApiToken.objects.get(user=coordinator)
    assert raw not in (stored.digest, stored.prefix) and stored.digest != raw
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        assert raw not in str(cursor.fetchall())
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    assert api.get("/api/v1/cases/").status_code == 200
    stored.revoked_at = stored.created_at
    stored.save()
    assert api.get("/api/v1/cases/").status_code in (401, 403)


def test_staff_create_a_token_on_their_page_and_see_it_once(client, directory):
    coordinator = make_user("coord", Role.COORDINATOR)
    client.force_login(coordinator)
    posted = client.post("/en/work/tokens/", {"name": "CRM"})
    assert posted.status_code == 302  # post, redirect, get: a reload issues no second token
    response = client.get(posted["Location"])
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    raw = re.search(r"(mh_[A-Za-z0-9_-]{20,})", response.content.decode()).group(1)
    assert raw not in client.get("/en/work/tokens/").content.decode()
    token = ApiToken.objects.get(user=coordinator)
    client.post("/en/work/tokens/", {"revoke": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is not None
    # A patient has no token page.
    patient = make_user("pat", Role.PATIENT)
    client.force_login(patient)
    assert client.get("/en/work/tokens/").status_code == 403


def test_a_patient_signs_in_again_by_an_emailed_code(client, directory):
    case = make_case(contact_email="back@example.com")
    client.post(_link(case))
    client.logout()
    mail.outbox.clear()
    response = client.post("/en/accounts/login/code/", {"email": "back@example.com"})
    assert response.status_code == 302
    code = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", mail.outbox[-1].body).group(1)
    response = client.post("/en/accounts/login/code/confirm/", {"code": code})
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(Case.objects.get(pk=case.pk).patient_id)
