"""Approval: the organization (unpublished until complete), the first staff account and its
invitation, nothing twice, publishing once the profile is complete."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from medhub.accounts.models import Membership, Role
from medhub.core.models import LogEntry
from medhub.directory.models import Organization
from medhub.partners import services
from medhub.partners.models import Application
from medhub.partners.selectors import profile_complete, profile_gaps
from tests.partners.conftest import make_user, signed_in, submit

pytestmark = pytest.mark.django_db


def reviewed(hub, kind="facilitator", **extra):
    application = submit(kind, **extra)
    services.application_review_start(application_id=application.id, actor=hub["coordinator"])
    return application


def page(application) -> str:
    return reverse("partner-application", kwargs={"application_id": application.id})


def invitation_path(message) -> str:
    link = re.search(r"https?://\S+/partners/welcome/\S+/\S+/", message.body).group(0)
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def test_approval_creates_the_organization_and_invites_its_first_staff_member(hub, django_capture_on_commit_callbacks):
    application = reviewed(hub, "institution")
    client = signed_in(hub["admin"])
    confirm = client.post(page(application), {"action": "approve"})
    assert confirm.status_code == 200 and "confirmed" in confirm.content.decode()
    assert not Organization.objects.filter(slug__startswith="haneul-skin").exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page(application), {"action": "approve", "confirmed": "yes"})
    assert response.status_code == 302
    application.refresh_from_db()
    organization = application.organization
    assert application.status == "approved" and application.decided_by == hub["admin"]
    assert organization.kind == "institution" and organization.institution_class == "clinic"
    assert organization.name == {"en": "Haneul Skin Clinic", "ko": "하늘 피부과의원"}
    assert organization.is_published is False
    assert organization.phone == "+8225550101" and organization.registration_number == "M-2024-0777"
    assert organization.insurance_cover_krw == 150_000_000
    assert organization.insurance_expires == application.insurance_expires
    assert organization.registration_date == application.registration_date
    assert organization.registration_expires.year == application.registration_date.year + 3
    user = application.invited_user
    assert user.email == "batbayar@steppe-bridge.example" and user.preferred_language == "mn"
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, organization=organization, role=Role.PROVIDER_STAFF).exists()
    # Two emails to the contact, in Mongolian: the decision, and the invitation with its link.
    to_contact = [m for m in mail.outbox if m.to == ["batbayar@steppe-bridge.example"]]
    assert len(to_contact) == 2
    invitation = next(m for m in to_contact if "/partners/welcome/" in m.body)
    assert "/mn/partners/welcome/" in invitation.body
    actions = set(LogEntry.objects.values_list("action", flat=True))
    assert {"partners.application.approved", "partners.organization.created", "partners.invitation.sent"} <= actions
    # The reviewers' page shows what became of it, and what the profile lacks.
    body = client.get(page(application)).content.decode()
    assert "not published yet" in body and "a description" in body


def test_the_invited_member_sets_a_password_and_signs_in(hub, django_capture_on_commit_callbacks):
    application = reviewed(hub)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_approve(application_id=application.id, actor=hub["admin"])
    path = invitation_path(next(m for m in mail.outbox if "/partners/welcome/" in m.body))
    browser = Client()
    form = browser.get(path)
    assert form.status_code == 200 and "batbayar@steppe-bridge.example" in form.content.decode()
    weak = browser.post(path, {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 400
    done = browser.post(path, {"new_password1": "Steppe-bridge-2026!", "new_password2": "Steppe-bridge-2026!"})
    assert done.status_code == 302 and "/accounts/login/" in done["Location"]
    user = get_user_model().objects.get(email="batbayar@steppe-bridge.example")
    assert user.check_password("Steppe-bridge-2026!")
    assert user.emailaddress_set.get().verified
    assert LogEntry.objects.filter(action="partners.invitation.accepted", actor=user).exists()
    # The link worked once.
    assert browser.get(path).status_code == 400
    # The normal sign-in: password, then (staff, no authenticator yet) the enrolment of TOTP.
    signin = Client()
    response = signin.post(
        "/en/accounts/login/", {"login": "batbayar@steppe-bridge.example", "password": "Steppe-bridge-2026!"}, follow=True
    )
    assert response.status_code == 200
    assert response.wsgi_request.user == user
    assert response.redirect_chain and "/accounts/2fa/enrol/" in response.redirect_chain[-1][0]


def test_a_damaged_invitation_link_is_refused(hub):
    application = reviewed(hub)
    services.application_approve(application_id=application.id, actor=hub["admin"])
    assert Client().get("/en/partners/welcome/MTIz/abc-def/").status_code == 400
    assert Client().get("/en/partners/welcome/%%%/abc/").status_code in (400, 404)


def test_approving_twice_makes_one_organization(hub):
    application = reviewed(hub)
    client = signed_in(hub["admin"])
    before = Organization.objects.count()
    first = client.post(page(application), {"action": "approve", "confirmed": "yes"})
    again = client.post(page(application), {"action": "approve", "confirmed": "yes"})  # a reload of the form
    assert first.status_code == 302 and again.status_code == 400
    api = signed_in(hub["admin"]).post(f"/api/v1/partner-applications/{application.id}/approve/")
    assert api.status_code == 400
    assert Organization.objects.count() == before + 1
    assert get_user_model().objects.filter(email="batbayar@steppe-bridge.example").count() == 1
    assert LogEntry.objects.filter(action="partners.application.approved").count() == 1


def test_the_api_approves(hub):
    application = reviewed(hub, "transport")
    response = signed_in(hub["admin"]).post(f"/api/v1/partner-applications/{application.id}/approve/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "approved" and response.json()["organization"]
    organization = Application.objects.get().organization
    assert organization.kind == "transport"
    assert Membership.objects.get(organization=organization).role == Role.PARTNER_STAFF


def test_an_existing_account_is_given_the_role_instead_of_a_new_one(hub, django_capture_on_commit_callbacks):
    existing = make_user("batbayar", Role.PATIENT, mfa=False)
    existing.email = "batbayar@steppe-bridge.example"
    existing.save()
    application = reviewed(hub)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_approve(application_id=application.id, actor=hub["admin"])
    application.refresh_from_db()
    assert application.invited_user == existing
    assert Membership.objects.filter(user=existing, role=Role.FACILITATOR_STAFF, organization=application.organization).exists()
    assert existing.has_usable_password()
    assert not any("/partners/welcome/" in m.body for m in mail.outbox)


def test_publishing_waits_for_a_complete_profile(hub):
    application = reviewed(hub, "institution")
    services.application_approve(application_id=application.id, actor=hub["admin"])
    organization = Application.objects.get().organization
    assert not profile_complete(organization)
    assert [str(g) for g in profile_gaps(organization)] == ["a description", "at least one specialty"]
    client = signed_in(hub["admin"])
    refused = client.post(page(application), {"action": "publish", "confirmed": "yes"})
    assert refused.status_code == 400 and "not complete" in refused.content.decode()
    organization.description = {"en": "Skin care for visitors.", "ko": "피부 진료"}
    organization.save()
    organization.specialties.add(hub["specialties"]["dermatology"])
    assert profile_complete(organization)
    assert signed_in(hub["coordinator"]).post(page(application), {"action": "publish", "confirmed": "yes"}).status_code == 403
    assert client.post(page(application), {"action": "publish", "confirmed": "yes"}).status_code == 302
    organization.refresh_from_db()
    assert organization.is_published
    assert LogEntry.objects.filter(action="partners.organization.published").exists()


def test_a_tourism_service_needs_no_specialty():
    organization = Organization(kind="hotel", name={"en": "Stay"}, address={"ko": "서울"}, phone="+8225550101")
    organization.description = {"en": "Rooms near the clinics."}
    assert profile_gaps(organization) == []
