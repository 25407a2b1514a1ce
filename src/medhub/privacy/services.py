"""A patient's rights over their personal data: a copy of all of it, and its deletion.

``patient_export`` gathers everything medhub holds about one signed-in person (their account,
their cases with the timeline, documents, every conversation and its attachments, quotes,
appointments, travel papers, stays, pickups, interpreters, who opened the case) into one ZIP: a
``data.json`` and the files themselves.

``deletion_request`` records a patient's request; ``deletion_decide`` is a hub administrator's
decision: approved, the personal data are erased or anonymized now, keeping only what the law
says must be kept and for how long (``RETENTION``, docs/personal-data.md); refused, with a
reason. Both are recorded on the request and in each case's timeline, and the patient is
emailed the decision in their language.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medhub.accounts.permissions import may_decide_deletions
from medhub.accounts.selectors import is_staff_member, roles
from medhub.cases import tasks
from medhub.cases.models import Case, CaseAccess, CaseState, DeletionRequest, Message, Quote
from medhub.cases.selectors import case_timeline
from medhub.cases.services import CaseError
from medhub.cases.workflow import DELETION
from medhub.core.audit import log_action
from medhub.core.i18n import pick
from medhub.outbox import services as outbox
from medhub.privacy import tasks as privacy_tasks

# Cases in these states are being treated: their data cannot be erased until the case ends.
IN_TREATMENT = (CaseState.SCHEDULED, CaseState.PRE_ARRIVAL, CaseState.IN_TREATMENT, CaseState.AFTERCARE)
# A case still open when its patient's data are erased is cancelled first.
OPEN_STATES = (CaseState.NEW, CaseState.TRIAGED, CaseState.SHARED, CaseState.QUOTED, CaseState.ACCEPTED)


def retention_years() -> dict[str, int]:
    """How long what must be kept is kept, in years (a hub of another country sets its own in
    MEDHUB_RETENTION_YEARS):

    - ``medical``: the record of the care given (Medical Service Act, enforcement rule art. 15:
      medical records ten years);
    - ``tax``: bookings, accepted quotes and commissions, subsidy payments (Framework Act on
      National Taxes art. 85-3: books and evidence five years).
    """
    return {"medical": 10, "tax": 5, **getattr(settings, "MEDHUB_RETENTION_YEARS", {})}


# What an approved deletion erases and keeps, as recorded on the request (codes) and shown (labels).
OUTCOME_LABELS = {
    "contact": gettext_lazy("name, email address and messenger"),
    "travellers": gettext_lazy("travellers, passport numbers and birth dates"),
    "visa": gettext_lazy("visa application"),
    "documents": gettext_lazy("documents"),
    "problem": gettext_lazy("what the patient asked"),
    "conversations": gettext_lazy("conversations and their attachments"),
    "medical_record": gettext_lazy(
        "the record of the care given: documents, what the patient asked and the treating institution's conversation"
    ),
    "accepted_quote": gettext_lazy("the accepted quote and its commission"),
    "bookings": gettext_lazy("stays and pickups (the partners' invoices)"),
    "subsidy_claims": gettext_lazy("interpretation subsidy claims"),
    "timeline": gettext_lazy("the case's timeline and access log, without personal details"),
}


def outcome_lines(outcome: dict) -> list[dict]:
    """The recorded outcome of a deletion, per case, in the reader's language."""
    return [
        {
            "reference": reference,
            "erased": [OUTCOME_LABELS.get(code, code) for code in done.get("erased", [])],
            "kept": [{"what": OUTCOME_LABELS.get(k["what"], k["what"]), "until": k["until"]} for k in done.get("kept", [])],
        }
        for reference, done in (outcome or {}).get("cases", {}).items()
    ]


# -- the copy -----------------------------------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _author(message: Message, user) -> str:
    if message.author_id is None:
        return "—"
    if message.author_id == user.pk:
        return "you"
    return message.author.email


