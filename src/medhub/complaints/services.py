"""Writes to complaints. Each service holds its rule, its transaction (the complaint's row
locked), its audit row and its side effects (notifications in the recipient's language;
emails to complainants without an account through the outbox, after commit)."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from medhub.accounts.models import Membership, Role
from medhub.complaints import tasks
from medhub.complaints.clock import due_dates
from medhub.complaints.models import (
    Complaint,
    ComplaintAnswer,
    ComplaintCategory,
    ComplaintDocument,
    ComplaintMessage,
    ComplaintStatus,
    ComplaintSubject,
)
from medhub.complaints.workflow import COMPLAINT
from medhub.core import throttle
from medhub.core.audit import log_action
from medhub.core.names import clean_name
from medhub.outbox import services as outbox

TEXT_MAX_LENGTH = 5000
NOTE_MAX_LENGTH = 2000
ORGANIZATION_ROLES = (Role.PROVIDER_STAFF, Role.FACILITATOR_STAFF, Role.PARTNER_STAFF)


class ComplaintError(ValidationError):
    """A request the complaint cannot honour; the message is translated."""


# -- who is told ------------------------------------------------------------------------------


def _hub_staff_ids() -> list[int]:
    return sorted(set(Membership.objects.filter(role__in=[Role.COORDINATOR, Role.HUB_ADMIN]).values_list("user_id", flat=True)))


def _organization_staff_ids(organization_id: int) -> list[int]:
    return sorted(
        set(
            Membership.objects.filter(organization_id=organization_id, role__in=ORGANIZATION_ROLES).values_list(
                "user_id", flat=True
            )
        )
    )


def _notify_users(user_ids, kind: str, complaint: Complaint, url_name: str, detail: dict | None = None) -> None:
    from medhub.notifications.services import notify

    for user in get_user_model().objects.filter(pk__in=list(user_ids)).order_by("pk"):
        link = lambda _user: reverse(url_name, kwargs={"reference": complaint.reference})  # noqa: E731
        notify(user, f"complaints.{kind}", {"complaint": complaint, **(detail or {})}, link=link)


def _tell_complainant(complaint: Complaint, event: str, *, key: str, detail: dict | None = None) -> None:
    """The complainant hears of each step in their language: in the app and by the channels
    they chose when they have an account, by email otherwise (sent once per ``key``)."""
    if complaint.complainant_id:
        _notify_users([complaint.complainant_id], event, complaint, "complaint-mine-detail", detail)
    else:
        outbox.enqueue(tasks.email_complainant, complaint.id, event, key, detail or {})


def _tell_organization_of_outcome(complaint: Complaint) -> None:
    """An organization that was asked to answer hears how the complaint ended."""
    if complaint.forwarded_at and complaint.organization_id:
        _notify_users(
            _organization_staff_ids(complaint.organization_id),
            "outcome_for_organization",
            complaint,
            "complaint-organization-detail",
        )


# -- filing -----------------------------------------------------------------------------------

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _new_reference() -> str:
    return f"CP-{timezone.localdate():%y%m}-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _n in range(6))


def _check_subject(data: dict) -> tuple[str, object, str]:
    """(subject, organization, broker details) after the rules that tie them to the category."""
    category = data.get("category") or ""
    if category not in ComplaintCategory.values:
        raise ComplaintError({"category": [_("Choose what the complaint is about.")]})
    subject = data.get("subject") or ""
    organization = data.get("organization")
    broker = (data.get("broker_details") or "").strip()
    if category == ComplaintCategory.BROKERING:
        if not broker:
            raise ComplaintError(
                {"broker_details": [_("Tell us who the broker is: a name, a phone number, a website or a social-media account.")]}
            )
        return ComplaintSubject.BROKER, None, broker[:2000]
    if subject == ComplaintSubject.BROKER:
        raise ComplaintError({"category": [_("A report of an unregistered broker takes the category “Illegal brokering”.")]})
    if subject == ComplaintSubject.ORGANIZATION:
        if organization is None:
            raise ComplaintError({"organization": [_("Choose the institution, agency or service the complaint is about.")]})
        return subject, organization, ""
    if subject == ComplaintSubject.HUB:
        return subject, None, ""
    raise ComplaintError({"subject": [_("Choose who the complaint is about.")]})


@transaction.atomic
def complaint_file(
    *,
    data: dict,
    documents: list[tuple[object, str, str]],
    language: str,
    filer=None,
    client: str = "",
    throttled: bool = True,
) -> Complaint:
    """Files a complaint. Someone signed in files under their account (the clocks start now); the
    public gives a name and an email address and the complaint waits until the emailed link is
    followed. A case may be named only by its own patient. Throttled per client address (per
    account when signed in) and per email address, whatever the door."""
    signed_in = filer is not None and filer.is_authenticated
    subject, organization, broker = _check_subject(data)
    text = (data.get("text") or "").strip()
    if not text:
        raise ComplaintError({"text": [_("Tell us what happened.")]})
    if len(text) > TEXT_MAX_LENGTH:
        raise ComplaintError({"text": [_("At most %(max)d characters.") % {"max": TEXT_MAX_LENGTH}]})
    case = data.get("case")
    if case is not None and (not signed_in or case.patient_id != filer.pk):
        raise ComplaintError({"case": [_("Choose one of your own cases.")]})
    name = clean_name(data.get("name") or ((filer.get_full_name() or filer.get_username()) if signed_in else ""))
    email = (data.get("email") or (filer.email if signed_in else "") or "").strip().lower()
    if not name:
        raise ComplaintError({"name": [_("Give your name.")]})
    if not email:
        raise ComplaintError({"email": [_("Give an email address where we can answer you.")]})
    if throttled:  # only the demo's builder files without counting
        throttle.check("complaint", f"user:{filer.pk}" if signed_in else (client or "unknown"))
        throttle.check(
            "inquiry-email",
            f"complaint:{email}",
            _("We have received several complaints from this address in the last hour. Please try again later."),
        )
    now = timezone.now()
    complaint = Complaint(
        reference=_new_reference(),
        status=ComplaintStatus.RECEIVED if signed_in else ComplaintStatus.UNCONFIRMED,
        category=data["category"],
        subject=subject,
        organization=organization,
        broker_details=broker,
        case=case,
        complainant=filer if signed_in else None,
        name=name[:200],
        email=email,
        language=language,
        text=text,
    )
    if signed_in:
        complaint.received_at = now
        complaint.acknowledge_due, complaint.resolve_due = due_dates(now)
    complaint.full_clean(exclude=["reference"])
    for attempt in range(5):
        try:
            with transaction.atomic():
                complaint.save()
            break
        except IntegrityError:
            if attempt == 4:
                raise
            complaint.pk = None
            complaint.reference = _new_reference()
    for upload, content_type, checksum in documents:
        stored = ComplaintDocument(complaint=complaint)
        stored.original_name = upload.name[:255]
        stored.content_type = content_type
        stored.size = upload.size
        stored.checksum = checksum
        stored.file.save(checksum, upload, save=False)
        stored.save()
    log_action(
        complaint,
        "complaints.complaint.filed",
        actor=filer,
        case=case,
        data={"to_state": complaint.status, "category": complaint.category, "documents": len(documents)},
    )
    if signed_in:
        _tell_complainant(complaint, "received", key=f"complaints.received:{complaint.id}")
        _notify_users(_hub_staff_ids(), "new", complaint, "complaint-work")
    else:
        outbox.enqueue(tasks.send_confirmation_link, complaint.id)
    return complaint


@transaction.atomic
def complaint_confirm_email(*, complaint_id: int, token: str) -> tuple[Complaint | None, bool]:
    """The public complainant followed the emailed link: the complaint is received and its
    clocks start. Returns (complaint, whether the link had been used before)."""
    from medhub.core.links import use_once

    complaint = Complaint.objects.select_for_update().filter(pk=complaint_id).first()
    if complaint is None:
        return None, False
    if not use_once(token, purpose="complaint-verify"):
        return complaint, True
    if complaint.status == ComplaintStatus.UNCONFIRMED:
        previous = COMPLAINT.move(complaint, ComplaintStatus.RECEIVED, error=ComplaintError)
        now = timezone.now()
        complaint.received_at = now
        complaint.acknowledge_due, complaint.resolve_due = due_dates(now)
        complaint.save()
        log_action(complaint, "complaints.complaint.confirmed", case=complaint.case_id, data={"from_state": previous})
        _tell_complainant(complaint, "received", key=f"complaints.received:{complaint.id}")
        _notify_users(_hub_staff_ids(), "new", complaint, "complaint-work")
    return complaint, False


# -- the hub's steps --------------------------------------------------------------------------


def _locked(complaint_id: int) -> Complaint:
    complaint = Complaint.objects.select_for_update().filter(pk=complaint_id).first()
    if complaint is None:
        raise ComplaintError(_("This complaint does not exist."))
    return complaint


def _note(note: str, *, required: bool = False) -> str:
    note = (note or "").strip()
    if required and not note:
        raise ComplaintError({"note": [_("Write what was decided and why.")]})
    if len(note) > NOTE_MAX_LENGTH:
        raise ComplaintError({"note": [_("At most %(max)d characters.") % {"max": NOTE_MAX_LENGTH}]})
    return note


def _move(complaint: Complaint, to_state: str, action: str, actor, data: dict | None = None) -> str:
    previous = COMPLAINT.move(complaint, to_state, error=ComplaintError)
    complaint.save()
    log_action(
        complaint,
        action,
        actor=actor,
        case=complaint.case_id,
        data={"from_state": previous, "to_state": to_state, **(data or {})},
    )
    return previous


@transaction.atomic
def complaint_acknowledge(*, complaint_id: int, actor) -> Complaint:
    complaint = _locked(complaint_id)
    complaint.acknowledged_at = timezone.now()
    _move(complaint, ComplaintStatus.ACKNOWLEDGED, "complaints.complaint.acknowledged", actor)
    _tell_complainant(complaint, "acknowledged", key=f"complaints.acknowledged:{complaint.id}")
    return complaint


@transaction.atomic
def complaint_forward(*, complaint_id: int, actor) -> Complaint:
    """The organization concerned sees the complaint in its workspace and may answer it."""
    complaint = _locked(complaint_id)
    if complaint.organization_id is None:
        raise ComplaintError(_("Only a complaint about an organization in the directory can be forwarded to it."))
    complaint.forwarded_at = timezone.now()
    _move(
        complaint, ComplaintStatus.FORWARDED, "complaints.complaint.forwarded", actor, {"organization": complaint.organization_id}
    )
    _notify_users(
        _organization_staff_ids(complaint.organization_id), "for_organization", complaint, "complaint-organization-detail"
    )
    _tell_complainant(complaint, "forwarded", key=f"complaints.forwarded:{complaint.id}")
    return complaint


@transaction.atomic
def complaint_answer(*, complaint_id: int, actor, body: str) -> ComplaintAnswer:
    """The organization's staff answer (once or several times) while the complaint is open."""
    from medhub.accounts.permissions import may_answer_complaint

    complaint = _locked(complaint_id)
    if not may_answer_complaint(actor, complaint):
        raise ComplaintError(_("Only the organization the complaint is about can answer it."))
    if complaint.status != ComplaintStatus.FORWARDED:
        raise ComplaintError(_("This complaint is closed; it takes no more answers."))
    body = (body or "").strip()
    if not body:
        raise ComplaintError({"body": [_("Write your answer.")]})
    if len(body) > TEXT_MAX_LENGTH:
        raise ComplaintError({"body": [_("At most %(max)d characters.") % {"max": TEXT_MAX_LENGTH}]})
    answer = ComplaintAnswer.objects.create(
        complaint=complaint, organization_id=complaint.organization_id, author=actor, body=body
    )
    complaint.save(update_fields=["updated_at"])
    log_action(complaint, "complaints.complaint.answered", actor=actor, case=complaint.case_id, data={"answer": answer.pk})
    _notify_users(_hub_staff_ids(), "answered", complaint, "complaint-work")
    return answer


