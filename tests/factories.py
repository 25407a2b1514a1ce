"""Small builders for test data, in the words of the domain."""

import datetime
import itertools
import json
from pathlib import Path

from django.utils import timezone

from medhub.core.i18n import languages_to_db
from medhub.core.models import ExchangeRate, HubSettings
from medhub.directory.models import (
    Accreditation,
    District,
    Offering,
    Organization,
    Practitioner,
    Specialty,
)
from medhub.directory.services import directory_changed, organization_reindex

SPECIALTIES_JSON = Path(__file__).resolve().parent.parent / "src" / "medhub" / "directory" / "data" / "specialties.json"
_numbers = itertools.count(1)


def load_specialties() -> dict[str, Specialty]:
    rows = json.loads(SPECIALTIES_JSON.read_text(encoding="utf-8"))
    result = {}
    for position, row in enumerate(rows):
        result[row["code"]] = Specialty.objects.create(
            code=row["code"], name=row["name"], synonyms=row["synonyms"], description=row["description"], position=position
        )
    directory_changed()
    return result


def district(code: str = "seoha", **names) -> District:
    obj = District.objects.create(code=code, name=names or {"ko": "서하구", "en": "Seoha-gu"}, lat=37.55, lng=126.9)
    directory_changed()
    return obj


def hub(**fields) -> HubSettings:
    defaults = {
        "name": {"ko": "한빛 의료관광 지원센터", "en": "Hanbit Medical Tourism Support Center"},
        "region": {"ko": "한빛시", "en": "Hanbit City"},
        "tagline": {"ko": "외국인 환자를 위한 안내", "en": "Care for international patients"},
        "default_currency": "USD",
    }
    return HubSettings.objects.create(pk=1, **{**defaults, **fields})


def rate(currency: str = "USD", krw: str = "1400", as_of: datetime.date | None = None) -> ExchangeRate:
    return ExchangeRate.objects.create(currency=currency, krw_per_unit=krw, as_of=as_of or datetime.date(2026, 11, 20))


def institution(
    *,
    name: dict,
    specialties: list[Specialty],
    district: District | None = None,
    institution_class: str = "clinic",
    languages: tuple[str, ...] = ("ko", "en"),
    registered_days_ago: int = 100,
    slug: str | None = None,
    **extra,
) -> Organization:
    today = timezone.localdate()
    registered = today - datetime.timedelta(days=registered_days_ago)
    org = Organization.objects.create(
        kind=Organization.Kind.INSTITUTION,
        slug=slug or f"institution-{next(_numbers)}",
        name=name,
        description=extra.pop("description", {"en": "A test institution."}),
        institution_class=institution_class,
        registration_number=f"T-{next(_numbers):05d}",
        registration_date=registered,
        registration_expires=registered + datetime.timedelta(days=3 * 365),
        insurance_cover_krw=100_000_000,
        insurance_expires=today + datetime.timedelta(days=200),
        languages=languages_to_db(languages),
        district=district,
        lat=37.55 if district else None,
        lng=126.9 if district else None,
        **extra,
    )
    org.specialties.set(specialties)
    organization_reindex(organization=org)
    return org


def accreditation(org: Organization, body: str = "kahf", *, expired: bool = False) -> Accreditation:
    today = timezone.localdate()
    start = today - datetime.timedelta(days=2000 if expired else 100)
    return Accreditation.objects.create(
        organization=org,
        body=body,
        valid_from=start,
        valid_until=start + datetime.timedelta(days=4 * 365 if not expired else 365),
    )


def offering(
    org: Organization, specialty: Specialty, *, low: int = 100_000, high: int = 300_000, kind: str = "procedure", **extra
) -> Offering:
    directory_changed()
    return Offering.objects.create(
        organization=org,
        specialty=specialty,
        kind=kind,
        slug=extra.pop("slug", f"offering-{next(_numbers)}"),
        name=extra.pop("name", {"en": "Laser toning", "ko": "레이저 토닝"}),
        included=extra.pop("included", {"en": ["Consultation"], "ko": ["상담"]}),
        excluded=extra.pop("excluded", {"en": ["Airfare"], "ko": ["항공료"]}),
        price_min_krw=low,
        price_max_krw=high,
        stay_days=extra.pop("stay_days", 1),
        recovery_days=extra.pop("recovery_days", 2),
        **extra,
    )


def practitioner(org: Organization, specialty: Specialty, **extra) -> Practitioner:
    return Practitioner.objects.create(
        organization=org,
        specialty=specialty,
        name=extra.pop("name", {"en": "Dr. Kim Seo-yeon", "ko": "김서연 원장"}),
        languages=languages_to_db(extra.pop("languages", ["ko", "en"])),
        **extra,
    )


def partner(kind: str = "hotel", *, district: District | None = None, **extra) -> Organization:
    org = Organization.objects.create(
        kind=kind,
        slug=extra.pop("slug", f"{kind}-{next(_numbers)}"),
        name=extra.pop("name", {"en": "Maru Stay", "ko": "마루 스테이"}),
        offer=extra.pop("offer", {"en": "15% off for patients", "ko": "환자 15% 할인"}),
        district=district,
        lat=37.551 if district else None,
        lng=126.901 if district else None,
        **extra,
    )
    organization_reindex(organization=org)
    return org
