"""Side effects of cases. Tasks take ids, never model instances, and render in the
recipient's language."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


@shared_task
def send_inquiry_received(case_id: int) -> None:
    from medhub.cases.links import verify_url
    from medhub.cases.models import Case
    from medhub.core.i18n import pick
    from medhub.core.selectors import hub_settings

    case = Case.objects.get(pk=case_id)
    with translation.override(case.preferred_language):
        context = {
            "case": case,
            "hub_name": pick(hub_settings().name) or "medhub",
            "verify_url": verify_url(case.id, case.preferred_language),
            "hours": settings.MEDHUB_FIRST_RESPONSE_HOURS,
        }
        subject = render_to_string("cases/email/inquiry_received_subject.txt", context).strip()
        body = render_to_string("cases/email/inquiry_received.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [case.contact_email])