# The outcomes the hub records with the outcome form; a withdrawal comes from the complainant
# and a referral from the referral form (with K-medi's details).
HUB_OUTCOMES = (ComplaintStatus.RESOLVED, ComplaintStatus.UPHELD, ComplaintStatus.NOT_UPHELD)


@transaction.atomic
def complaint_close(*, complaint_id: int, to_state: str, actor, note: str) -> Complaint:
    if to_state not in HUB_OUTCOMES:
        raise ComplaintError({"to_state": [_("Choose an outcome: resolved, upheld or not upheld.")]})
    note = _note(note, required=True)
    complaint = _locked(complaint_id)
    complaint.closed_at = timezone.now()
    complaint.outcome_note = note
    _move(complaint, to_state, "complaints.complaint.closed", actor)
    _tell_complainant(complaint, "outcome", key=f"complaints.outcome:{complaint.id}", detail={"note": note})
    _tell_organization_of_outcome(complaint)
    return complaint


@transaction.atomic
def complaint_withdraw(*, complaint_id: int, actor, note: str = "") -> Complaint:
    """The complainant withdraws their complaint before an outcome."""
    from medhub.accounts.permissions import is_complainant

    complaint = _locked(complaint_id)
    if not is_complainant(actor, complaint):
        raise ComplaintError(_("Only the person who filed the complaint can withdraw it."))
    complaint.closed_at = timezone.now()
    complaint.outcome_note = _note(note)
    _move(complaint, ComplaintStatus.WITHDRAWN, "complaints.complaint.withdrawn", actor)
    _notify_users(_hub_staff_ids(), "withdrawn", complaint, "complaint-work")
    return complaint


