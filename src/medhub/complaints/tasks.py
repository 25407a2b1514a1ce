"""Emails to complainants who filed without an account: in the complaint's language, sent once
per message (``email_once``), retried by the outbox. Tasks take ids."""

from celery import shared_task
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from medhub.notifications.services import email_once


def _context(complaint, language: str) -> dict:
    from medhub.complaints.links import status_url
    from medhub.core.i18n import pick
    from medhub.core.selectors import hub_settings

    return {
        "complaint": complaint,
        "hub_name": pick(hub_settings().name, language) or "medhub",
        "url": status_url(complaint.id, language),
        "acknowledge_days": settings.MEDHUB_COMPLAINT_ACK_WORKING_DAYS,
        "resolve_days": settings.MEDHUB_COMPLAINT_RESOLVE_DAYS,
    }


@shared_task
def send_confirmation_link(complaint_id: int) -> bool:
    from medhub.complaints.links import verify_url
    from medhub.complaints.models import Complaint

    complaint = Complaint.objects.get(pk=complaint_id)
    with translation.override(complaint.language):
        context = {**_context(complaint, complaint.language), "verify_url": verify_url(complaint.id, complaint.language)}
        subject = render_to_string("complaints/email/confirm_subject.txt", context).strip()
        body = render_to_string("complaints/email/confirm.txt", context)
    return email_once(key=f"complaints.confirm:{complaint.id}", address=complaint.email, subject=subject, text=body)


@shared_task
def email_complainant(complaint_id: int, event: str, key: str, detail: dict | None = None) -> bool:
    from medhub.complaints.models import Complaint

    complaint = Complaint.objects.get(pk=complaint_id)
    with translation.override(complaint.language):
        context = {**_context(complaint, complaint.language), **(detail or {})}
        subject = render_to_string(f"complaints/email/{event}_subject.txt", context).strip()
        body = render_to_string(f"complaints/email/{event}.txt", context)
    return email_once(key=key, address=complaint.email, subject=subject, text=body)