def _file(archive: zipfile.ZipFile, stored, path: str) -> dict:
    entry = {"name": stored.original_name, "type": stored.content_type, "size": stored.size, "sha256": stored.checksum}
    try:
        with stored.file.open("rb") as handle:
            archive.writestr(path, handle.read())
        entry["file"] = path
    except (OSError, ValueError):
        entry["file"] = None  # listed, though the stored file is gone
    return entry


def _case_data(case: Case, user, archive: zipfile.ZipFile) -> dict:
    from medhub.interpreting.models import InterpreterBooking
    from medhub.scheduling.models import Appointment
    from medhub.travel.models import Pickup, Stay, Traveller, Trip, VisaApplication

    base = f"cases/{case.reference}"
    data = {
        "reference": case.reference,
        "state": case.state,
        "name": case.full_name,
        "email": case.contact_email,
        "messenger": case.messenger,
        "messenger_handle": case.messenger_handle,
        "nationality": case.nationality,
        "country_of_residence": case.residence_country,
        "preferred_language": case.preferred_language,
        "time_zone": case.time_zone,
        "what_you_asked": case.problem,
        "specialty": case.specialty.code if case.specialty else None,
        "desired_from": _iso(case.desired_from),
        "desired_to": _iso(case.desired_to),
        "budget": {"amount": case.budget_amount, "currency": case.budget_currency} if case.budget_amount else None,
        "companions": case.companions,
        "referred_by": pick(case.referred_by.name) if case.referred_by else None,
        "consent": {
            "version": case.consent_version,
            "health_data": _iso(case.consent_health_data_at),
            "transfer_abroad": _iso(case.consent_transfer_at),
        },
        "created": _iso(case.created_at),
        "erased": _iso(case.erased_at),
        "timeline": [
            {
                "at": _iso(e.created_at),
                "kind": e.action,
                "from": e.data.get("from_state", ""),
                "to": e.data.get("to_state", ""),
                "detail": {k: v for k, v in e.data.items() if k not in ("from_state", "to_state")},
            }
            for e in case_timeline(case)
        ],
        "documents": [_file(archive, d, f"{base}/documents/{d.id}-{d.original_name}") for d in case.documents.all()],
        "conversations": {},
        "quotes": [],
        "appointments": [],
        "travel": {},
        "who_opened_it": [
            {"at": _iso(a.at), "by": a.user.email, "what": a.what, "id": a.object_id, "through": a.door}
            for a in CaseAccess.objects.filter(case=case).select_related("user")
        ],
    }
    messages = case.messages.select_related("author", "institution").prefetch_related("attachments", "translations")
    for message in messages:
        key = pick(message.institution.name) if message.institution else "general"
        data["conversations"].setdefault(key, []).append(
            {
                "at": _iso(message.created_at),
                "from": _author(message, user),
                "language": message.language,
                "text": message.body,
                "translations": {t.language: t.text for t in message.translations.all()},
                "attachments": [
                    _file(archive, a, f"{base}/messages/{message.id}/{a.id}-{a.original_name}") for a in message.attachments.all()
                ],
            }
        )
    for quote in Quote.objects.filter(case=case).select_related("institution").prefetch_related("versions"):
        data["quotes"].append(
            {
                "institution": pick(quote.institution.name),
                "status": quote.status,
                "decline_reason": quote.decline_reason,
                "versions": [
                    {
                        "version": v.number,
                        "plan": v.plan,
                        "items": v.items,
                        "currency": v.currency,
                        "total": v.total,
                        "included": v.included,
                        "not_included": v.excluded,
                        "valid_until": _iso(v.valid_until),
                        "stay_days": v.stay_days,
                        "recovery_days": v.recovery_days,
                        "created": _iso(v.created_at),
                    }
                    for v in sorted(quote.versions.all(), key=lambda v: v.number)
                ],
            }
        )
    appointments = Appointment.objects.filter(case=case).select_related("slot__institution", "consult_note")
    bookings = InterpreterBooking.objects.filter(appointment__case=case).select_related("interpreter")
    for appointment in appointments:
        data["appointments"].append(
            {
                "institution": pick(appointment.slot.institution.name),
                "starts": _iso(appointment.slot.starts_at),
                "ends": _iso(appointment.slot.ends_at),
                "kind": appointment.slot.kind,
                "consult_note": _consult_note(appointment),
                "interpreters": [
                    {"interpreter": b.interpreter.display_name, "language": b.language, "status": b.status, "purpose": b.purpose}
                    for b in bookings
                    if b.appointment_id == appointment.id
                ],
            }
        )
    trip = Trip.objects.filter(case=case).first()
    visa = VisaApplication.objects.filter(case=case).first()
    travel = data["travel"]
    if trip:
        travel["trip"] = {"arrival": _iso(trip.arrival_date), "departure": _iso(trip.departure_date), "treatment": trip.treatment}
    if visa:
        travel["visa"] = {
            "type": visa.visa_type,
            "entries": visa.entries,
            "status": visa.status,
            "submitted_on": _iso(visa.submitted_on),
            "decided_on": _iso(visa.decided_on),
            "refusal_reason": visa.refusal_reason,
        }
    # The patient reading their own identifiers: no access-log row (they are theirs).
    travel["travellers"] = [
        {
            "role": t.role,
            "relationship": t.relationship,
            "name": t.name_native,
            "name_latin": t.name_latin,
            "nationality": t.nationality,
            "passport_number": t.passport_number,
            "birth_date": t.birth_date,
        }
        for t in Traveller.objects.filter(case=case)
    ]
    travel["stays"] = [
        {
            "hotel": pick(s.room.hotel.name),
            "room": pick(s.room.name),
            "check_in": _iso(s.check_in),
            "check_out": _iso(s.check_out),
            "guests": s.guests,
            "rate_krw": s.rate_krw,
            "status": s.status,
            "note": s.note,
            "hotel_note": s.partner_note,
        }
        for s in Stay.objects.filter(case=case).select_related("room__hotel")
    ]
    travel["pickups"] = [
        {
            "company": pick(p.company.name),
            "direction": p.direction,
            "flight": p.flight,
            "airport": p.airport,
            "at": _iso(p.pickup_at),
            "destination": p.destination,
            "passengers": p.passengers,
            "status": p.status,
        }
        for p in Pickup.objects.filter(case=case).select_related("company")
    ]
    return data


