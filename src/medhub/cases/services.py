"""Writes to cases. Each service owns its transaction, writes the audit row and enqueues its
side effects after commit."""

import datetime
import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medhub.accounts.models import Membership, Role
from medhub.cases import tasks, workflow
from medhub.cases.access import conversation_readers
from medhub.cases.models import CONSENT_VERSION, Case, CaseDocument, CaseState
from medhub.cases.rules import check_contact, check_currency, check_desired_dates, check_valid_until
from medhub.core import throttle
from medhub.core.audit import log_action
from medhub.core.names import clean_name
from medhub.directory.models import Specialty
from medhub.outbox import services as outbox


def _staff_of(institution_ids) -> list[int]:
    return list(
        Membership.objects.filter(role=Role.PROVIDER_STAFF, organization_id__in=list(institution_ids)).values_list(
            "user_id", flat=True
        )
    )


def _notify(case: Case, kind: str, user_ids, detail: dict | None = None) -> None:
    """Tells each person concerned who may open the case, in this transaction: an in-app
    notification and one outbox delivery per channel they chose (``notifications.notify``), in
    their language, linking to the page of their standing in the case; ``detail`` (such as a
    reason) goes into the text."""
    from medhub.cases.access import page_of, rights_for
    from medhub.notifications.services import notify

    for user in get_user_model().objects.filter(pk__in={pk for pk in user_ids if pk}).order_by("pk"):
        rights = rights_for(user, case)
        if rights is not None:
            link = lambda _user, rights=rights: page_of(rights, case)  # noqa: E731 - reversed in their language
            notify(user, f"cases.{kind}", {"case": case, **(detail or {})}, link=link)


DEFAULT_CONVERSATION = "default"


class CaseError(ValidationError):
    """A request the case cannot honour (wrong state, not allowed); the message is translated."""


# The longest message a thread takes, whatever the door (page or API).
MESSAGE_MAX_LENGTH = 5000


def message_too_long() -> str:
    return _("A message can be at most {max_length} characters long.").format(max_length=MESSAGE_MAX_LENGTH)


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reason: str = ""


class Ineligible(CaseError):
    """The person is not a foreign patient under the Act; `reason` says why ("nhi", "resident")."""

    def __init__(self, reason: str):
        super().__init__(_("Only foreign patients can send an inquiry through the hub."), code=reason)
        self.reason = reason


def _answered_yes(value) -> bool:
    return value is True or value == "yes"


def referring_agency(sender) -> int | None:
    """The agency an inquiry sent by a facilitator's staff is recorded as referred by: the
    lowest-numbered of the sender's agencies, so that the choice is the same at every door."""
    if sender is None or not sender.is_authenticated:
        return None
    agencies = Membership.objects.filter(user=sender, role=Role.FACILITATOR_STAFF).values_list("organization_id", flat=True)
    return min(agencies, default=None)


def eligibility(*, nhi_member: bool, resident_in_korea: bool) -> Eligibility:
    """Whether the person counts as a foreign patient under the Act (DOMAIN.md, art. 2)."""
    if nhi_member:
        return Eligibility(False, "nhi")
    if resident_in_korea:
        return Eligibility(False, "resident")
    return Eligibility(True)


# Letters and digits that cannot be misread (no 0/O, 1/I/L): 31 signs; a reference drawn twice
# is drawn again, up to this many times.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_ATTEMPTS = 5


def _new_reference() -> str:
    """HB-<yymm>-<8 random signs>: about 8.5e11 per month, so two inquiries meet by chance about
    once in a million months at 5,000 a month; inquiry_submit draws again if they do."""
    random_part = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"HB-{timezone.localdate():%y%m}-{random_part}"


def _store_private_file(stored, upload, content_type: str, checksum: str):
    """Saves a checked upload into private storage on a CaseDocument or MessageAttachment."""
    stored.original_name = upload.name[:255]
    stored.content_type = content_type
    stored.size = upload.size
    stored.checksum = checksum
    stored.file.save(checksum, upload, save=False)
    stored.save()
    return stored


def _asked_about(data: dict) -> dict:
    """The institution and offering an inquiry was sent from ("Ask for a quote"), by slug, for the
    case's creation record (the specialty goes into ``requested_specialty``)."""
    asked = {name: data[name].slug for name in ("institution", "offering") if data.get(name) is not None}
    return {"asked_about": asked} if asked else {}


