"""Builds the fictional demo hub (and, with a scale, a large directory for benchmarks).

Everything here is invented: the city of Hanbit, its districts, institutions, doctors and
partners. Content comes from the JSON files in ``data/`` in Korean, English, Chinese,
Japanese, Russian, Mongolian and Arabic; specialties are complete in every language.
"""

import datetime
import json
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone

from medhub.accounts.models import Membership, Role, User
from medhub.cases.models import Case
from medhub.core.i18n import languages_to_db
from medhub.core.models import ExchangeRate, HubSettings
from medhub.core.phones import to_e164
from medhub.core.selectors import clear_caches
from medhub.demo.cases import build_demo_cases
from medhub.demo.council_council import build_demo_council
from medhub.demo.council_evaluation import build_demo_evaluation
from medhub.demo.interpreting import build_demo_interpreting
from medhub.demo.photos import build_demo_photos, clear_demo_photos
from medhub.demo.travel import build_demo_travel, create_travel_case, travel_institution
from medhub.demo.trust_complaints import build_demo_complaints, clear_demo_complaints
from medhub.demo.trust_feedback import build_demo_feedback
from medhub.demo.trust_partners import build_demo_partners
from medhub.demo.trust_registry import build_demo_registry
from medhub.demo.trust_verification import build_demo_verification
from medhub.directory.models import (
    Accreditation,
    District,
    Offering,
    Organization,
    Practitioner,
    Specialty,
    codes_to_db,
    registration_expiry,
)
from medhub.directory.services import directory_changed, organization_search_text
from medhub.interpreting.models import InterpreterBooking, SubsidyClaim
from medhub.scheduling.models import Appointment, Slot
from medhub.travel.models import Pickup, Room, SensitiveAccess, Stay

DATA = Path(__file__).resolve().parent / "data"
# The specialties are the directory's own reference data, not demo content.
SPECIALTIES = Path(__file__).resolve().parent.parent / "directory" / "data" / "specialties.json"
CONTENT_LANGUAGES = ("ko", "en", "zh-hans", "ja", "ru", "mn", "ar")
CLASS_WEIGHTS = [
    (Organization.InstitutionClass.CLINIC, 60),
    (Organization.InstitutionClass.HOSPITAL, 25),
    (Organization.InstitutionClass.GENERAL_HOSPITAL, 10),
    (Organization.InstitutionClass.TERTIARY_HOSPITAL, 5),
]
# Illustrative rates for the demo only; a real hub loads the day's rates.
DEMO_RATES = {
    "USD": "1385.50",
    "EUR": "1497.20",
    "JPY": "9.2500",
    "CNY": "192.40",
    "RUB": "17.10",
    "MNT": "0.4100",
    "KZT": "2.8000",
    "VND": "0.0545",
    "THB": "40.10",
    "AED": "377.20",
}
DEMO_RATE_DATE = datetime.date(2026, 11, 20)
FACILITATOR_PATTERN = {
    "ko": "{brand} 메디컬 트래블",
    "en": "{brand} Medical Travel",
    "zh-hans": "{brand}医疗旅行",
    "ja": "{brand}メディカルトラベル",
    "ru": "{brand} Медикал Тревел",
    "mn": "{brand} Медикал Травел",
    "ar": "{brand} للسياحة العلاجية",
}


def load_json(name: str | Path):
    with open(DATA / name, encoding="utf-8") as handle:
        return json.load(handle)


def fill(pattern: dict, **values) -> dict:
    """Formats a translated pattern in every language, with each value in the same language."""
    out = {}
    for lang, text in pattern.items():
        out[lang] = text.format(
            **{k: (v.get(lang) or v.get("en") or "") if isinstance(v, dict) else v for k, v in values.items()}
        )
    return out


@dataclass
class DemoSummary:
    institutions: int
    offerings: int
    practitioners: int
    partners: int
    facilitators: int
    logins: list[tuple[str, str, str]]