def _consult_note(appointment) -> dict | None:
    from medhub.scheduling.models import ConsultNote

    try:
        note = appointment.consult_note
    except ConsultNote.DoesNotExist:
        return None
    return {"text": note.text, "language": note.language, "written": _iso(note.created_at), "edited": _iso(note.edited_at)}


def patient_export(user) -> bytes:
    """Everything medhub holds about ``user`` as a patient: a ZIP with ``data.json`` and files."""
    from allauth.account.models import EmailAddress

    from medhub.notifications.selectors import export_of as notifications_export

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        data = {
            "exported": _iso(timezone.now()),
            "account": {
                "username": user.get_username(),
                "email": user.email,
                "name": user.get_full_name(),
                "preferred_language": user.preferred_language,
                "joined": _iso(user.date_joined),
                "last_login": _iso(user.last_login),
                "email_addresses": [
                    {"email": e.email, "verified": e.verified, "primary": e.primary}
                    for e in EmailAddress.objects.filter(user=user)
                ],
                "roles": sorted(roles(user)),
            },
            "cases": [
                _case_data(case, user, archive)
                for case in Case.objects.filter(patient=user).select_related("specialty", "referred_by").order_by("created_at")
            ],
            "deletion_requests": [
                {
                    "asked": _iso(r.requested_at),
                    "note": r.note,
                    "status": r.status,
                    "decided": _iso(r.decided_at),
                    "reason": r.reason,
                }
                for r in DeletionRequest.objects.filter(user=user)
            ],
            "notifications": notifications_export(user),
            "complaints": _complaints_data(user),
            "feedback": _feedback_data(user),
        }
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
        archive.writestr("README.txt", _readme(user))
    return buffer.getvalue()


