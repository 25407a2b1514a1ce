"""Side effects of cases. Tasks take ids, never model instances, and render in the
recipient's language."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from medhub.notifications.services import email_once


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
    # The one way an email is sent (decision 0015): a delivery row, sent once, retried by the outbox.
    email_once(key=f"cases.inquiry_received:{case.id}", address=case.contact_email, subject=subject, text=body)


def email_user(user, template: str, context: dict, *, path_for, key: str | None = None) -> None:
    """One email to one user, in their preferred language: ``template`` names the pair
    ``<template>_subject.txt`` / ``<template>.txt``; ``path_for(user)`` is the page they act on
    (reversed inside the user's language, so the link opens in it). With ``key`` (naming this
    message to this person) it goes through notify's email delivery: sent once, retried."""
    from medhub.core.i18n import pick
    from medhub.core.selectors import hub_settings

    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            **context,
            "hub_name": pick(hub_settings().name, language) or "medhub",
            "url": f"{settings.MEDHUB_BASE_URL}{path_for(user)}",
        }
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    if key:
        email_once(key=key, address=user.email, subject=subject, text=body)
        return
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@shared_task
def send_case_notification(case_id: int, kind: str, user_ids: list[int]) -> int:
    """Emails the people concerned by a case event, each in their own language, with a link to
    the page where they act on it. Returns how many messages were sent."""
    from django.contrib.auth import get_user_model

    from medhub.cases.access import page_of, rights_for
    from medhub.cases.models import Case

    case = Case.objects.get(pk=case_id)
    sent = 0
    for user in get_user_model().objects.filter(id__in=user_ids).exclude(email=""):
        # Only to people who may open the case, and always with a link to a page they can open.
        rights = rights_for(user, case)
        if rights is None:
            continue
        email_user(user, f"cases/email/{kind}", {"case": case}, path_for=lambda _user, rights=rights: page_of(rights, case))
        sent += 1
    return sent


@shared_task
def send_deletion_requested(request_id: int) -> int:
    """Tells the hub's administrators, each in their language, that a patient asked for the
    deletion of their data. Returns how many were told."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q
    from django.urls import reverse

    from medhub.accounts.models import Role
    from medhub.cases.models import DeletionRequest

    request = DeletionRequest.objects.get(pk=request_id)
    admins = (
        get_user_model()
        .objects.filter(Q(memberships__role=Role.HUB_ADMIN) | Q(is_superuser=True), is_active=True)
        .exclude(email="")
        .distinct()
    )
    sent = 0
    for admin in admins:
        email_user(
            admin,
            "cases/email/deletion_requested",
            {"request": request},
            path_for=lambda _user: reverse("deletion-request", kwargs={"request_id": request.id}),
            key=f"privacy.deletion_requested:{request.id}:{admin.id}",
        )
        sent += 1
    return sent


@shared_task
def send_deletion_decision(request_id: int, email: str, language: str) -> None:
    """Tells the patient the decision on their deletion request, in the language they asked in.
    The address is passed in: once the data are erased the account no longer holds it."""
    from medhub.cases.models import DeletionRequest
    from medhub.core.i18n import pick
    from medhub.core.selectors import hub_settings

    request = DeletionRequest.objects.get(pk=request_id)
    template = "deletion_approved" if request.status == DeletionRequest.Status.APPROVED else "deletion_refused"
    with translation.override(language):
        context = {"request": request, "hub_name": pick(hub_settings().name, language) or "medhub"}
        subject = render_to_string(f"cases/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"cases/email/{template}.txt", context)
    email_once(key=f"privacy.deletion_decision:{request.id}", address=email, subject=subject, text=body)
