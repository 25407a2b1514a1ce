"""Writes for verification: the daily watch that reminds organizations of what expires, and the
renewals their staff send and the hub administrator confirms or rejects."""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from medhub.accounts.models import ORGANIZATION_ROLES, Membership, Role, User
from medhub.core.audit import log_action
from medhub.directory.models import Accreditation, Organization
from medhub.directory.services import directory_changed
from medhub.notifications.services import notify
from medhub.verification import rules, selectors
from medhub.verification.models import Item, Reminder, Renewal
from medhub.verification.uploads import check_certificate
from medhub.verification.workflow import RENEWAL

logger = logging.getLogger(__name__)

# A renewed certificate runs for years, not decades: a later date is a typing mistake.
MAX_YEARS_AHEAD = 10


class VerificationError(ValidationError):
    """A renewal that cannot be sent or decided as asked; the message says why, in the user's language."""


# -- the watch ------------------------------------------------------------------------------------


def due_threshold(days_left: int | None) -> int | None:
    """Which reminder an item ``days_left`` days before its expiry is due for: the nearest threshold
    it has reached (7 before 30 before 90), 0 once it has expired, None when none is due. An item first
    seen 5 days before expiry gets the 7-day reminder only, not the 90- and 30-day ones as well."""
    if days_left is None:
        return None
    if days_left < 0:
        return 0
    for threshold in sorted(rules.REMINDER_DAYS):
        if days_left <= threshold:
            return threshold
    return None


def hub_admins() -> list[User]:
    return list(User.objects.filter(is_active=True, memberships__role=Role.HUB_ADMIN).distinct().order_by("pk"))


def _staff_by_organization(organization_ids) -> dict[int, list[User]]:
    found: dict[int, list[User]] = {}
    memberships = Membership.objects.filter(
        organization_id__in=organization_ids, role__in=ORGANIZATION_ROLES, user__is_active=True
    ).select_related("user")
    for membership in memberships.order_by("user_id"):
        people = found.setdefault(membership.organization_id, [])
        if all(person.pk != membership.user_id for person in people):
            people.append(membership.user)
    return found


def _staff_link(user) -> str:
    return reverse("verification")


def _admin_link(user) -> str:
    return reverse("verification-queue")


def _remind(org: Organization, watched: selectors.Watched, threshold: int, staff: list[User], admins: list[User]) -> bool:
    """Writes the reminder and tells everyone concerned, in one transaction: written once, sent once."""
    if Reminder.objects.filter(
        organization=org, item_key=watched.key, threshold=threshold, expires_on=watched.expires_on
    ).exists():
        return False
    recipients = list(staff) + [admin for admin in admins if all(admin.pk != person.pk for person in staff)]
    kind = "verification.expired" if threshold == 0 else "verification.expiring"
    context = {
        "organization": org,
        "item": watched.item,
        "accreditation": watched.accreditation,
        "expires_on": watched.expires_on,
        "days_left": watched.days_left,
    }
    try:
        with transaction.atomic():
            Reminder.objects.create(
                organization=org,
                item_key=watched.key,
                threshold=threshold,
                expires_on=watched.expires_on,
                recipients=len(recipients),
            )
            for user in recipients:
                notify(user, kind, context, link=_staff_link if user in staff else _admin_link)
            log_action(
                org,
                "verification.reminder.sent",
                data={
                    "item": watched.key,
                    "threshold": threshold,
                    "expires_on": watched.expires_on.isoformat(),
                    "recipients": len(recipients),
                },
            )
    except IntegrityError:
        # Another run wrote the same reminder between the check and the insert: it sent it.
        return False
    return True


