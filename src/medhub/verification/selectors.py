"""Reads for verification: what of an organization expires when, and the renewals waiting."""

from __future__ import annotations

import dataclasses
import datetime

from django.db.models import Prefetch, Q
from django.utils import timezone

from medhub.directory.models import Accreditation, Organization
from medhub.verification import rules
from medhub.verification.models import Item, Renewal

SOON_DAYS = max(rules.REMINDER_DAYS)


@dataclasses.dataclass
class Watched:
    """One thing of an organization that expires: its registration, its insurance or one accreditation."""

    key: str  # "registration", "insurance", "accreditation-<id>"
    item: str  # Item value
    label: str
    expires_on: datetime.date | None
    today: datetime.date
    accreditation: Accreditation | None = None
    cover_krw: int | None = None
    minimum_cover_krw: int | None = None

    @property
    def days_left(self) -> int | None:
        return None if self.expires_on is None else (self.expires_on - self.today).days

    @property
    def state(self) -> str:
        """missing, expired, soon (within 90 days) or valid. The expiry date is the last valid day."""
        days = self.days_left
        if days is None:
            return "missing"
        if days < 0:
            return "expired"
        return "soon" if days <= SOON_DAYS else "valid"

    @property
    def below_minimum(self) -> bool:
        return self.minimum_cover_krw is not None and (self.cover_krw or 0) < self.minimum_cover_krw


def watched_items(org: Organization, today: datetime.date | None = None) -> list[Watched]:
    """What of ``org`` expires: registration (institutions and agencies; others when they have one),
    malpractice insurance (institutions) and each accreditation. Accreditations come from
    ``org.accreditations.all()`` (prefetch them for a list)."""
    today = today or timezone.localdate()
    items = []
    Kind = Organization.Kind
    if org.kind in (Kind.INSTITUTION, Kind.FACILITATOR) or org.registration_expires:
        items.append(Watched("registration", Item.REGISTRATION, str(Item.REGISTRATION.label), org.registration_expires, today))
    if org.kind == Kind.INSTITUTION or org.insurance_expires:
        items.append(
            Watched(
                "insurance",
                Item.INSURANCE,
                str(Item.INSURANCE.label),
                org.insurance_expires,
                today,
                cover_krw=org.insurance_cover_krw,
                minimum_cover_krw=rules.minimum_insurance_cover(org.institution_class),
            )
        )
    # Only the latest accreditation of each body is watched: an older one was renewed by it.
    latest: dict[str, Accreditation] = {}
    for accreditation in org.accreditations.all():
        kept = latest.get(accreditation.body)
        if kept is None or accreditation.valid_until > kept.valid_until:
            latest[accreditation.body] = accreditation
    for accreditation in sorted(latest.values(), key=lambda a: a.body):
        items.append(
            Watched(
                f"accreditation-{accreditation.pk}",
                Item.ACCREDITATION,
                accreditation.get_body_display(),
                accreditation.valid_until,
                today,
                accreditation=accreditation,
            )
        )
    return items


def organizations_with_accreditations(ids) -> list[Organization]:
    return list(
        Organization.objects.filter(pk__in=ids)
        .prefetch_related(Prefetch("accreditations", queryset=Accreditation.objects.order_by("body", "valid_until")))
        .order_by("slug")
    )


def renewals_of(organization_ids) -> list[Renewal]:
    return list(Renewal.objects.filter(organization_id__in=organization_ids).select_related("organization"))


def renewal_queue(state: str = Renewal.State.SUBMITTED):
    """The renewals for the hub administrator, oldest waiting first (any state when ``state`` is empty)."""
    queryset = Renewal.objects.select_related("organization", "submitted_by", "decided_by")
    if state:
        queryset = queryset.filter(state=state)
    return queryset.order_by("submitted_at", "id")


def cover_check(renewal: Renewal) -> dict | None:
    """For an insurance renewal: the legal minimum for the organization's class and whether the new
    cover meets it (None when no rule applies)."""
    if renewal.item != Item.INSURANCE:
        return None
    minimum = rules.minimum_insurance_cover(renewal.organization.institution_class)
    if minimum is None:
        return None
    shortfall = rules.insurance_cover_shortfall(renewal.organization.institution_class, renewal.insurance_cover_krw)
    return {"minimum_krw": minimum, "shortfall_krw": shortfall, "meets_minimum": shortfall == 0}


def expiring_across_hub(today: datetime.date | None = None, limit: int = 200) -> list[tuple[Organization, Watched]]:
    """For the hub administrator: every item of an organization (not held out by the registry) that
    expired or expires within 90 days, soonest first."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=SOON_DAYS)
    ids = (
        Organization.objects.filter(hold="")
        .filter(
            Q(registration_expires__lte=horizon) | Q(insurance_expires__lte=horizon) | Q(accreditations__valid_until__lte=horizon)
        )
        .values("pk")
    )
    found = [
        (org, watched)
        for org in organizations_with_accreditations(ids)
        for watched in watched_items(org, today)
        if watched.state in ("soon", "expired")
    ]
    found.sort(key=lambda pair: (pair[1].days_left, pair[0].slug))
    return found[:limit]


def beyond_registration_term(renewal: Renewal, today: datetime.date | None = None) -> bool:
    """A renewed registration said to run longer than the three-year term from today: worth a look."""
    today = today or timezone.localdate()
    return renewal.item == Item.REGISTRATION and renewal.expires_on > rules.registration_expiry(today)
