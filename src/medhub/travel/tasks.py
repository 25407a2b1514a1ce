"""Emails about travel bookings and visa papers, each in its recipient's language."""

from celery import shared_task


@shared_task
def send_travel_notification(case_id: int, kind: str, user_ids: list[int]) -> int:
    """Tells each person what changed and links to the page where they see it: partner staff
    their bookings, the patient the itinerary, the coordinator the case's travel page."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from medhub.accounts.models import Role
    from medhub.accounts.selectors import roles
    from medhub.cases.models import Case
    from medhub.cases.tasks import email_user

    case = Case.objects.get(pk=case_id)

    def path_for(user) -> str:
        if user.pk == case.patient_id:
            return reverse("itinerary", kwargs={"reference": case.reference})
        if Role.PARTNER_STAFF in roles(user):
            return reverse("partner-bookings")
        return reverse("case-travel", kwargs={"reference": case.reference})

    sent = 0
    for user in get_user_model().objects.filter(id__in=user_ids).exclude(email=""):
        email_user(user, f"travel/email/{kind}", {"case": case}, path_for=path_for)
        sent += 1
    return sent