def watch(today: datetime.date | None = None, *, organization_ids=None) -> int:
    """The daily watch: for every organization not held out by the registry, the reminder each of its
    expiring items is due for (90, 30 and 7 days before, and the notice once expired), each sent once
    per organization, item, threshold and expiry date (``organization_ids`` limits it to some). Returns
    how many reminders were sent. One organization's failure is logged and the others are still watched."""
    today = today or timezone.localdate()
    watched = Organization.objects.filter(hold="")
    if organization_ids is not None:
        watched = watched.filter(pk__in=organization_ids)
    organizations = selectors.organizations_with_accreditations(watched.values("pk"))
    staff = _staff_by_organization([org.pk for org in organizations])
    admins = hub_admins()
    sent = 0
    for org in organizations:
        for watched in selectors.watched_items(org, today):
            threshold = due_threshold(watched.days_left)
            if threshold is None:
                continue
            try:
                sent += _remind(org, watched, threshold, staff.get(org.pk, []), admins)
            except Exception:
                logger.exception("verification: reminder for %s %s failed", org.slug, watched.key)
    return sent


# -- renewals -------------------------------------------------------------------------------------


def _check_renewal(org: Organization, item: str, expires_on, cover_krw, body: str, today: datetime.date) -> None:
    if item not in Item.values:
        raise VerificationError(_("Choose what you renew: the registration, the insurance or an accreditation."))
    if item in (Item.INSURANCE, Item.ACCREDITATION) and org.kind != Organization.Kind.INSTITUTION:
        raise VerificationError(_("Only a medical institution renews a malpractice insurance or an accreditation."))
    if expires_on is None:
        raise VerificationError(_("Give the date the renewed certificate is valid until."))
    if expires_on <= today:
        raise VerificationError(_("The renewed certificate must be valid after today."))
    if expires_on.year > today.year + MAX_YEARS_AHEAD:
        raise VerificationError(
            _("A certificate valid for more than %(years)d years is unlikely; check the date.") % {"years": MAX_YEARS_AHEAD}
        )
    if item == Item.INSURANCE and not cover_krw:
        raise VerificationError(_("Give the insurance's annual cover in won."))
    if item == Item.ACCREDITATION and body not in Accreditation.Body.values:
        raise VerificationError(_("Choose the accrediting body."))


@transaction.atomic
def renewal_submit(
    *,
    organization_id: int,
    actor,
    item: str,
    upload,
    expires_on: datetime.date | None,
    cover_krw: int | None = None,
    body: str = "",
    certificate_number: str = "",
) -> Renewal:
    """A staff member sends the renewed certificate of their organization; the hub administrators are told."""
    org = Organization.objects.select_for_update().get(pk=organization_id)
    today = timezone.localdate()
    body = body if item == Item.ACCREDITATION else ""
    _check_renewal(org, item, expires_on, cover_krw, body, today)
    if upload is None:
        raise VerificationError(_("Attach the renewed certificate (PDF, JPEG or PNG)."))
    if Renewal.objects.filter(organization=org, item=item, accreditation_body=body, state=Renewal.State.SUBMITTED).exists():
        raise VerificationError(_("A renewal of this is already waiting for the hub's confirmation."))
    upload, content_type, checksum = check_certificate(upload)
    renewal = Renewal(
        organization=org,
        item=item,
        expires_on=expires_on,
        insurance_cover_krw=cover_krw if item == Item.INSURANCE else None,
        accreditation_body=body,
        certificate_number=(certificate_number or "").strip()[:60],
        original_name=upload.name,
        content_type=content_type,
        size=upload.size,
        checksum=checksum,
        submitted_by=actor,
    )
    renewal.file.save(upload.name, upload, save=False)
    renewal.save()
    log_action(
        renewal,
        "verification.renewal.submitted",
        actor=actor,
        data={"organization": org.pk, "item": item, "expires_on": expires_on.isoformat(), "body": body},
    )
    context = {"organization": org, "renewal": renewal, "cover_check": selectors.cover_check(renewal)}
    for admin in hub_admins():
        notify(admin, "verification.renewal_submitted", context, link=_admin_link)
    return renewal