@transaction.atomic
def inquiry_submit(
    *,
    data: dict,
    documents: list[tuple[object, str, str]],
    language: str,
    sender=None,
    client: str = "",
) -> Case:
    """Creates a case from a checked inquiry and sends the verification email after commit.

    When a facilitator's staff send it, the case is recorded as referred by their agency. Two
    limits hold whatever the door (page or API): inquiries per client address and per email
    address, counted atomically inside this transaction so concurrent submissions cannot pass
    the limit together (and a submission that fails does not count). Only a foreign patient may
    send one (Ineligible otherwise), and the desired dates may not lie in the past."""
    verdict = eligibility(
        nhi_member=_answered_yes(data.get("nhi_member")), resident_in_korea=_answered_yes(data.get("resident_in_korea"))
    )
    if not verdict.eligible:
        raise Ineligible(verdict.reason)
    check_desired_dates(data.get("desired_from"), data.get("desired_to"))
    check_contact(data.get("messenger") or "", data.get("messenger_handle") or "")
    if data.get("budget_amount"):
        check_currency(data.get("budget_currency") or "", field="budget_currency")
    throttle.check("inquiry", client or "unknown")
    throttle.check(
        "inquiry-email",
        data["contact_email"].strip().lower(),
        _("We have received several inquiries from this address in the last hour. Please try again later."),
    )
    now = timezone.now()
    case = Case(
        reference=_new_reference(),
        full_name=clean_name(data["full_name"]),
        contact_email=data["contact_email"].lower(),
        messenger=data.get("messenger") or "",
        messenger_handle=data.get("messenger_handle") or "",
        nationality=data["nationality"],
        residence_country=data["residence_country"],
        preferred_language=data.get("preferred_language") or language,
        time_zone=data.get("time_zone") or "UTC",
        problem=data["problem"],
        requested_specialty=data.get("specialty"),
        desired_from=data.get("desired_from"),
        desired_to=data.get("desired_to"),
        budget_amount=data.get("budget_amount"),
        budget_currency=(data.get("budget_currency") or "") if data.get("budget_amount") else "",
        companions=data.get("companions") or 0,
        referred_by_id=referring_agency(sender),
        consent_version=CONSENT_VERSION,
        consent_health_data_at=now,
        consent_transfer_at=now,
        first_response_due=now + datetime.timedelta(hours=settings.MEDHUB_FIRST_RESPONSE_HOURS),
    )
    # The reference is checked by the database, not by full_clean: a reference drawn twice is
    # drawn again, never shown to the patient as an error.
    case.full_clean(exclude=["reference"])
    for attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                case.save()
            break
        except IntegrityError:
            if attempt == REFERENCE_ATTEMPTS - 1 or not Case.objects.filter(reference=case.reference).exists():
                raise
            case.pk = None
            case.reference = _new_reference()
    for upload, content_type, checksum in documents:
        _store_private_file(CaseDocument(case=case), upload, content_type, checksum)
    log_action(
        case,
        "cases.case.created",
        case=case,
        actor=sender,
        data={"to_state": case.state, "documents": len(documents), **_asked_about(data)},
    )
    outbox.enqueue(tasks.send_inquiry_received, case.id)
    return case


@dataclass(frozen=True)
class LinkOutcome:
    case: Case | None
    sign_in: bool  # whether following the link may sign the holder in
    used: bool = False  # the link was used before


def link_may_sign_in(user) -> bool:
    """A verification link signs in only a patient account that has no other way in: never staff,
    never an account with a password or an authenticator (those sign in with them)."""
    from allauth.mfa.models import Authenticator

    from medhub.accounts.selectors import is_staff_member

    return not (
        user.is_staff
        or user.is_superuser
        or is_staff_member(user)
        or user.has_usable_password()
        or Authenticator.objects.filter(user=user).exists()
    )


