"""Writes for partner applications. Each service holds its rule, one transaction (the
application's row locked where two people may act at once), its audit row and its side effects
(emails through the outbox, after commit).

Who decides: the hub's coordinators and administrators review, score and ask for more
information; only the administrator approves or rejects (decision 0022). Views and the API ask
``medhub.accounts.permissions`` first; the services check again, so no door skips the rule.
"""

from __future__ import annotations

import secrets

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from medhub.accounts import permissions
from medhub.accounts.models import Membership, Role
from medhub.core import throttle
from medhub.core.audit import log_action
from medhub.core.phones import to_e164
from medhub.directory import services as directory_services
from medhub.directory.models import Organization, registration_expiry
from medhub.outbox import services as outbox
from medhub.partners import tasks
from medhub.partners.models import (
    REQUIRED_DOCUMENTS,
    Application,
    ApplicationDocument,
    Criterion,
    DocumentKind,
    InfoRequest,
    Kind,
    Review,
    Score,
    Status,
)
from medhub.partners.selectors import profile_gaps
from medhub.partners.workflow import APPLICATION

MESSAGE_MAX = 4000
REASON_MAX = 2000


class ApplicationError(ValidationError):
    """A refusal of the screening's rules, translated, naming the field when there is one."""


ROLE_OF_KIND = {
    Kind.INSTITUTION: Role.PROVIDER_STAFF,
    Kind.FACILITATOR: Role.FACILITATOR_STAFF,
    Kind.HOTEL: Role.PARTNER_STAFF,
    Kind.RESTAURANT: Role.PARTNER_STAFF,
    Kind.SHOP: Role.PARTNER_STAFF,
    Kind.TRANSPORT: Role.PARTNER_STAFF,
}


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise ApplicationError(message, code="forbidden")


def _locked(application_id: int) -> Application:
    application = Application.objects.select_for_update().filter(pk=application_id).first()
    if application is None:
        raise ApplicationError(_("There is no such application."), code="not_found")
    return application


def _move(application: Application, to_state: str, *, actor, action: str, data: dict | None = None) -> str:
    previous = APPLICATION.move(application, to_state, error=ApplicationError)
    application.save()
    log_action(application, action, actor=actor, data={"from_state": previous, "to_state": to_state, **(data or {})})
    return previous


def _store_documents(application: Application, documents, *, info_request: InfoRequest | None = None) -> list:
    stored = []
    for kind, (upload, content_type, checksum) in documents:
        document = ApplicationDocument(
            application=application,
            info_request=info_request,
            kind=kind,
            original_name=upload.name[:255],
            content_type=content_type,
            size=upload.size,
            checksum=checksum,
        )
        document.file.save(upload.name, upload, save=False)
        document.save()
        stored.append(document)
    return stored


# -- the applicant ------------------------------------------------------------------------------


def check_application(data: dict, documents) -> None:
    """The rules of what an application holds, by kind; one ValidationError naming every field."""
    errors: dict[str, list] = {}
    kind = data.get("kind") or ""
    if kind not in Kind.values:
        errors["kind"] = [_("Choose what kind of partner you are.")]
    if kind == Kind.INSTITUTION and not data.get("institution_class"):
        errors["institution_class"] = [_("A medical institution gives its class (clinic, hospital…).")]
    if kind != Kind.INSTITUTION and data.get("institution_class"):
        errors["institution_class"] = [_("Only medical institutions have a class.")]
    needed: dict[str, str] = {}
    if kind in (Kind.INSTITUTION, Kind.FACILITATOR):
        needed["registration_date"] = _("Give the date on the registration certificate.")
        needed["registration_number"] = _("Give the number on the registration certificate.")
    if kind == Kind.INSTITUTION:
        needed["insurance_cover_krw"] = _("Give the annual cover on the malpractice-insurance certificate.")
        needed["insurance_expires"] = _("Give the date the malpractice insurance ends.")
    if kind == Kind.FACILITATOR:
        needed["surety_amount_krw"] = _("Give the amount of the surety insurance.")
        needed["surety_expires"] = _("Give the date the surety insurance ends.")
        needed["capital_krw"] = _("Give the agency's capital.")
    for name, message in needed.items():
        if data.get(name) in (None, ""):
            errors.setdefault(name, []).append(message)
    sent = {document_kind for document_kind, _file in documents}
    for document_kind in REQUIRED_DOCUMENTS.get(kind, ()):
        if document_kind not in sent:
            errors.setdefault(f"document_{document_kind}", []).append(
                _("Attach this document: %(document)s.") % {"document": DocumentKind(document_kind).label}
            )
    extra = sent - set(REQUIRED_DOCUMENTS.get(kind, ()))
    for document_kind in extra:
        errors.setdefault(f"document_{document_kind}", []).append(_("This kind of partner does not send this document."))
    if errors:
        raise ApplicationError(errors)