def _decidable(renewal_id: int) -> Renewal:
    # Only the renewal's row is locked: its sender may be gone (a nullable, outer-joined row).
    renewal = (
        Renewal.objects.select_for_update(of=("self",))
        .select_related("organization", "submitted_by")
        .filter(pk=renewal_id)
        .first()
    )
    if renewal is None:
        raise VerificationError(_("There is no such renewal."))
    if RENEWAL.is_final(renewal.state):
        raise VerificationError(_("This renewal has already been decided."))
    return renewal


def _apply(renewal: Renewal, today: datetime.date) -> dict:
    """Moves the organization's dates (and cover) to the renewed certificate's; returns what was before."""
    org = Organization.objects.select_for_update().get(pk=renewal.organization_id)
    if renewal.item == Item.REGISTRATION:
        before = {"registration_expires": org.registration_expires}
        org.registration_expires = renewal.expires_on
        org.save(update_fields=["registration_expires", "updated_at"])
    elif renewal.item == Item.INSURANCE:
        before = {"insurance_expires": org.insurance_expires, "insurance_cover_krw": org.insurance_cover_krw}
        org.insurance_expires = renewal.expires_on
        org.insurance_cover_krw = renewal.insurance_cover_krw
        org.save(update_fields=["insurance_expires", "insurance_cover_krw", "updated_at"])
    else:
        accreditation = org.accreditations.filter(body=renewal.accreditation_body).order_by("-valid_until").first()
        if accreditation is None:
            before = {"valid_until": None}
            accreditation = Accreditation(organization=org, body=renewal.accreditation_body, valid_from=today)
        else:
            before = {"valid_until": accreditation.valid_until}
        accreditation.valid_until = renewal.expires_on
        if renewal.certificate_number:
            accreditation.certificate_number = renewal.certificate_number
        accreditation.save()
    renewal.organization = org
    return {key: value.isoformat() if isinstance(value, datetime.date) else value for key, value in before.items()}


@transaction.atomic
def renewal_confirm(*, renewal_id: int, actor) -> Renewal:
    """The hub administrator confirms a renewed certificate: the organization's dates move, search and
    matching see it at once, and the sender is told."""
    renewal = _decidable(renewal_id)
    before = _apply(renewal, timezone.localdate())
    RENEWAL.move(renewal, Renewal.State.CONFIRMED, field="state", error=VerificationError)
    renewal.decided_by = actor
    renewal.decided_at = timezone.now()
    renewal.save(update_fields=["state", "decided_by", "decided_at"])
    directory_changed()
    check = selectors.cover_check(renewal)
    log_action(
        renewal,
        "verification.renewal.confirmed",
        actor=actor,
        data={
            "organization": renewal.organization_id,
            "item": renewal.item,
            "before": before,
            "expires_on": renewal.expires_on.isoformat(),
            "below_minimum_cover": bool(check and not check["meets_minimum"]),
        },
    )
    if renewal.submitted_by is not None:
        notify(renewal.submitted_by, "verification.renewal_confirmed", {"renewal": renewal}, link=_staff_link)
    return renewal


@transaction.atomic
def renewal_reject(*, renewal_id: int, actor, reason: str) -> Renewal:
    """The hub administrator refuses a renewed certificate with a reason the sender reads."""
    reason = (reason or "").strip()
    if not reason:
        raise VerificationError(_("Say why the certificate is rejected: the organization reads it."))
    renewal = _decidable(renewal_id)
    RENEWAL.move(renewal, Renewal.State.REJECTED, field="state", error=VerificationError)
    renewal.decided_by = actor
    renewal.decided_at = timezone.now()
    renewal.reason = reason[:2000]
    renewal.save(update_fields=["state", "decided_by", "decided_at", "reason"])
    log_action(
        renewal,
        "verification.renewal.rejected",
        actor=actor,
        data={"organization": renewal.organization_id, "item": renewal.item},
    )
    if renewal.submitted_by is not None:
        notify(
            renewal.submitted_by,
            "verification.renewal_rejected",
            {"renewal": renewal, "reason": renewal.reason},
            link=_staff_link,
        )
    return renewal