@transaction.atomic
def case_verify_email(*, case_id: int, token: str) -> LinkOutcome:
    """The patient followed the emailed link: the address is theirs; they get a patient account.

    The link works once (a reload or anyone reading it later gets "already used")."""
    from medhub.core.links import use_once

    case = Case.objects.select_for_update().filter(pk=case_id).first()
    if case is None:
        return LinkOutcome(None, sign_in=False)
    if not use_once(token, purpose="case-verify"):
        return LinkOutcome(case, sign_in=False, used=True)
    if case.email_verified_at is None:
        user_model = get_user_model()
        user = user_model.objects.filter(email__iexact=case.contact_email).first()
        if user is None:
            user = user_model(username=case.contact_email, email=case.contact_email, preferred_language=case.preferred_language)
            user.set_unusable_password()
            user.save()
        Membership.objects.get_or_create(user=user, role=Role.PATIENT, organization=None)
        has_primary = EmailAddress.objects.filter(user=user, primary=True).exclude(email__iexact=case.contact_email).exists()
        EmailAddress.objects.update_or_create(
            user=user,
            email__iexact=case.contact_email,
            defaults={"email": case.contact_email, "verified": True, "primary": not has_primary},
        )
        case.email_verified_at = timezone.now()
        case.patient = user
        case.save(update_fields=["email_verified_at", "patient", "updated_at"])
        log_action(case, "cases.case.email_verified", case=case)
    return LinkOutcome(case, sign_in=case.patient is not None and link_may_sign_in(case.patient))


@transaction.atomic
def case_transition(*, case_id: int, to_state: str, actor, detail: dict | None = None) -> Case:
    """The only way a case changes state: checked against the workflow, audited."""
    case = Case.objects.select_for_update().get(pk=case_id)
    from_state = workflow.CASE.move(case, to_state, field="state", error=CaseError)
    fields = ["state", "updated_at"]
    if case.first_responded_at is None and actor is not None and from_state == CaseState.NEW:
        case.first_responded_at = timezone.now()
        fields.append("first_responded_at")
    case.save(update_fields=fields)
    data = {"from_state": from_state, "to_state": to_state, **(detail or {})}
    log_action(case, "cases.case.state_changed", case=case, actor=actor, data=data)
    return case


# The moves that end a case early and affect the patient (and the institutions still in it): they
# need a reason, which goes into the audit entry and the email each of them gets.
ENDINGS = (CaseState.DECLINED, CaseState.CANCELLED, CaseState.LOST)
REASON_MAX_LENGTH = 300