def _complaints_data(user) -> list[dict]:
    """The complaints the patient filed with their account, as they wrote them, and what became of them."""
    from medhub.complaints.models import Complaint

    return [
        {
            "reference": c.reference,
            "category": c.category,
            "about": c.subject,
            "organization": str(c.organization) if c.organization_id else None,
            "case": c.case.reference if c.case_id else None,
            "name": c.name,
            "email": c.email,
            "language": c.language,
            "text": c.text,
            "broker": c.broker_details,
            "filed": _iso(c.filed_at),
            "status": c.status,
            "outcome": c.outcome_note,
            "referred_to_kmedi": c.kmedi_referred_on.isoformat() if c.kmedi_referred_on else None,
            "documents": c.documents.count(),
        }
        for c in Complaint.objects.filter(complainant=user).select_related("organization", "case").order_by("filed_at")
    ]


def _feedback_data(user) -> list[dict]:
    """The feedback the patient gave, with what they paid and the institution's answer."""
    from medhub.feedback.models import Feedback

    return [
        {
            "case": f.case.reference,
            "institution": str(f.institution),
            "given": _iso(f.created_at),
            "ratings": {
                "communication": f.communication,
                "interpretation": f.interpretation,
                "facilities": f.facilities,
                "result": f.result,
                "price_honesty": f.price_honesty,
            },
            "paid": {"amount": f.paid_amount, "currency": f.paid_currency},
            "text": f.text,
            "language": f.language,
            "answer": f.answer,
            "hidden": bool(f.hidden_at),
        }
        for f in Feedback.objects.filter(patient=user).select_related("case", "institution").order_by("created_at")
    ]


def _erase_complaints_and_feedback(user) -> dict:
    """A complaint keeps its reference, category, organization, dates and outcome (the hub's
    record of how complaints about a partner were handled); the complainant's name, address, words
    and files go, unless it was referred to K-medi, where the mediation may still need them (kept,
    as the medical record is, and said in the outcome). Feedback keeps its ratings and amounts,
    anonymous, for the aggregates; its text goes."""
    from medhub.complaints.models import Complaint
    from medhub.feedback.models import Feedback

    erased, kept = [], []
    for complaint in Complaint.objects.select_for_update().filter(complainant=user):
        if complaint.kmedi_referred_on:
            complaint.complainant = None
            complaint.save(update_fields=["complainant", "updated_at"])
            kept.append(complaint.reference)
            continue
        for document in complaint.documents.all():
            document.file.delete(save=False)
        complaint.documents.all().delete()
        complaint.messages.filter(from_hub=False).update(body="")
        complaint.name = ""
        complaint.email = f"erased-{complaint.pk}@invalid"
        complaint.text = ""
        complaint.broker_details = ""
        complaint.complainant = None
        complaint.save()
        erased.append(complaint.reference)
    given = Feedback.objects.filter(patient=user)
    feedback = given.count()
    given.update(text="", patient=None)
    return {"complaints_erased": erased, "complaints_kept_for_kmedi": kept, "feedback_anonymized": feedback}


def _readme(user) -> str:
    from django.utils import translation

    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        return "\n\n".join(
            [
                _("Your personal data held by the hub."),
                _(
                    "data.json holds your account and, for each of your cases, what you asked, the timeline, "
                    "every conversation, the quotes, appointments, travel papers and who opened the case. "
                    "The files you and others sent are in the folder cases/, one folder per case."
                ),
            ]
        )


# -- deletion -------------------------------------------------------------------------------------


@transaction.atomic
def deletion_request(*, user, note: str = "") -> DeletionRequest:
    """A patient asks for their personal data to be erased; hub administrators are told."""
    if is_staff_member(user):
        raise CaseError(_("Staff accounts are closed by the hub's administrator, not by a deletion request."))
    if DeletionRequest.objects.select_for_update().filter(user=user, status=DeletionRequest.Status.PENDING).exists():
        raise CaseError(_("You have already asked for the deletion of your data; the hub will answer soon."))
    request = DeletionRequest.objects.create(
        user=user, note=note.strip()[:2000], language=user.preferred_language or settings.LANGUAGE_CODE
    )
    for case in Case.objects.filter(patient=user):
        log_action(request, "privacy.deletion.requested", case=case, actor=user, data={"request": request.id})
    outbox.enqueue(tasks.send_deletion_requested, request.id)
    return request


