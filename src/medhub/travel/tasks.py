"""Emails about travel bookings and visa papers, each in its recipient's language."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


@shared_task
def send_travel_notification(case_id: int, kind: str, user_ids: list[int]) -> int:
    """Tells each person what changed and links to the page where they see it: partner staff
    their bookings, the patient the itinerary, the coordinator the case's travel page."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from medhub.accounts.models import Role
    from medhub.accounts.selectors import roles
    from medhub.cases.models import Case
    from medhub.core.i18n import pick
    from medhub.core.selectors import hub_settings

    case = Case.objects.get(pk=case_id)
    hub_name = pick(hub_settings().name) or "medhub"
    sent = 0
    for user in get_user_model().objects.filter(id__in=user_ids).exclude(email=""):
        language = user.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            if user.pk == case.patient_id:
                path = reverse("itinerary", kwargs={"reference": case.reference})
            elif Role.PARTNER_STAFF in roles(user):
                path = reverse("partner-bookings")
            else:
                path = reverse("case-travel", kwargs={"reference": case.reference})
            context = {"case": case, "hub_name": hub_name, "url": f"{settings.MEDHUB_BASE_URL}{path}"}
            subject = render_to_string(f"travel/email/{kind}_subject.txt", context).strip()
            body = render_to_string(f"travel/email/{kind}.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        sent += 1
    return sent