def check_reason(reason: str) -> str:
    """A reason someone else will read: required, and short enough for an email."""
    reason = (reason or "").strip()
    if not reason:
        raise CaseError({"reason": _("Give a reason: the people this affects are told it.")}, code="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise CaseError({"reason": _("Keep the reason under %(max)d characters.") % {"max": REASON_MAX_LENGTH}}, code="reason")
    return reason


@transaction.atomic
def case_end(*, case_id: int, to_state: str, actor, reason: str) -> Case:
    """The hub declines, cancels or closes as lost a case (or its patient cancels it), with a
    reason. The patient, the case's coordinator and the staff of the institutions still in the
    case are told it, except whoever ended it; the reason is in the audit entry."""
    from medhub.cases.selectors import institutions_in_case

    if to_state not in ENDINGS:
        raise CaseError(_("Only declining, cancelling or losing a case ends it with a reason."))
    reason = check_reason(reason)
    case = Case.objects.get(pk=case_id)
    told = {case.patient_id, case.owner_id, *_staff_of(institutions_in_case(case))} - {getattr(actor, "pk", None)}
    case = case_transition(case_id=case_id, to_state=to_state, actor=actor, detail={"reason": reason})
    _notify(case, f"case_{to_state}", told, detail={"reason": reason})
    return case


@transaction.atomic
def case_triage(*, case_id: int, specialty: Specialty, actor, suggested_code: str = "") -> Case:
    """The coordinator confirms (or overrides) the specialty; the case becomes triaged."""
    case = Case.objects.select_for_update().get(pk=case_id)
    case.specialty = specialty
    if case.owner_id is None:
        case.owner = actor
    case.save(update_fields=["specialty", "owner", "updated_at"])
    log_action(
        case,
        "cases.case.triaged",
        case=case,
        actor=actor,
        data={
            "specialty": specialty.code,
            "suggested": suggested_code,
            "overridden": bool(suggested_code) and suggested_code != specialty.code,
        },
    )
    return case_transition(case_id=case.id, to_state=CaseState.TRIAGED, actor=actor, detail={"specialty": specialty.code})


@transaction.atomic
def case_share(*, case_id: int, institution_ids: list[int], actor, reasons: dict[int, list[str]] | None = None) -> Case:
    """Shares a triaged case with institutions chosen from the recommendations."""
    from medhub.cases.models import CaseShare
    from medhub.cases.selectors import recommend_institutions

    case = Case.objects.select_for_update().get(pk=case_id)
    if case.state not in (CaseState.TRIAGED, CaseState.SHARED, CaseState.QUOTED):
        raise CaseError(_("Only a triaged case can be shared with institutions."))
    allowed = {rec.institution.id: rec for rec in recommend_institutions(case, limit=200)}
    chosen = [pk for pk in dict.fromkeys(institution_ids) if pk in allowed]
    if not chosen:
        raise CaseError(_("Choose at least one of the recommended institutions."))
    newly_shared = []
    for pk in chosen:
        share, created = CaseShare.objects.get_or_create(
            case=case, institution_id=pk, defaults={"shared_by": actor, "reasons": allowed[pk].codes}
        )
        if not created and share.withdrawn_at is not None:
            # Shared again after a withdrawal: the institution is back in (unless its quote was declined).
            share.withdrawn_at, share.withdrawn_by, share.shared_by = None, None, actor
            share.save(update_fields=["withdrawn_at", "withdrawn_by", "shared_by"])
            created = True
        if created:
            newly_shared.append(pk)
            log_action(share, "cases.case.shared", case=case, actor=actor, data={"institution": allowed[pk].institution.slug})
    if case.state == CaseState.TRIAGED:
        case_transition(case_id=case.id, to_state=CaseState.SHARED, actor=actor)
    _notify(case, "case_shared", _staff_of(newly_shared))
    if newly_shared:
        _notify(case, "case_shared_patient", [case.patient_id], {"institutions": len(newly_shared)})
    case.refresh_from_db()
    return case


@transaction.atomic
def case_share_withdraw(*, case_id: int, institution_id: int, actor) -> Case:
    """The hub takes a case back from an institution: from now on the institution is out of the
    case (no page, documents, conversation or API) and its open quote is declined."""
    from medhub.cases.models import CaseShare, Quote

    case = Case.objects.select_for_update().get(pk=case_id)
    share = (
        CaseShare.objects.select_for_update()
        .select_related("institution")
        .filter(case=case, institution_id=institution_id)
        .first()
    )
    if share is None or share.withdrawn_at is not None:
        raise CaseError(_("This case is not shared with that institution."))
    quote = Quote.objects.select_for_update().filter(case=case, institution_id=institution_id).first()
    if quote is not None and quote.status == Quote.Status.ACCEPTED:
        raise CaseError(_("The patient accepted this institution's quote; cancel the case instead of withdrawing it."))
    share.withdrawn_at = timezone.now()
    share.withdrawn_by = actor
    share.save(update_fields=["withdrawn_at", "withdrawn_by"])
    if quote is not None and quote.status == Quote.Status.OPEN:
        workflow.QUOTE.move(quote, Quote.Status.DECLINED, error=CaseError)
        quote.decline_reason = _("The hub withdrew the case from this institution.")
        quote.save(update_fields=["status", "decline_reason", "updated_at"])
    log_action(share, "cases.case.share_withdrawn", case=case, actor=actor, data={"institution": share.institution.slug})
    return case


def _quote_changes(old, new) -> list[dict]:
    """What changed between two versions, as data the page renders in the reader's language."""
    changes = []
    for field in ("plan", "currency", "included", "excluded", "valid_until", "stay_days", "recovery_days"):
        before, after = getattr(old, field), getattr(new, field)
        if before != after:
            changes.append({"field": field, "before": str(before), "after": str(after)})
    old_items = {item["label"]: int(item["amount"]) for item in old.items}
    new_items = {item["label"]: int(item["amount"]) for item in new.items}
    for label in sorted(old_items.keys() | new_items.keys()):
        if old_items.get(label) != new_items.get(label):
            changes.append({"field": "item", "label": label, "before": old_items.get(label), "after": new_items.get(label)})
    if old.total != new.total:
        changes.append({"field": "total", "before": old.total, "after": new.total})
    return changes


@transaction.atomic
def quote_submit(*, case_id: int, institution_id: int, actor, data: dict):
    """An institution answers a shared case with a plan and an itemized quote, or revises it
    (a new version). A facilitator's commission is checked against the legal cap."""
    from medhub.cases.models import CaseShare, Quote, QuoteVersion
    from medhub.cases.rules import commission_cap
    from medhub.cases.selectors import institutions_in_case

    case = Case.objects.select_for_update().get(pk=case_id)
    if institution_id is None or not institutions_in_case(case, [institution_id]):
        raise CaseError(_("This case has not been shared with your institution."))
    if case.state not in (CaseState.SHARED, CaseState.QUOTED):
        raise CaseError(_("This case no longer takes quotes."))
    check_currency(data["currency"])
    check_valid_until(data["valid_until"])
    share = CaseShare.objects.select_related("institution").get(case=case, institution_id=institution_id)
    commission = data.get("commission_percent")
    if case.referred_by_id and commission is not None:
        cap = commission_cap(share.institution.institution_class)
        if commission > cap:
            raise CaseError(
                _("A facilitator's commission may not exceed %(cap)s%% of the medical fee for this institution's class.")
                % {"cap": cap}
            )
    quote, _created = Quote.objects.select_for_update().get_or_create(case=case, institution_id=institution_id)
    if workflow.QUOTE.is_final(quote.status):  # an accepted or declined quote is not revised
        raise CaseError(_("This quote has already been accepted or declined."))
    previous = quote.versions.order_by("-number").first()
    version = QuoteVersion(
        quote=quote,
        number=(previous.number + 1) if previous else 1,
        plan=data["plan"],
        items=[{"label": label, "amount": int(amount)} for label, amount in data["items"]],
        currency=data["currency"],
        included=data.get("included", ""),
        excluded=data.get("excluded", ""),
        valid_until=data["valid_until"],
        stay_days=data.get("stay_days") or 0,
        recovery_days=data.get("recovery_days") or 0,
        commission_percent=commission if case.referred_by_id else None,
        created_by=actor,
    )
    version.full_clean()
    version.save()
    detail = {
        "institution": share.institution.slug,
        "version": version.number,
        "total": version.total,
        "currency": version.currency,
    }
    if previous:
        detail["changes"] = _quote_changes(previous, version)
    log_action(version, "cases.quote.revised" if previous else "cases.quote.received", case=case, actor=actor, data=detail)
    if case.state == CaseState.SHARED:
        case_transition(case_id=case.id, to_state=CaseState.QUOTED, actor=actor)
    _notify(case, "quote_revised" if previous else "quote_received", [case.patient_id, case.owner_id])
    return version


@transaction.atomic
def quote_accept(*, case_id: int, quote_id: int, actor) -> Case:
    """The patient accepts one quote; every other open quote is declined with the reason."""
    from medhub.cases.models import Quote

    case = Case.objects.select_for_update().get(pk=case_id)
    quote = Quote.objects.select_for_update().filter(case=case, pk=quote_id).first()
    if quote is None or case.state != CaseState.QUOTED:
        raise CaseError(_("This quote can no longer be accepted."))
    workflow.QUOTE.check(quote.status, Quote.Status.ACCEPTED, error=CaseError)
    latest = quote.versions.order_by("-number").first()
    if latest.valid_until < timezone.localdate():
        raise CaseError(_("This quote has expired. Ask the institution for a new version."))
    workflow.QUOTE.move(quote, Quote.Status.ACCEPTED, error=CaseError)
    quote.save(update_fields=["status", "updated_at"])
    reason = _("The patient accepted another quote.")
    for other in case.quotes.select_for_update().exclude(pk=quote.pk).filter(status=Quote.Status.OPEN):
        workflow.QUOTE.move(other, Quote.Status.DECLINED, error=CaseError)
        other.decline_reason = reason
        other.save(update_fields=["status", "decline_reason", "updated_at"])
    data = {"institution": quote.institution.slug, "version": latest.number}
    log_action(quote, "cases.quote.accepted", case=case, actor=actor, data=data)
    _notify(case, "quote_accepted", [*_staff_of([quote.institution_id]), case.owner_id])
    return case_transition(case_id=case.id, to_state=CaseState.ACCEPTED, actor=actor)


@transaction.atomic
def message_post(
    *,
    case_id: int,
    author,
    body: str,
    language: str,
    attachments: list[tuple[object, str, str]],
    conversation: int | str | None = DEFAULT_CONVERSATION,
):
    """Adds a message (and its checked attachments) to one conversation of the case: the general
    one (``None``) or an institution's (its id); by default the author's own (an institution's
    staff) or the general one. Only those who may write there can; only those who read it are told."""
    from medhub.cases.access import rights_for
    from medhub.cases.models import Message, MessageAttachment

    body = body.strip()
    if len(body) > MESSAGE_MAX_LENGTH:
        raise CaseError(message_too_long())
    case = Case.objects.select_for_update().get(pk=case_id)
    if case.state in workflow.FINAL:
        raise CaseError(_("This case is closed; its thread takes no new messages."))
    rights = rights_for(author, case)
    if rights is None:
        raise CaseError(_("You cannot write in this case."))
    if conversation == DEFAULT_CONVERSATION:
        conversation = rights.default_conversation
    if not rights.can_write(conversation):
        raise CaseError(_("You cannot write in this conversation."))
    message = Message.objects.create(case=case, author=author, body=body.strip(), language=language, institution_id=conversation)
    for upload, content_type, checksum in attachments:
        _store_private_file(MessageAttachment(message=message), upload, content_type, checksum)
    log_action(message, "cases.message.posted", case=case, actor=author, data={"message": message.id})
    _notify(case, "new_message", conversation_readers(case, conversation) - {author.pk})
    return message


def case_access_log(*, case: Case, user, rights, what: str, door: str, page: str = "", object_id: int | None = None):
    """Writes one row of the access log for an opening of a case's personal data, unless the
    reader is the case's patient (``rights.logged``). Returns the row, or None."""
    from medhub.cases.models import CaseAccess

    if not rights.logged:
        return None
    return CaseAccess.objects.create(case=case, user=user, what=what, door=door, page=page[:60], object_id=object_id)


def case_page_opened(*, case: Case, user, page: str):
    """Logs the opening of one of the case's pages in another app (travel, interpreters) by
    anyone but the patient, the same way as the case's own pages."""
    from medhub.cases.access import opening_is_logged
    from medhub.cases.models import CaseAccess

    if not opening_is_logged(user, case):
        return None
    return CaseAccess.objects.create(case=case, user=user, what=CaseAccess.What.PAGE, door=CaseAccess.Door.WEB, page=page[:60])


def message_translate(*, message, target: str):
    """The message in ``target`` from the translation backend, stored for the next reader."""
    from medhub.cases.models import MessageTranslation
    from medhub.cases.translation import TranslationError, translation_backend

    existing = message.translations.filter(language=target).first()
    if existing:
        return existing
    backend = translation_backend()
    if backend is None:
        raise CaseError(_("Machine translation is not available on this hub."))
    try:
        text = backend.translate(message.body, source=message.language, target=target)
    except TranslationError as exc:
        raise CaseError(_("The translation service did not answer. The original message is shown.")) from exc
    translation, _created = MessageTranslation.objects.get_or_create(
        message=message, language=target, defaults={"text": text, "backend": backend.name}
    )
    return translation


@transaction.atomic
def case_assign(*, case_id: int, owner_id: int | None, actor) -> Case:
    """Gives a case an owner, another one, or none: the owner must be one of the hub's staff,
    and a case that has ended keeps the owner it ended with. Audited; the new owner is told."""
    from medhub.accounts.permissions import may_own_cases

    case = Case.objects.select_for_update().get(pk=case_id)
    if case.state in workflow.FINAL:
        raise CaseError(_("A case that has ended keeps its owner."), code="final")
    owner = None
    if owner_id is not None:
        owner = get_user_model().objects.filter(pk=owner_id, is_active=True).first()
        if owner is None or not may_own_cases(owner):
            raise CaseError(_("Only a member of the hub's staff can own a case."), code="not_staff")
    if owner_id == case.owner_id:
        return case
    previous = case.owner
    case.owner = owner
    case.save(update_fields=["owner", "updated_at"])
    log_action(
        case,
        "cases.case.assigned",
        case=case,
        actor=actor,
        data={"from": previous.get_username() if previous else None, "to": owner.get_username() if owner else None},
    )
    if owner is not None and owner.pk != getattr(actor, "pk", None):
        _notify(case, "case_assigned", [owner.pk])
    return case


@transaction.atomic
def case_follow(*, case_id: int, user, follow: bool = True) -> bool:
    """A hub staff member follows a case (or stops): it then shows under "Following" on their
    board. Returns whether they now follow it; a change is audited, a repeat changes nothing."""
    from medhub.accounts.permissions import may_follow_cases
    from medhub.cases.models import CaseFollow

    case = Case.objects.get(pk=case_id)
    if not may_follow_cases(user):
        raise CaseError(_("Only the hub's staff follow cases."), code="not_staff")
    if follow:
        row, created = CaseFollow.objects.get_or_create(case=case, user=user)
        if created:
            log_action(row, "cases.case.followed", case=case, actor=user)
        return True
    row = CaseFollow.objects.filter(case=case, user=user).first()
    if row is not None:
        log_action(case, "cases.case.unfollowed", case=case, actor=user)
        row.delete()
    return False