class DemoBuilder:
    def __init__(self, *, institutions: int = 60, offerings_per_institution: int = 5, seed: int = 2026):
        self.count = institutions
        self.per_institution = offerings_per_institution
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.world = load_json("demo_world.json")
        self.catalog = load_json("demo_offerings.json")
        self.specialty_rows = load_json(SPECIALTIES)

    # -- reference data -------------------------------------------------------------------

    def hub(self) -> None:
        hub = HubSettings.objects.order_by("pk").first() or HubSettings(pk=1)
        hub.name = self.world["hub"]["name"]
        hub.region = self.world["hub"]["region"]
        hub.tagline = self.world["hub"]["tagline"]
        hub.languages = [code for code, _name in settings.LANGUAGES]
        hub.default_language = "ko"
        hub.default_currency = "USD"
        hub.contact_email = "help@hanbit-hub.example"
        hub.contact_phone = "+82-2-2000-1000"  # fictional; checked like any phone number
        hub.emergency_phone = "+82-10-2000-1119"
        hub.address = fill(dict.fromkeys(CONTENT_LANGUAGES, "{d}"), d=self.world["districts"][0]["name"])
        hub.full_clean()
        hub.save()
        for currency, rate in DEMO_RATES.items():
            ExchangeRate.objects.update_or_create(
                currency=currency,
                as_of=DEMO_RATE_DATE,
                defaults={"krw_per_unit": Decimal(rate), "source": "medhub demo (illustrative rates)"},
            )

    def specialties(self) -> list[Specialty]:
        rows = []
        for position, row in enumerate(self.specialty_rows):
            specialty, _created = Specialty.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "synonyms": row["synonyms"],
                    "description": row["description"],
                    "position": position,
                },
            )
            rows.append(specialty)
        return rows

    def districts(self) -> list[District]:
        return [
            District.objects.update_or_create(code=d["code"], defaults={"name": d["name"], "lat": d["lat"], "lng": d["lng"]})[0]
            for d in self.world["districts"]
        ]

    # -- organizations ----------------------------------------------------------------------

    def _address(self, district: District) -> dict:
        street = self.rng.choice(self.world["streets"])
        return fill(self.world["street_patterns"], n=str(self.rng.randint(1, 480)), street=street, district=district.name)

    def _place(self, district: District) -> tuple[float, float]:
        return (
            round(district.lat + self.rng.uniform(-0.015, 0.015), 6),
            round(district.lng + self.rng.uniform(-0.02, 0.02), 6),
        )

    def _languages(self) -> str:
        others = ["zh-hans", "ja", "ru", "mn", "kk", "vi", "th", "ar"]
        return languages_to_db(["ko", "en", *self.rng.sample(others, self.rng.randint(1, 5))])

    def _institution(
        self, index: int, specialties: list[Specialty], districts: list[District]
    ) -> tuple[Organization, list[Specialty]]:
        rng = self.rng
        klass = rng.choices([c for c, _w in CLASS_WEIGHTS], weights=[w for _c, w in CLASS_WEIGHTS])[0]
        primary = specialties[index % len(specialties)]
        # Clinics keep to one specialty (as their names say); hospitals treat several.
        extra_count = {"clinic": 0, "hospital": rng.randint(1, 2)}.get(klass, rng.randint(4, 8))
        chosen = [primary, *rng.sample([s for s in specialties if s != primary], extra_count)]
        brand = self.world["brands"][index % len(self.world["brands"])]
        district = districts[index % len(districts)]
        name = fill(self.world["institution_patterns"][klass][primary.code], brand=brand["name"])
        if index >= len(self.world["brands"]):
            # Large directories reuse brand words; a branch number keeps names apart.
            branch = index // len(self.world["brands"]) + 1
            name = {lang: f"{text} {branch}" for lang, text in name.items()}
        registered = self.today - datetime.timedelta(days=rng.randint(30, 3 * 365 - 30))
        # A few registrations lapsed: they stay in the directory but are not listed publicly.
        if index % 29 == 28:
            registered = self.today - datetime.timedelta(days=3 * 365 + rng.randint(5, 200))
        cover = 200_000_000 if klass in ("general-hospital", "tertiary-hospital") else 100_000_000
        lat, lng = self._place(district)
        specialty_names = {lang: ", ".join((s.name.get(lang) or s.name["en"]) for s in chosen[:3]) for lang in CONTENT_LANGUAGES}
        description = fill(self.world["institution_description"], name=name, specialties=specialty_names, district=district.name)
        org = Organization(
            kind=Organization.Kind.INSTITUTION,
            slug=f"{brand['key']}-{primary.code}-{index + 1}",
            name=name,
            description=description,
            institution_class=klass,
            registration_number=f"HB-{registered.year}-{index + 1:05d}",
            registration_date=registered,
            registration_expires=registration_expiry(registered),
            insurance_cover_krw=cover,
            insurance_expires=self.today + datetime.timedelta(days=rng.randint(-20, 360)),
            languages=self._languages(),
            address=self._address(district),
            district=district,
            lat=lat,
            lng=lng,
            phone=to_e164(f"+82-2-{rng.randint(2000, 9999)}-{rng.randint(1000, 9999)}"),  # stored as +822…
        )
        org.search_text = organization_search_text(org)
        org.specialty_codes = codes_to_db(s.code for s in chosen)
        return org, chosen

    def _offerings(self, org: Organization, chosen: list[Specialty], specialty_by_code: dict[str, Specialty]) -> list[Offering]:
        templates = [(s, t) for s in chosen for t in self.catalog[s.code]]
        primary_templates = [(s, t) for s, t in templates if s == chosen[0]]
        others = [pair for pair in templates if pair[0] != chosen[0]]
        self.rng.shuffle(others)
        picked = (primary_templates[: max(3, self.per_institution - len(others))] + others)[: self.per_institution]
        if len(picked) < self.per_institution:
            picked += self.rng.sample(primary_templates, min(len(primary_templates), self.per_institution - len(picked)))
        result = []
        for number, (specialty, template) in enumerate(picked, start=1):
            factor = self.rng.uniform(0.85, 1.2)
            low = max(10_000, round(template["price_min_krw"] * factor / 10_000) * 10_000)
            high = max(low, round(template["price_max_krw"] * factor / 10_000) * 10_000)
            result.append(
                Offering(
                    organization=org,
                    kind=template["kind"],
                    specialty=specialty,
                    slug=f"{org.slug}-{template['key']}-{number}",
                    name=template["name"],
                    description=template["description"],
                    included=template["included"],
                    excluded=template["excluded"],
                    price_min_krw=low,
                    price_max_krw=high,
                    stay_days=template["stay_days"],
                    recovery_days=template["recovery_days"],
                )
            )
        return result

    def _practitioners(self, org: Organization, chosen: list[Specialty]) -> list[Practitioner]:
        names = self.world["practitioners"]
        result = []
        for number in range(self.rng.randint(1, 4)):
            surname, given = self.rng.choice(names["surnames"]), self.rng.choice(names["given"])
            full = {}
            for lang in CONTENT_LANGUAGES:
                if lang == "en":
                    full[lang] = f"{surname['latin']} {given['latin']}"
                elif lang in ("ko", "zh-hans"):
                    full[lang] = f"{surname[lang]}{given[lang]}"
                else:
                    full[lang] = f"{surname[lang]} {given[lang]}"
            result.append(
                Practitioner(
                    organization=org,
                    name=fill(names["title"], name=full),
                    title={},
                    specialty=chosen[number % len(chosen)],
                    languages=languages_to_db(
                        ["ko", "en", *self.rng.sample(["zh-hans", "ja", "ru", "mn", "ar"], self.rng.randint(0, 2))]
                    ),
                )
            )
        return result

    def _accreditations(self, org: Organization, index: int) -> list[Accreditation]:
        result = []
        if index % 5 == 0:
            start = self.today - datetime.timedelta(days=self.rng.randint(30, 1200))
            result.append(
                Accreditation(
                    organization=org,
                    body="kahf",
                    certificate_number=f"KAHF-{index:05d}",
                    valid_from=start,
                    valid_until=start + datetime.timedelta(days=4 * 365),
                )
            )
        if index % 9 == 0:
            start = self.today - datetime.timedelta(days=self.rng.randint(30, 1500))
            result.append(
                Accreditation(
                    organization=org,
                    body="jci",
                    certificate_number=f"JCI-{index:05d}",
                    valid_from=start,
                    valid_until=start + datetime.timedelta(days=3 * 365),
                )
            )
        return result

    def _partners(self, districts: list[District], per_kind: int) -> list[Organization]:
        result = []
        for kind, entries in self.world["partners"].items():
            for number in range(per_kind):
                entry = entries[number % len(entries)]
                district = districts[number % len(districts)]
                lat, lng = self._place(district)
                name = (
                    entry["name"]
                    if number < len(entries)
                    else {k: f"{v} {number // len(entries) + 1}" for k, v in entry["name"].items()}
                )
                org = Organization(
                    kind=kind,
                    slug=f"{kind}-{number + 1}",
                    name=name,
                    description=entry["description"],
                    offer=entry["offer"],
                    languages=self._languages(),
                    address=self._address(district),
                    district=district,
                    lat=lat,
                    lng=lng,
                    phone=to_e164(f"+82-2-{self.rng.randint(2000, 9999)}-{self.rng.randint(1000, 9999)}"),
                )
                org.search_text = organization_search_text(org)
                result.append(org)
        return result

    def _facilitators(self, districts: list[District], count: int) -> list[Organization]:
        result = []
        for number in range(count):
            brand = self.world["brands"][-(number + 1)]
            district = districts[number % len(districts)]
            registered = self.today - datetime.timedelta(days=self.rng.randint(30, 900))
            name = fill(FACILITATOR_PATTERN, brand=brand["name"])
            org = Organization(
                kind=Organization.Kind.FACILITATOR,
                slug=f"facilitator-{brand['key']}-{number + 1}",
                name=name,
                registration_number=f"HBF-{registered.year}-{number + 1:04d}",
                registration_date=registered,
                registration_expires=registration_expiry(registered),
                languages=self._languages(),
                address=self._address(district),
                district=district,
            )
            org.search_text = organization_search_text(org)
            result.append(org)
        return result

    # -- people -----------------------------------------------------------------------------

    def users(
        self, *, institution: Organization, facilitator: Organization, partner: Organization, transport: Organization
    ) -> list[tuple[str, str, str]]:
        password = settings.MEDHUB_DEMO_PASSWORD
        hashed = make_password(password)  # hashing is slow on purpose: do it once for all
        people = [
            ("admin", Role.HUB_ADMIN, None, "ko"),
            ("coordinator", Role.COORDINATOR, None, "ko"),
            ("provider", Role.PROVIDER_STAFF, institution, "ko"),
            ("facilitator", Role.FACILITATOR_STAFF, facilitator, "ru"),
            ("partner", Role.PARTNER_STAFF, partner, "ko"),
            ("transport", Role.PARTNER_STAFF, transport, "ko"),
            ("interpreter", Role.INTERPRETER, None, "ru"),
            ("patient", Role.PATIENT, None, "mn"),
        ]
        logins = []
        for username, role, organization, language in people:
            user, _created = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@demo.medhub.example", "preferred_language": language}
            )
            user.is_staff = role == Role.HUB_ADMIN
            user.is_superuser = role == Role.HUB_ADMIN
            user.password = hashed
            user.save()
            Membership.objects.get_or_create(user=user, role=role, organization=organization)
            EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
            if role != Role.PATIENT and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                # Staff need TOTP; demo staff share one published secret (see README).
                TOTP.activate(user, settings.MEDHUB_DEMO_TOTP_SECRET)
            logins.append((str(role.label), username, password))
        return logins

    # -- all of it --------------------------------------------------------------------------

    @transaction.atomic
    def build(self) -> DemoSummary:
        self.hub()
        specialties = self.specialties()
        specialty_by_code = {s.code: s for s in specialties}
        districts = self.districts()
        batch = 1000
        totals = {"institutions": 0, "offerings": 0, "practitioners": 0}
        for start in range(0, self.count, batch):
            pairs = [self._institution(i, specialties, districts) for i in range(start, min(start + batch, self.count))]
            orgs = Organization.objects.bulk_create([org for org, _chosen in pairs], batch_size=batch)
            through = Organization.specialties.through
            through.objects.bulk_create(
                [
                    through(organization_id=org.id, specialty_id=s.id)
                    for org, (_o, chosen) in zip(orgs, pairs, strict=True)
                    for s in chosen
                ],
                batch_size=5000,
            )
            offerings, practitioners, accreditations = [], [], []
            for offset, (org, (_o, chosen)) in enumerate(zip(orgs, pairs, strict=True)):
                offerings += self._offerings(org, chosen, specialty_by_code)
                practitioners += self._practitioners(org, chosen)
                accreditations += self._accreditations(org, start + offset)
            # Batches stay under PostgreSQL's 65,535 parameters per statement.
            Offering.objects.bulk_create(offerings, batch_size=2000)
            Practitioner.objects.bulk_create(practitioners, batch_size=5000)
            Accreditation.objects.bulk_create(accreditations, batch_size=5000)
            totals["institutions"] += len(orgs)
            totals["offerings"] += len(offerings)
            totals["practitioners"] += len(practitioners)
        partners = Organization.objects.bulk_create(self._partners(districts, per_kind=max(8, self.count // 250)))
        facilitators = Organization.objects.bulk_create(self._facilitators(districts, count=6))
        transport = next(p for p in partners if p.kind == Organization.Kind.TRANSPORT)
        # The demo provider works at the institution the product itself recommends for the
        # demo trip's case, so sharing that case with it passes the same check as on the page.
        directory_changed()
        trip_case = create_travel_case()
        institution = travel_institution(trip_case)
        logins = self.users(institution=institution, facilitator=facilitators[0], partner=partners[0], transport=transport)
        coordinator = User.objects.get(username="coordinator")
        build_demo_cases(coordinator=coordinator)
        build_demo_interpreting(interpreter_user=User.objects.get(username="interpreter"))
        build_demo_travel(
            case=trip_case,
            coordinator=coordinator,
            patient=User.objects.get(username="patient"),
            provider=User.objects.get(username="provider"),
            institution=institution,
            interpreter_user=User.objects.get(username="interpreter"),
        )
        build_demo_photos()
        build_demo_registry()
        build_demo_verification()
        build_demo_partners()
        build_demo_complaints()
        build_demo_feedback()
        build_demo_council()
        build_demo_evaluation()
        directory_changed()
        transaction.on_commit(clear_caches)
        return DemoSummary(
            institutions=totals["institutions"],
            offerings=totals["offerings"],
            practitioners=totals["practitioners"],
            partners=len(partners),
            facilitators=len(facilitators),
            logins=logins,
        )


def demo_exists() -> bool:
    return Organization.objects.filter(kind=Organization.Kind.INSTITUTION).exists()


# The demo rows of the hub's own work, most dependent first (several hold an organization, a
# complaint or a person with PROTECT). Seeded rows (the council's divisions and committees) stay.
HUB_WORK = [
    "evaluation.Award",
    "evaluation.Result",
    "evaluation.CommitteeScore",
    "evaluation.Figure",
    "evaluation.Criterion",
    "evaluation.Round",
    "council.Receipt",
    "council.Announcement",
    "council.Participant",
    "council.Vote",
    "council.Decision",
    "council.ActionItem",
    "council.MeetingDocument",
    "council.Invitation",
    "council.Meeting",
    "council.Mediation",
    "council.Seat",
    "council.Member",
    "partners.Score",
    "partners.Review",
    "partners.InfoRequest",
    "partners.ApplicationDocument",
    "partners.Application",
    "registry.RegistryEntry",
    "registry.ImportJob",
    "verification.Reminder",
    "verification.Renewal",
]


@transaction.atomic
def demo_clear() -> None:
    from django.apps import apps

    from medhub.feedback.models import Feedback

    for label in HUB_WORK:
        model = apps.get_model(label)
        for field in model._meta.fields:
            if isinstance(field, models.FileField):  # the stored files go with their rows
                for row in model.objects.exclude(**{field.name: ""}):
                    getattr(row, field.name).delete(save=False)
        model.objects.all().delete()
    clear_demo_complaints()
    Feedback.objects.all().delete()  # it holds its case and institution (PROTECT)
    SubsidyClaim.objects.all().delete()
    InterpreterBooking.objects.all().delete()
    SensitiveAccess.objects.all().delete()
    Stay.objects.all().delete()
    Pickup.objects.all().delete()
    Room.objects.all().delete()
    Appointment.objects.all().delete()
    Slot.objects.all().delete()
    Case.objects.all().delete()
    clear_demo_photos()
    Offering.objects.all().delete()
    Practitioner.objects.all().delete()
    Accreditation.objects.all().delete()
    Membership.objects.all().delete()
    Organization.objects.all().delete()