@transaction.atomic
def deletion_decide(*, request_id: int, actor, approve: bool, reason: str = "") -> DeletionRequest:
    """A hub administrator approves (the data are erased now, within the retention rules) or
    refuses with a reason; the patient is emailed the decision in their language."""
    if not may_decide_deletions(actor):
        raise CaseError(_("Only the hub's administrator decides on deletion requests."))
    request = DeletionRequest.objects.select_for_update().select_related("user").filter(pk=request_id).first()
    if request is None:
        raise CaseError(_("This request has already been decided."))
    decision = DeletionRequest.Status.APPROVED if approve else DeletionRequest.Status.REFUSED
    DELETION.check(request.status, decision, error=CaseError)
    reason = reason.strip()
    user = request.user
    address, language = user.email, request.language
    if approve:
        treated = Case.objects.filter(patient=user, state__in=IN_TREATMENT).values_list("reference", flat=True)
        if treated:
            raise CaseError(
                _("The patient is being treated in case %(cases)s. Close the case before erasing the data, or refuse for now.")
                % {"cases": ", ".join(treated)}
            )
        request.outcome = _erase(user, actor=actor, request_id=request.id)
    else:
        if not reason:
            raise CaseError(_("Give the patient the reason for refusing."))
        request.reason = reason[:2000]
    DELETION.move(request, decision, error=CaseError)
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.save(update_fields=["status", "reason", "outcome", "decided_at", "decided_by"])
    for case in Case.objects.filter(patient=user):
        log_action(
            request, "privacy.deletion.decided", case=case, actor=actor, data={"request": request.id, "decision": request.status}
        )
    # Sent to the address as it was; once sent, an erased patient's address is forgotten there too.
    outbox.enqueue(privacy_tasks.send_deletion_decision, request.id, address, language)
    return request


def _keep_until(years: int, since: datetime.date) -> str:
    try:
        return since.replace(year=since.year + years).isoformat()
    except ValueError:  # 29 February
        return (since.replace(day=28).replace(year=since.year + years)).isoformat()


