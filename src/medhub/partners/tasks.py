"""Side effects of the screening, run by the outbox after commit. Tasks take ids and render in
the recipient's language; emails to the applicant (an address, no account yet) go through
``email_once`` with a key per message, so a task run twice sends once."""

from celery import shared_task
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def _hub_name(language: str) -> str:
    from medhub.core.i18n import pick
    from medhub.core.selectors import hub_settings

    return pick(hub_settings().name, language) or "medhub"


@shared_task
def email_applicant(application_id: int, event: str, info_request_id: int | None) -> None:
    """``received``, ``info_requested``, ``approved`` or ``rejected``, to the contact person."""
    from medhub.notifications.services import email_once
    from medhub.partners.links import answer_url
    from medhub.partners.models import Application, InfoRequest

    application = Application.objects.get(pk=application_id)
    language = application.contact_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"application": application, "hub_name": _hub_name(language), "days": settings.MEDHUB_APPLICATION_REVIEW_DAYS}
        if info_request_id:
            context["info_request"] = InfoRequest.objects.get(pk=info_request_id, application=application)
            context["answer_url"] = answer_url(info_request_id, language)
            context["link_days"] = settings.MEDHUB_APPLICATION_LINK_DAYS
        subject = render_to_string(f"partners/email/{event}_subject.txt", context).strip()
        body = render_to_string(f"partners/email/{event}.txt", context)
    key = f"partners.{event}:{application.id}:{info_request_id or 0}"
    email_once(key=key, address=application.contact_email, subject=subject, text=body)


@shared_task
def email_invitation(application_id: int, user_id: int, new_account: bool) -> None:
    """The approved organization's first staff member: a link to choose a password (a new
    account), or word that their existing account now works for the organization."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from medhub.notifications.services import email_once
    from medhub.partners.links import invitation_url
    from medhub.partners.models import Application

    application = Application.objects.select_related("organization").get(pk=application_id)
    user = get_user_model().objects.get(pk=user_id)
    language = user.preferred_language or application.contact_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "application": application,
            "user": user,
            "hub_name": _hub_name(language),
            "url": invitation_url(user, language) if new_account else f"{settings.MEDHUB_BASE_URL}{reverse('account_login')}",
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        template = "invitation" if new_account else "invitation_existing"
        subject = render_to_string(f"partners/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"partners/email/{template}.txt", context)
    email_once(key=f"partners.invitation:{application.id}:{user.pk}", address=user.email, subject=subject, text=body)


@shared_task
def tell_reviewers(application_id: int, event: str) -> int:
    """Tells the hub's coordinators and administrators (each in their language) that an
    application arrived or that an applicant answered. Returns how many were told."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from medhub.accounts.models import Role
    from medhub.notifications.services import notify
    from medhub.partners.models import Application

    application = Application.objects.get(pk=application_id)
    reviewers = (
        get_user_model().objects.filter(is_active=True, memberships__role__in=(Role.COORDINATOR, Role.HUB_ADMIN)).distinct()
    )
    told = 0
    for reviewer in reviewers:
        link = lambda user, pk=application.id: reverse("partner-application", kwargs={"application_id": pk})  # noqa: E731
        if notify(reviewer, f"partners.{event}", {"application": application}, link=link) is not None:
            told += 1
    return told