@transaction.atomic
def application_submit(*, data: dict, documents, language: str, client: str = "") -> Application:
    """A new application from the public page or the API. ``documents`` are (document kind,
    (file, content type, SHA-256)) pairs already checked by content. Counted against the
    ``partner-application`` door per client address inside this transaction (a refused one
    does not count). The contact is told by email that it arrived; the reviewers are told too."""
    check_application(data, documents)
    phone = to_e164(data["phone"], field="phone")
    contact_phone = to_e164(data["contact_phone"], field="contact_phone") if data.get("contact_phone") else ""
    # Counted last, once everything else holds: a refused application does not use up the door.
    throttle.check("partner-application", client or "unknown")
    # Figures the kind does not give (typed while another kind was chosen) are not kept.
    kind = data["kind"]
    registered = kind in (Kind.INSTITUTION, Kind.FACILITATOR)
    institution, agency = kind == Kind.INSTITUTION, kind == Kind.FACILITATOR
    application = Application(
        kind=kind,
        institution_class=data.get("institution_class") or "",
        name=data["name"].strip(),
        name_ko=(data.get("name_ko") or "").strip(),
        address=data["address"].strip(),
        district=data.get("district"),
        phone=phone,
        email=data["email"].strip().lower(),
        website=data.get("website") or "",
        registration_number=(data.get("registration_number") or "").strip(),
        contact_name=data["contact_name"].strip(),
        contact_email=data["contact_email"].strip().lower(),
        contact_phone=contact_phone,
        contact_language=data.get("contact_language") or language,
        registration_date=data.get("registration_date") if registered else None,
        insurance_cover_krw=data.get("insurance_cover_krw") if institution else None,
        insurance_expires=data.get("insurance_expires") if institution else None,
        surety_amount_krw=data.get("surety_amount_krw") if agency else None,
        surety_expires=data.get("surety_expires") if agency else None,
        capital_krw=data.get("capital_krw") if agency else None,
    )
    application.full_clean()
    application.save()
    _store_documents(application, documents)
    log_action(
        application,
        "partners.application.submitted",
        data={"to_state": application.status, "kind": application.kind, "documents": len(documents)},
    )
    outbox.enqueue(tasks.email_applicant, application.id, "received", None)
    outbox.enqueue(tasks.tell_reviewers, application.id, "application_submitted")
    return application


@transaction.atomic
def application_answer(*, info_request_id: int, answer: str, documents) -> InfoRequest:
    """The applicant's answer through the signed link: text and/or files. The application goes
    back to review; a request answered already (or an application no longer waiting for it)
    refuses a second answer."""
    answer = (answer or "").strip()
    if not answer and not documents:
        raise ApplicationError({"answer": [_("Write an answer or attach a file.")]})
    if len(answer) > MESSAGE_MAX:
        raise ApplicationError({"answer": [_("Keep the answer under %(max)d characters.") % {"max": MESSAGE_MAX}]})
    request = InfoRequest.objects.select_for_update().filter(pk=info_request_id).first()
    if request is None:
        raise ApplicationError(_("This link is not valid."), code="not_found")
    application = _locked(request.application_id)
    if request.answered_at is not None or application.status != Status.INFO_REQUESTED:
        raise ApplicationError(_("This request has already been answered."), code="answered")
    if application.info_requests.filter(pk__gt=request.pk).exists():
        raise ApplicationError(_("A newer request replaced this one; use the link in the latest email."), code="replaced")
    request.answer = answer
    request.answered_at = timezone.now()
    request.save(update_fields=["answer", "answered_at"])
    _store_documents(application, [(DocumentKind.ANSWER, item) for item in documents], info_request=request)
    _move(
        application,
        Status.UNDER_REVIEW,
        actor=None,
        action="partners.application.info_answered",
        data={"info_request": request.id, "documents": len(documents)},
    )
    outbox.enqueue(tasks.tell_reviewers, application.id, "info_answered")
    return request


# -- the reviewers ------------------------------------------------------------------------------


@transaction.atomic
def application_review_start(*, application_id: int, actor) -> Application:
    _require(permissions.may_review_applications(actor), _("Only the hub's staff review applications."))
    application = _locked(application_id)
    _move(application, Status.UNDER_REVIEW, actor=actor, action="partners.application.review_started")
    return application


