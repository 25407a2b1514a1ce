"""The demo's applications: one in every state, built through the services, again and again."""

import pytest

from medhub.accounts.models import Role
from medhub.demo.trust_partners import build_demo_partners, certificate_pdf
from medhub.partners.models import Application, Status
from medhub.partners.uploads import check_document
from tests.partners.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }


def test_the_demo_has_an_application_in_every_state_and_builds_again(directory):
    make_user("admin", Role.HUB_ADMIN)
    make_user("coordinator", Role.COORDINATOR)
    for _ in range(2):
        build_demo_partners()
        assert sorted(Application.objects.values_list("status", flat=True)) == sorted(Status.values)
    approved = Application.objects.get(status="approved")
    assert approved.organization.is_published and approved.invited_user.email == "batbayar@demo-applicant.example"
    assert Application.objects.get(status="rejected").decision_reason
    assert Application.objects.get(status="under_review").reviews.count() == 2


def test_the_demo_certificates_are_real_pdfs():
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("c.pdf", certificate_pdf("Title (demo)", ["line"]), content_type="application/pdf")
    assert check_document(upload)[1] == "application/pdf"
