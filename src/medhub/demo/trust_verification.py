"""The demo hub's verification data (issue 11): the demo provider's institution with its malpractice
insurance 25 days from expiry and its registration 80 days from it, the demo agency with its
registration 5 days from expiry, the reminders the daily watch sends for them, and one renewed
insurance certificate waiting for the administrator's confirmation. All of it fictional."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from medhub.accounts.models import Membership, Role
from medhub.directory.models import Organization
from medhub.verification import services
from medhub.verification.models import Item


def _certificate(name: str) -> SimpleUploadedFile:
    """A blank one-page PDF standing for a scanned certificate."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def _staff(role: str, username: str) -> Membership | None:
    return Membership.objects.filter(role=role, user__username=username).select_related("user", "organization").first()


def build_demo_verification() -> None:
    today = timezone.localdate()
    provider = _staff(Role.PROVIDER_STAFF, "provider")
    agency = _staff(Role.FACILITATOR_STAFF, "facilitator")
    if provider is None or agency is None:
        return
    institution = provider.organization
    Organization.objects.filter(pk=institution.pk).update(
        insurance_expires=today + datetime.timedelta(days=25),
        registration_expires=today + datetime.timedelta(days=80),
    )
    Organization.objects.filter(pk=agency.organization_id).update(
        registration_expires=today + datetime.timedelta(days=5),
        registration_date=today - datetime.timedelta(days=3 * 365 - 5),
    )
    # What the daily watch would have sent them this morning (the scheduler sends the rest at 06:00).
    services.watch(today, organization_ids=[institution.pk, agency.organization_id])
    # The provider already sent the renewed insurance; the administrator has it in the queue.
    services.renewal_submit(
        organization_id=institution.pk,
        actor=provider.user,
        item=Item.INSURANCE,
        upload=_certificate("malpractice-insurance-renewal.pdf"),
        expires_on=today + datetime.timedelta(days=25 + 365),
        cover_krw=150_000_000,
        certificate_number="DEMO-INS-2027-0042",
    )