def _erase(user, *, actor, request_id: int) -> dict:
    """Erases the patient's personal data; keeps, anonymized, what the law keeps. Returns what
    was done, per case, for the record."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from medhub.cases.services import case_transition
    from medhub.interpreting.models import InterpreterBooking
    from medhub.scheduling.models import Appointment
    from medhub.travel.models import Pickup, Stay, Traveller, Trip, VisaApplication

    now = timezone.now()
    today = timezone.localdate()
    years = retention_years()
    outcome = {"cases": {}}
    contact_emails = set()
    for case in Case.objects.select_for_update().filter(patient=user):
        contact_emails.add(case.contact_email)
        if case.state in OPEN_STATES:
            case_transition(case_id=case.id, to_state=CaseState.CANCELLED, actor=actor, detail={"deletion_request": request_id})
            case.refresh_from_db()
        accepted = Quote.objects.filter(case=case, status=Quote.Status.ACCEPTED).values_list("institution_id", flat=True).first()
        last_visit = (
            Appointment.objects.filter(case=case, slot__institution_id=accepted).order_by("-slot__starts_at").first()
            if accepted
            else None
        )
        treated = last_visit is not None
        kept, erased = [], ["contact", "travellers", "visa"]
        # Files first (storage), then rows.
        messages = Message.objects.filter(case=case)
        if treated:
            # The treating institution's conversation and the documents it assessed are the record
            # of the care given: kept for the medical-record period, anonymized.
            messages = messages.exclude(institution_id=accepted)
            until = _keep_until(years["medical"], timezone.localtime(last_visit.slot.starts_at).date())
            kept.append({"what": "medical_record", "until": until})
        else:
            for document in case.documents.all():
                document.file.delete(save=False)
            case.documents.all().delete()
            erased += ["documents", "problem"]
            case.problem = ""
        for message in messages.prefetch_related("attachments"):
            for attachment in message.attachments.all():
                attachment.file.delete(save=False)
        messages.delete()
        erased.append("conversations")
        # Quotes not accepted carry no transaction: their plans go, their amounts stay for statistics.
        for quote in Quote.objects.filter(case=case).exclude(status=Quote.Status.ACCEPTED):
            quote.versions.update(plan="")
        if accepted:
            kept.append({"what": "accepted_quote", "until": _keep_until(years["tax"], today)})
        Traveller.objects.filter(case=case).delete()
        VisaApplication.objects.filter(case=case).delete()
        Trip.objects.filter(case=case).update(treatment="")
        Stay.objects.filter(case=case).update(note="", partner_note="")
        Pickup.objects.filter(case=case).update(flight="", destination="", partner_note="")
        InterpreterBooking.objects.filter(appointment__case=case).update(log_note="")
        if Stay.objects.filter(case=case).exists() or Pickup.objects.filter(case=case).exists():
            kept.append({"what": "bookings", "until": _keep_until(years["tax"], today)})
        if case.subsidy_claims.exists():
            kept.append({"what": "subsidy_claims", "until": _keep_until(years["tax"], today)})
        kept.append({"what": "timeline", "until": None})
        case.full_name = ""
        case.contact_email = f"erased-{case.pk}@invalid"
        case.messenger = ""
        case.messenger_handle = ""
        case.time_zone = "UTC"
        case.erased_at = now
        case.save()
        outcome["cases"][case.reference] = {"treated": treated, "erased": erased, "kept": kept}
        # What was erased, by its codes; never the erased data themselves.
        log_action(case, "privacy.data.erased", case=case, actor=actor, data={"request": request_id, "erased": erased})
    # Emails sent to an address rather than the account (the inquiry's confirmation, ...) keep
    # no address of the erased patient; the decision email, not sent yet, forgets it once sent.
    from medhub.notifications.models import Delivery, LinkCode, Notification, Preference

    addresses = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True), *contact_emails}
    sent_to_them = Delivery.objects.filter(notification__isnull=True, sent_at__isnull=False, address__in=addresses - {""})
    sent_to_them.update(address="")
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    # What they were told, their messenger addresses and their unused messenger link codes go
    # with the account (decision 0015).
    Notification.objects.filter(recipient=user).delete()
    Preference.objects.filter(user=user).delete()
    LinkCode.objects.filter(user=user).delete()
    outcome.update(_erase_complaints_and_feedback(user))
    user.username = f"erased-{user.pk}"
    user.email = f"erased-{user.pk}@invalid"
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    outcome["account"] = "erased"
    return outcome


def _decision_key(request_id: int) -> str:
    """The key of the delivery of a deletion decision's email (``notifications.email_once``)."""
    return f"privacy.deletion_decision:{request_id}"


def _forget_decision_address(request_id: int) -> bool:
    """Once the email telling a patient their data were erased is sent, the address it went to
    is the last of them left: blanked on its delivery row and in the outbox message's arguments.
    Nothing is forgotten before it is sent (a retry needs the address) nor after a refusal (the
    account keeps its address then). Returns whether it forgot it."""
    from medhub.notifications.models import Delivery
    from medhub.outbox.models import Message as OutboxMessage

    if not DeletionRequest.objects.filter(pk=request_id, status=DeletionRequest.Status.APPROVED).exists():
        return False
    delivery = Delivery.objects.filter(key=_decision_key(request_id)).first()
    if delivery is None or delivery.sent_at is None:
        return False
    Delivery.objects.filter(pk=delivery.pk).update(address="")
    for message in OutboxMessage.objects.filter(task=privacy_tasks.send_deletion_decision.name, args__0=request_id):
        OutboxMessage.objects.filter(pk=message.pk).update(args=[request_id, "", *message.args[2:]])
    return True