@transaction.atomic
def application_request_info(*, application_id: int, actor, message: str) -> InfoRequest:
    """Asks the applicant for more: the email carries a signed link to answer with text and files."""
    _require(permissions.may_review_applications(actor), _("Only the hub's staff review applications."))
    message = (message or "").strip()
    if not message:
        raise ApplicationError({"message": [_("Say what the applicant should send or explain.")]})
    if len(message) > MESSAGE_MAX:
        raise ApplicationError({"message": [_("Keep the message under %(max)d characters.") % {"max": MESSAGE_MAX}]})
    application = _locked(application_id)
    APPLICATION.check(application.status, Status.INFO_REQUESTED, error=ApplicationError)
    request = InfoRequest.objects.create(application=application, message=message, requested_by=actor)
    _move(
        application,
        Status.INFO_REQUESTED,
        actor=actor,
        action="partners.application.info_requested",
        data={"info_request": request.id},
    )
    outbox.enqueue(tasks.email_applicant, application.id, "info_requested", request.id)
    return request


@transaction.atomic
def application_score(*, application_id: int, actor, scores: dict[int, int], comment: str = "") -> Review:
    """The reviewer's one set of scores (created or replaced) on the active criteria, while the
    application is open. Every active criterion gets a score between 0 and its highest."""
    _require(permissions.may_review_applications(actor), _("Only the hub's staff review applications."))
    application = _locked(application_id)
    if not application.is_open():
        raise ApplicationError(_("The application has been decided; its scores can no longer change."), code="decided")
    criteria = {c.id: c for c in Criterion.objects.filter(active=True)}
    if not criteria:
        raise ApplicationError(_("The administrator has not set any screening criteria yet."), code="no_criteria")
    errors = {}
    for criterion_id in set(scores) - set(criteria):
        errors[f"criterion_{criterion_id}"] = [_("This criterion is not in use.")]
    for criterion_id, criterion in criteria.items():
        value = scores.get(criterion_id)
        if value is None:
            errors[f"criterion_{criterion_id}"] = [_("Give a score.")]
        elif not 0 <= value <= criterion.max_score:
            errors[f"criterion_{criterion_id}"] = [_("Give a score from 0 to %(max)d.") % {"max": criterion.max_score}]
    if errors:
        raise ApplicationError(errors)
    comment = (comment or "").strip()[:MESSAGE_MAX]
    review, created = Review.objects.get_or_create(application=application, reviewer=actor, defaults={"comment": comment})
    if not created:
        review.comment = comment
        review.save()
        review.scores.filter(criterion_id__in=criteria).delete()  # scores on retired criteria stay
    Score.objects.bulk_create([Score(review=review, criterion_id=cid, value=scores[cid]) for cid in criteria])
    log_action(
        application,
        "partners.application.scored",
        actor=actor,
        data={"review": review.id, "scores": {str(cid): scores[cid] for cid in criteria}, "changed": not created},
    )
    return review


@transaction.atomic
def application_reject(*, application_id: int, actor, reason: str) -> Application:
    """The administrator's refusal, with the reason the applicant reads in their language."""
    _require(permissions.may_decide_applications(actor), _("Only the hub's administrator decides on applications."))
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError({"reason": [_("Give the reason; the applicant reads it.")]})
    if len(reason) > REASON_MAX:
        raise ApplicationError({"reason": [_("Keep the reason under %(max)d characters.") % {"max": REASON_MAX}]})
    application = _locked(application_id)
    APPLICATION.check(application.status, Status.REJECTED, error=ApplicationError)
    application.decided_at = timezone.now()
    application.decided_by = actor
    application.decision_reason = reason
    _move(application, Status.REJECTED, actor=actor, action="partners.application.rejected", data={"reason": reason})
    outbox.enqueue(tasks.email_applicant, application.id, "rejected", None)
    return application


def _unique_slug(name: str, application_id: int) -> str:
    base = slugify(name)[:60].strip("-") or "partner"
    slug = base
    while Organization.objects.filter(slug=slug).exists():
        slug = f"{base}-{application_id}-{secrets.token_hex(2)}"
    return slug


def _organization_from(application: Application) -> Organization:
    names = {"en": application.name}
    if application.name_ko:
        names["ko"] = application.name_ko
    organization = Organization(
        kind=application.kind,
        slug=_unique_slug(application.name, application.id),
        name=names,
        institution_class=application.institution_class,
        registration_number=application.registration_number,
        registration_date=application.registration_date,
        registration_expires=registration_expiry(application.registration_date) if application.registration_date else None,
        insurance_cover_krw=application.insurance_cover_krw if application.kind == Kind.INSTITUTION else None,
        insurance_expires=application.insurance_expires if application.kind == Kind.INSTITUTION else None,
        address={"ko": application.address},
        district=application.district,
        phone=application.phone,
        email=application.email,
        website=application.website,
        # Hidden until its profile is complete (selectors.profile_gaps): description, specialties…
        is_published=False,
    )
    return directory_services.organization_save(organization=organization)