@transaction.atomic
def complaint_refer(
    *, complaint_id: int, actor, referred_on: datetime.date, kmedi_reference: str = "", note: str = ""
) -> Complaint:
    """The dispute goes to K-medi: the date it was referred, K-medi's reference when known."""
    if referred_on is None:
        raise ComplaintError({"referred_on": [_("Give the date of the referral.")]})
    if referred_on > timezone.localdate():
        raise ComplaintError({"referred_on": [_("The referral date cannot lie in the future.")]})
    complaint = _locked(complaint_id)
    if complaint.received_at and referred_on < timezone.localtime(complaint.received_at).date():
        raise ComplaintError({"referred_on": [_("The referral date cannot lie before the complaint was received.")]})
    complaint.kmedi_referred_on = referred_on
    complaint.kmedi_reference = (kmedi_reference or "").strip()[:60]
    complaint.closed_at = timezone.now()
    complaint.outcome_note = _note(note)
    _move(
        complaint,
        ComplaintStatus.REFERRED,
        "complaints.complaint.referred",
        actor,
        {"referred_on": referred_on.isoformat(), "kmedi_reference": complaint.kmedi_reference},
    )
    _tell_complainant(complaint, "referred", key=f"complaints.referred:{complaint.id}")
    _tell_organization_of_outcome(complaint)
    return complaint


