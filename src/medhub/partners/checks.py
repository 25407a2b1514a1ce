"""The automatic checks reviewers see beside an application, each a pure reading of what the
applicant sent (and of the hub's copy of the national registry): they inform the decision, they
never make it.

- registry: a medical institution or an agency must be registered and active (the registry
  lists no tourism services);
- legal minimums (DOMAIN.md): an institution's malpractice cover by class
  (``verification.rules.minimum_insurance_cover``); an agency's surety insurance and capital of
  at least ₩100M each;
- documents: every certificate its kind needs is there;
- expiry: registration (three-year term), insurance and surety still valid today;
- duplicates: not a partner already (registration number), no other open or approved
  application for the same body (name or registration number).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from medhub.core.formats import format_date_local
from medhub.core.money import format_amount
from medhub.directory.models import registration_expiry
from medhub.partners.models import Application, Kind
from medhub.registry.models import RegistryEntry
from medhub.registry.parsing import normalize
from medhub.verification.rules import minimum_insurance_cover

# A facilitator's surety insurance and paid-in capital (DOMAIN.md: ₩100M each).
AGENCY_MINIMUM_SURETY_KRW = 100_000_000
AGENCY_MINIMUM_CAPITAL_KRW = 100_000_000

PASS, FAIL, UNKNOWN, NOT_APPLICABLE = "pass", "fail", "unknown", "n/a"


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    outcome: str  # PASS, FAIL, UNKNOWN (cannot tell), NOT_APPLICABLE
    detail: str = ""

    @property
    def passed(self) -> bool:
        return self.outcome == PASS

    @property
    def failed(self) -> bool:
        return self.outcome == FAIL


# -- the registry ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RegistryMatch:
    available: bool  # the hub keeps a copy of the registry at all
    status: str = ""  # the entry's status ("" when none matched)
    status_label: str = ""
    matched_by: str = ""


def registry_lookup(application: Application) -> RegistryMatch:
    """The hub's registry entry for the applicant: the same kind and the same name (as typed or
    in Korean) and road address, both normalized as the registry import normalizes them (NFKC,
    white space collapsed). The registry file carries no registration number, so the number
    cannot match on its own. An active entry wins over a closed one of the same body."""
    if not RegistryEntry.objects.exists():
        return RegistryMatch(available=False)
    names = {normalize(application.name), normalize(application.name_ko)} - {""}
    entries = list(
        RegistryEntry.objects.filter(
            kind=application.kind, normalized_name__in=names, normalized_address=normalize(application.address)
        )[:5]
    )
    if not entries:
        return RegistryMatch(available=True)
    entries.sort(key=lambda entry: entry.status != RegistryEntry.Status.ACTIVE)
    return _match(entries[0], _("name and address"))


def _match(entry, how: str) -> RegistryMatch:
    status = str(getattr(entry, "status", "") or "")
    label = entry.get_status_display() if hasattr(entry, "get_status_display") else status
    return RegistryMatch(available=True, status=status, status_label=str(label), matched_by=str(how))


def _registry_check(application: Application) -> Check:
    label = _("Registered and active in the national registry")
    if application.kind not in (Kind.INSTITUTION, Kind.FACILITATOR):
        return Check("registry", label, NOT_APPLICABLE, _("The registry lists medical institutions and agencies only."))
    match = registry_lookup(application)
    if not match.available:
        return Check("registry", label, UNKNOWN, _("The hub has not imported the registry yet."))
    if not match.status:
        return Check("registry", label, FAIL, _("No entry of this kind with this name and road address."))
    if match.status != "active":
        return Check(
            "registry",
            label,
            FAIL,
            _("Found by %(how)s, but its status is “%(status)s”.") % {"how": match.matched_by, "status": match.status_label},
        )
    return Check("registry", label, PASS, _("Found by %(how)s, active.") % {"how": match.matched_by})


# -- the law's minimums, documents and dates --------------------------------------------------


def _minimum_checks(application: Application) -> list[Check]:
    checks = []
    if application.kind == Kind.INSTITUTION:
        label = _("Malpractice cover meets the legal minimum for its class")
        minimum = minimum_insurance_cover(application.institution_class)
        cover = application.insurance_cover_krw
        if minimum is None:
            checks.append(Check("insurance_minimum", label, UNKNOWN, _("No class given.")))
        elif cover is None:
            checks.append(Check("insurance_minimum", label, FAIL, _("No cover given.")))
        else:
            detail = _("%(cover)s given, at least %(minimum)s required for a %(class)s.") % {
                "cover": format_amount(cover, "KRW"),
                "minimum": format_amount(minimum, "KRW"),
                "class": application.get_institution_class_display(),
            }
            checks.append(Check("insurance_minimum", label, PASS if cover >= minimum else FAIL, detail))
    if application.kind == Kind.FACILITATOR:
        for code, label, amount, minimum in (
            (
                "surety_minimum",
                _("Surety insurance of at least the legal minimum"),
                application.surety_amount_krw,
                AGENCY_MINIMUM_SURETY_KRW,
            ),
            ("capital_minimum", _("Capital of at least the legal minimum"), application.capital_krw, AGENCY_MINIMUM_CAPITAL_KRW),
        ):
            if amount is None:
                checks.append(Check(code, label, FAIL, _("Not given.")))
            else:
                detail = _("%(amount)s given, at least %(minimum)s required.") % {
                    "amount": format_amount(amount, "KRW"),
                    "minimum": format_amount(minimum, "KRW"),
                }
                checks.append(Check(code, label, PASS if amount >= minimum else FAIL, detail))
    return checks


def _documents_check(application: Application, present: set[str]) -> Check:
    label = _("Every required document is there")
    missing = [kind for kind in application.required_documents() if kind not in present]
    if missing:
        from medhub.partners.models import DocumentKind

        names = ", ".join(str(DocumentKind(kind).label) for kind in missing)
        return Check("documents", label, FAIL, _("Missing: %(names)s.") % {"names": names})
    return Check("documents", label, PASS)


def _expiry_checks(application: Application, today: datetime.date) -> list[Check]:
    checks = []
    dated = []
    if application.kind in (Kind.INSTITUTION, Kind.FACILITATOR):
        expires = registration_expiry(application.registration_date) if application.registration_date else None
        dated.append(("registration_valid", _("Registration still valid (renewed every three years)"), expires))
    if application.kind == Kind.INSTITUTION:
        dated.append(("insurance_valid", _("Malpractice insurance not expired"), application.insurance_expires))
    if application.kind == Kind.FACILITATOR:
        dated.append(("surety_valid", _("Surety insurance not expired"), application.surety_expires))
    for code, label, day in dated:
        if day is None:
            checks.append(Check(code, label, FAIL, _("No date given.")))
        elif day < today:
            checks.append(Check(code, label, FAIL, _("Expired on %(day)s.") % {"day": format_date_local(day)}))
        else:
            checks.append(Check(code, label, PASS, _("Valid until %(day)s.") % {"day": format_date_local(day)}))
    return checks


def _duplicate_check(application: Application) -> Check:
    """Whether the body is a partner already, or has another application open or approved: the
    same registration number, or the same name (as typed or in Korean)."""
    from django.db.models import Q

    from medhub.directory.models import Organization
    from medhub.partners.models import OPEN_STATUSES, Status

    label = _("Not a partner already, and no other application")
    number = (application.registration_number or "").strip()
    names = [n for n in (application.name.strip(), application.name_ko.strip()) if n]
    same = Q()
    for name in names:
        same |= Q(name__iexact=name) | Q(name_ko__iexact=name)
    if number:
        same |= Q(registration_number=number)
    others = (
        Application.objects.filter(same, status__in=(*OPEN_STATUSES, Status.APPROVED))
        .exclude(pk=application.pk)
        .order_by("-submitted_at")
    )
    other = others.first() if names or number else None
    if other is not None:
        return Check(
            "duplicates",
            label,
            FAIL,
            _("Application %(reference)s (%(status)s) names the same body.")
            % {"reference": other.reference, "status": other.get_status_display()},
        )
    listed = Organization.objects.filter(kind=application.kind, registration_number=number)
    if number and listed.exclude(pk=application.organization_id).exists():
        return Check("duplicates", label, FAIL, _("An organization in the directory has this registration number."))
    return Check("duplicates", label, PASS)


def run_checks(application: Application, *, documents=None, today: datetime.date | None = None) -> list[Check]:
    """Every check for one application, in the order reviewers read them. ``documents`` are its
    documents when the caller already has them (no extra query)."""
    today = today or timezone.localdate()
    docs = application.documents.all() if documents is None else documents
    present = {d.kind for d in docs}
    return [
        _registry_check(application),
        *_minimum_checks(application),
        _documents_check(application, present),
        *_expiry_checks(application, today),
        _duplicate_check(application),
    ]