def _invite(application: Application, organization: Organization, actor) -> tuple[object, bool]:
    """The organization's first staff account: a new user with no usable password (the emailed
    link sets one), or the existing account of that address, given the kind's role there."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=application.contact_email).first()
    created = user is None
    if created:
        stem = slugify(application.contact_email.split("@")[0])[:20] or "staff"
        username = stem
        while User.objects.filter(username=username).exists():
            username = f"{stem}-{secrets.token_hex(3)}"
        user = User(
            username=username,
            email=application.contact_email,
            first_name=application.contact_name[:150],
            preferred_language=application.contact_language,
        )
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    Membership.objects.get_or_create(user=user, role=ROLE_OF_KIND[application.kind], organization=organization)
    log_action(
        organization,
        "partners.invitation.sent",
        actor=actor,
        data={"application": application.id, "user": user.pk, "new_account": created, "role": ROLE_OF_KIND[application.kind]},
    )
    return user, created


@transaction.atomic
def application_approve(*, application_id: int, actor) -> Application:
    """The administrator's approval: creates the directory organization (unpublished until its
    profile is complete) from what the application says, and invites its first staff member.
    The row lock and the table make a second approval (a reload, a second tab) a refusal, so
    one application makes one organization."""
    _require(permissions.may_decide_applications(actor), _("Only the hub's administrator decides on applications."))
    application = _locked(application_id)
    APPLICATION.check(application.status, Status.APPROVED, error=ApplicationError)
    if application.organization_id:
        raise ApplicationError(_("This application already created its organization."), code="exists")
    try:
        with transaction.atomic():
            organization = _organization_from(application)
    except (ValidationError, IntegrityError) as exc:
        raise ApplicationError(
            _("The organization could not be created from this application: %(why)s")
            % {"why": " ".join(getattr(exc, "messages", [str(exc)]))},
            code="organization",
        ) from exc
    log_action(organization, "partners.organization.created", actor=actor, data={"application": application.id})
    user, created = _invite(application, organization, actor)
    application.organization = organization
    application.invited_user = user
    application.decided_at = timezone.now()
    application.decided_by = actor
    _move(
        application, Status.APPROVED, actor=actor, action="partners.application.approved", data={"organization": organization.id}
    )
    outbox.enqueue(tasks.email_applicant, application.id, "approved", None)
    outbox.enqueue(tasks.email_invitation, application.id, user.pk, created)
    return application


@transaction.atomic
def organization_publish(*, application_id: int, actor) -> Organization:
    """Shows an approved organization to the public, once its profile is complete."""
    _require(permissions.may_decide_applications(actor), _("Only the hub's administrator decides on applications."))
    application = _locked(application_id)
    organization = application.organization
    if application.status != Status.APPROVED or organization is None:
        raise ApplicationError(_("Only an approved application's organization can be published."), code="not_approved")
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.is_published:
        raise ApplicationError(_("The organization is already published."), code="published")
    gaps = profile_gaps(organization)
    if gaps:
        raise ApplicationError(
            _("The profile is not complete yet; it still needs %(gaps)s.") % {"gaps": ", ".join(gaps)}, code="incomplete"
        )
    Organization.objects.filter(pk=organization.pk).update(is_published=True)
    organization.is_published = True
    directory_services.directory_changed()
    log_action(organization, "partners.organization.published", actor=actor, data={"application": application.id})
    return organization


# -- the invited staff member -------------------------------------------------------------------


@transaction.atomic
def invitation_accept(*, user, password: str) -> None:
    """The invited person chose their password (already checked by the password validators):
    the link proved they read mail at this address, so the address counts as verified."""
    user.set_password(password)
    user.save(update_fields=["password"])
    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
    if not EmailAddress.objects.filter(user=user, email__iexact=user.email).exists():
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    application = Application.objects.filter(invited_user=user).order_by("-decided_at").first()
    log_action(application, "partners.invitation.accepted", actor=user, data={"user": user.pk})


# -- the administrator's criteria, and reads worth recording -----------------------------------


@transaction.atomic
def criterion_save(*, criterion: Criterion, actor) -> Criterion:
    _require(permissions.may_manage_criteria(actor), _("Only the hub's administrator sets the screening criteria."))
    if criterion.max_score < 1:
        raise ApplicationError({"max_score": [_("The highest score is at least 1.")]})
    criterion.full_clean()
    criterion.save()
    log_action(
        criterion,
        "partners.criterion.saved",
        actor=actor,
        data={"weight": criterion.weight, "max_score": criterion.max_score, "active": criterion.active},
    )
    return criterion


def document_opened(*, document: ApplicationDocument, actor) -> None:
    """Who opened which certificate (personal data of the contact person may be on it)."""
    log_action(
        document.application, "partners.document.opened", actor=actor, data={"document": document.id, "kind": document.kind}
    )