@transaction.atomic
def complaint_kmedi_update(
    *, complaint_id: int, actor, kmedi_reference: str = "", outcome: str = "", outcome_on: datetime.date | None = None
) -> Complaint:
    """K-medi's reference, and later its outcome and the date of it, on a referred complaint."""
    complaint = _locked(complaint_id)
    if complaint.status != ComplaintStatus.REFERRED:
        raise ComplaintError(_("Only a complaint referred to K-medi has a K-medi outcome."))
    outcome = (outcome or "").strip()
    if len(outcome) > NOTE_MAX_LENGTH:
        raise ComplaintError({"outcome": [_("At most %(max)d characters.") % {"max": NOTE_MAX_LENGTH}]})
    if bool(outcome) != bool(outcome_on):
        raise ComplaintError({"outcome_on": [_("Give both K-medi's outcome and its date.")]})
    if outcome_on and complaint.kmedi_referred_on and outcome_on < complaint.kmedi_referred_on:
        raise ComplaintError({"outcome_on": [_("The outcome cannot come before the referral.")]})
    if outcome_on and outcome_on > timezone.localdate():
        raise ComplaintError({"outcome_on": [_("The outcome date cannot lie in the future.")]})
    had_outcome = bool(complaint.kmedi_outcome)
    if kmedi_reference.strip():
        complaint.kmedi_reference = kmedi_reference.strip()[:60]
    if outcome:
        complaint.kmedi_outcome, complaint.kmedi_outcome_on = outcome, outcome_on
    complaint.save()
    log_action(
        complaint,
        "complaints.complaint.kmedi_outcome",
        actor=actor,
        case=complaint.case_id,
        data={"kmedi_reference": complaint.kmedi_reference, "outcome_on": outcome_on.isoformat() if outcome_on else None},
    )
    if outcome and not had_outcome:
        _tell_complainant(complaint, "kmedi_outcome", key=f"complaints.kmedi_outcome:{complaint.id}")
    return complaint


@transaction.atomic
def complaint_message_post(*, complaint_id: int, actor, body: str, from_hub: bool) -> ComplaintMessage:
    """A message in the thread between the hub and a complainant who has an account."""
    complaint = _locked(complaint_id)
    if complaint.complainant_id is None:
        raise ComplaintError(_("This complainant has no account; write to them by email."))
    body = (body or "").strip()
    if not body:
        raise ComplaintError({"body": [_("Write a message.")]})
    if len(body) > TEXT_MAX_LENGTH:
        raise ComplaintError({"body": [_("At most %(max)d characters.") % {"max": TEXT_MAX_LENGTH}]})
    message = ComplaintMessage.objects.create(complaint=complaint, author=actor, from_hub=from_hub, body=body)
    log_action(complaint, "complaints.message.posted", actor=actor, case=complaint.case_id, data={"message": message.pk})
    if from_hub:
        _notify_users([complaint.complainant_id], "message", complaint, "complaint-mine-detail")
    else:
        _notify_users(_hub_staff_ids(), "message_from_complainant", complaint, "complaint-work")
    return message


def complaint_read_logged(*, complaint: Complaint, actor, action: str, data: dict | None = None) -> None:
    """Records that someone took personal data out (the packet, a document)."""
    log_action(complaint, action, actor=actor, case=complaint.case_id, data=data or {})


def settings_summary() -> dict:
    return {
        "acknowledge_working_days": settings.MEDHUB_COMPLAINT_ACK_WORKING_DAYS,
        "resolve_days": settings.MEDHUB_COMPLAINT_RESOLVE_DAYS,
    }
