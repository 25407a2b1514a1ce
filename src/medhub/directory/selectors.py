"""Reads of the directory. Every public read starts from published rows only."""

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from medhub.core.i18n import pick
from medhub.directory.models import Accreditation, District, Offering, Organization, Practitioner, Specialty
from medhub.directory.search import ParsedQuery, parse_query, text_pattern

# Weights of the explained ranking. Nothing else orders results: there is no paid placement.
WEIGHT_SPECIALTY = 40
WEIGHT_NAME = 25
WEIGHT_LANGUAGE = 20
WEIGHT_ACCREDITATION = 15

_CHOICES_CACHE_KEY = "medhub:directory-choices:v1"
_SPECIALTIES_CACHE_KEY = "medhub:specialties-by-id:v1"


def specialties() -> QuerySet[Specialty]:
    return Specialty.objects.all()


def districts() -> QuerySet[District]:
    return District.objects.all()


def specialty_and_district_index() -> tuple[dict[str, int], dict[str, int]]:
    """code → id for specialties and districts (small, cached briefly)."""
    value = cache.get(_CHOICES_CACHE_KEY)
    if value is None:
        value = (
            dict(Specialty.objects.values_list("code", "id")),
            dict(District.objects.values_list("code", "id")),
        )
        cache.set(_CHOICES_CACHE_KEY, value, 300)
    return value


def forget_directory_index() -> None:
    cache.delete_many([_CHOICES_CACHE_KEY, _SPECIALTIES_CACHE_KEY])


def valid_accreditations(today: datetime.date) -> QuerySet[Accreditation]:
    return Accreditation.objects.filter(valid_from__lte=today, valid_until__gte=today)


def published_institutions(today: datetime.date | None = None) -> QuerySet[Organization]:
    """Institutions the public may see: published and with a registration still in force."""
    today = today or timezone.localdate()
    return Organization.objects.filter(kind=Organization.Kind.INSTITUTION, is_published=True, registration_expires__gte=today)


@dataclass
class SearchCriteria:
    q: str = ""
    specialty: str = ""
    language: str = ""
    district: str = ""
    accreditation: str = ""
    institution_class: str = ""
    offering_kind: str = ""
    price_min: int | None = None
    price_max: int | None = None
    visitor_language: str = ""

    @classmethod
    def from_cleaned(cls, data: dict, visitor_language: str) -> "SearchCriteria":
        """Criteria from a valid InstitutionSearchForm; empty fields become the defaults."""
        values = {name: data[name] for name in cls.__dataclass_fields__ if data.get(name) not in (None, "")}
        return cls(**{**values, "visitor_language": visitor_language})


@dataclass
class InstitutionSearch:
    queryset: QuerySet[Organization]
    parsed: ParsedQuery
    criteria: SearchCriteria
    specialty_ids: set[int] = field(default_factory=set)
    unknown: list[str] = field(default_factory=list)

    @property
    def specialty_names(self) -> list[str]:
        """Names of the specialties the free text was understood to mean."""
        ids = self.parsed.specialty_ids
        return [pick(s.name) for s in Specialty.objects.filter(id__in=ids)] if ids else []


def search_institutions(criteria: SearchCriteria, today: datetime.date | None = None) -> InstitutionSearch:
    """Institutions that fit the criteria, ordered by an explained score, best first."""
    today = today or timezone.localdate()
    specialty_ids_by_code, district_ids_by_code = specialty_and_district_index()
    qs = published_institutions(today)
    parsed = parse_query(criteria.q)
    result = InstitutionSearch(queryset=qs, parsed=parsed, criteria=criteria)

    codes_by_id = {sid: code for code, sid in specialty_ids_by_code.items()}
    # Every word must match: a word that names a specialty through the specialty, any other
    # word as text in the institution's names, address or district (see search.text_pattern).
    for term in parsed.terms:
        named = parsed.specialty_ids_by_term.get(term)
        if named:
            qs = qs.filter(has_any_specialty([codes_by_id[sid] for sid in named if sid in codes_by_id]))
        else:
            qs = qs.filter(search_text__contains=text_pattern(term))

    wanted_specialties = set(parsed.specialty_ids)
    if criteria.specialty:
        sid = specialty_ids_by_code.get(criteria.specialty)
        if sid is None:
            result.unknown.append("specialty")
            qs = qs.none()
        else:
            qs = qs.filter(has_any_specialty([criteria.specialty]))
            wanted_specialties.add(sid)
    if criteria.district:
        did = district_ids_by_code.get(criteria.district)
        if did is None:
            result.unknown.append("district")
            qs = qs.none()
        else:
            qs = qs.filter(district_id=did)
    if criteria.language:
        qs = qs.filter(languages__contains=f",{criteria.language},")
    if criteria.institution_class:
        qs = qs.filter(institution_class=criteria.institution_class)
    if criteria.accreditation:
        qs = qs.filter(Exists(valid_accreditations(today).filter(organization_id=OuterRef("pk"), body=criteria.accreditation)))
    if criteria.offering_kind or criteria.price_min is not None or criteria.price_max is not None:
        offerings = Offering.objects.filter(organization_id=OuterRef("pk"), is_published=True)
        if criteria.offering_kind:
            offerings = offerings.filter(kind=criteria.offering_kind)
        if criteria.price_min is not None:
            offerings = offerings.filter(price_max_krw__gte=criteria.price_min)
        if criteria.price_max is not None:
            offerings = offerings.filter(price_min_krw__lte=criteria.price_max)
        if criteria.specialty and not result.unknown:
            offerings = offerings.filter(specialty_id=specialty_ids_by_code[criteria.specialty])
        qs = qs.filter(Exists(offerings))

    # Specialty and text points are the same for every result (every result had to match),
    # so only language and accreditation are computed per row.
    constant = (WEIGHT_SPECIALTY if wanted_specialties else 0) + (WEIGHT_NAME if parsed.text_terms else 0)
    score = Value(constant)
    language = criteria.language or criteria.visitor_language
    if language:
        score = score + Case(When(languages__contains=f",{language},", then=Value(WEIGHT_LANGUAGE)), default=Value(0))
    score = score + Case(
        When(Exists(valid_accreditations(today).filter(organization_id=OuterRef("pk"))), then=Value(WEIGHT_ACCREDITATION)),
        default=Value(0),
    )
    qs = qs.annotate(rank_score=ExpressionWrapper(score, output_field=IntegerField()))
    result.specialty_ids = wanted_specialties
    result.queryset = qs.order_by("-rank_score", "id")
    return result


def ranked_ids(search: InstitutionSearch) -> QuerySet:
    """(id, score) pairs in rank order: ranking reads only narrow, indexed columns."""
    return search.queryset.values_list("id", "rank_score")


@dataclass
class RankedPage:
    """One page of ranked (id, score) pairs and the total, read in a single query."""

    pairs: list[tuple[int, int]]
    total: int
    number: int
    size: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.size))

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def has_previous(self) -> bool:
        return self.number > 1


def ranked_page(search: InstitutionSearch, *, number: int, size: int) -> RankedPage:
    """A page of results with the total from a window count, so the matching rows are read once.

    A page past the end has no row to carry the total; only then is it counted separately.
    """
    offset = (number - 1) * size
    rows = list(
        search.queryset.annotate(total=Window(Count("id"))).values_list("id", "rank_score", "total")[offset : offset + size]
    )
    if rows:
        total = rows[0][2]
    else:
        total = search.queryset.count() if offset else 0
    return RankedPage(pairs=[(pk, score) for pk, score, _total in rows], total=total, number=number, size=size)


def institutions_for_page(
    pairs: list[tuple[int, int]], search: InstitutionSearch, language: str | None, today: datetime.date | None = None
) -> list[Organization]:
    """The full institutions behind a page of ranked ids, in rank order, ready for cards."""
    if not pairs:
        return []
    by_id = {inst.id: inst for inst in institution_page(Organization.objects.filter(id__in=[pk for pk, _s in pairs]), today)}
    institutions = []
    for pk, score in pairs:
        inst = by_id[pk]
        inst.rank_score = score
        institutions.append(inst)
    return attach_card_details(institutions, search, language)


def has_any_specialty(codes: list[str]) -> Q:
    """Matches organizations that treat any of the specialties (denormalized, see services)."""
    condition = Q(pk__in=[])
    for code in codes:
        condition |= Q(specialty_codes__contains=f",{code},")
    return condition


@dataclass
class RankReason:
    code: str
    label: str
    points: int


def _prefetch_for_cards(today: datetime.date):
    return [Prefetch("accreditations", queryset=valid_accreditations(today), to_attr="valid_accreditations")]


def specialty_by_id() -> dict[int, Specialty]:
    """All specialties (a small, fixed list), cached briefly: pages refer to them by id."""
    value = cache.get(_SPECIALTIES_CACHE_KEY)
    if value is None:
        value = {s.id: s for s in Specialty.objects.only("id", "code", "name", "position")}
        cache.set(_SPECIALTIES_CACHE_KEY, value, 300)
    return value


def attach_specialties(organizations: list[Organization]) -> None:
    """Sets ``specialty_list`` on each organization from one query on the link table only."""
    by_id = specialty_by_id()
    links: dict[int, list[Specialty]] = {org.id: [] for org in organizations}
    through = Organization.specialties.through
    for org_id, specialty_id in through.objects.filter(organization_id__in=list(links)).values_list(
        "organization_id", "specialty_id"
    ):
        links[org_id].append(by_id[specialty_id])
    for org in organizations:
        org.specialty_list = sorted(links[org.id], key=lambda s: (s.position, s.code))


def institution_page(qs: QuerySet[Organization], today: datetime.date | None = None) -> QuerySet[Organization]:
    """What a list of institution cards needs, in a fixed number of queries."""
    today = today or timezone.localdate()
    return qs.select_related("district").prefetch_related(*_prefetch_for_cards(today))


def attach_card_details(
    institutions: list[Organization], search: InstitutionSearch | None = None, language: str | None = None
) -> list[Organization]:
    """Adds price ranges and the reasons for each rank to a page of institutions (one query)."""
    ids = [inst.id for inst in institutions]
    attach_specialties(institutions)
    prices = {
        row["organization_id"]: row
        for row in Offering.objects.filter(organization_id__in=ids, is_published=True)
        .values("organization_id")
        .annotate(low=Min("price_min_krw"), high=Max("price_max_krw"), count=Count("id"))
        .order_by()
    }
    for inst in institutions:
        row = prices.get(inst.id)
        inst.price_low = row["low"] if row else None
        inst.price_high = row["high"] if row else None
        inst.offering_count = row["count"] if row else 0
        inst.rank_reasons = rank_reasons(inst, search, language) if search else []
    return institutions


def rank_reasons(inst: Organization, search: InstitutionSearch, language: str | None) -> list[RankReason]:
    reasons: list[RankReason] = []
    parsed = search.parsed
    matched = [s for s in inst.specialty_list if s.id in search.specialty_ids]
    if matched:
        words = sorted({w for s in matched for w in parsed.matched_words.get(s.id, set())})
        names = ", ".join(pick(s.name) for s in matched)
        if words:
            label = _("Treats %(specialties)s, which your search names (%(words)s)") % {
                "specialties": names,
                "words": ", ".join(words),
            }
        else:
            label = _("Treats %(specialties)s, the specialty you chose") % {"specialties": names}
        reasons.append(RankReason("specialty", label, WEIGHT_SPECIALTY))
    if parsed.text_terms:
        reasons.append(
            RankReason(
                "text", _("Its name or address contains “%(words)s”") % {"words": " ".join(parsed.text_terms)}, WEIGHT_NAME
            )
        )
    wanted_language = search.criteria.language or search.criteria.visitor_language
    if wanted_language and wanted_language in inst.language_list:
        from django.utils.translation import get_language_info

        reasons.append(
            RankReason(
                "language",
                _("Staff serve patients in %(language)s") % {"language": get_language_info(wanted_language)["name_local"]},
                WEIGHT_LANGUAGE,
            )
        )
    accreditations = getattr(inst, "valid_accreditations", None)
    if accreditations:
        bodies = ", ".join(sorted({a.body.upper() for a in accreditations}))
        reasons.append(
            RankReason("accreditation", _("Holds a valid accreditation (%(bodies)s)") % {"bodies": bodies}, WEIGHT_ACCREDITATION)
        )
    return reasons


def institution_detail(slug: str, today: datetime.date | None = None) -> Organization | None:
    today = today or timezone.localdate()
    return (
        published_institutions(today)
        .filter(slug=slug)
        .select_related("district")
        .prefetch_related(
            *_prefetch_for_cards(today),
            Prefetch("practitioners", queryset=Practitioner.objects.filter(is_published=True).select_related("specialty")),
            Prefetch("offerings", queryset=Offering.objects.filter(is_published=True).select_related("specialty")),
            Prefetch("accreditations", queryset=Accreditation.objects.all(), to_attr="all_accreditations"),
        )
        .first()
    )


def offerings(*, specialty_id: int | None = None, kind: str = "", institution_id: int | None = None) -> QuerySet[Offering]:
    qs = Offering.objects.filter(
        is_published=True,
        organization__is_published=True,
        organization__kind=Organization.Kind.INSTITUTION,
        organization__registration_expires__gte=timezone.localdate(),
    ).select_related("organization", "specialty", "organization__district")
    if specialty_id is not None:
        qs = qs.filter(specialty_id=specialty_id)
    if kind:
        qs = qs.filter(kind=kind)
    if institution_id is not None:
        qs = qs.filter(organization_id=institution_id)
    return qs.order_by("price_min_krw", "id")


def offering_detail(slug: str) -> Offering | None:
    return offerings().filter(slug=slug).first()


def partner_services(*, kind: str = "", district_id: int | None = None) -> QuerySet[Organization]:
    qs = Organization.objects.filter(kind__in=Organization.PARTNER_KINDS, is_published=True).select_related("district")
    if kind:
        qs = qs.filter(kind=kind)
    if district_id is not None:
        qs = qs.filter(district_id=district_id)
    return qs.order_by("kind", "id")


def partners_near(inst: Organization, limit: int = 6) -> list[Organization]:
    """Partner services in the institution's district, nearest first."""
    if inst.district_id is None:
        return []
    partners = list(partner_services(district_id=inst.district_id))
    if inst.lat is not None:
        for partner in partners:
            partner.distance_km = distance_km(inst.lat, inst.lng, partner.lat, partner.lng)
        partners.sort(key=lambda p: (p.distance_km is None, p.distance_km or 0))
    return partners[:limit]


def distance_km(lat1, lng1, lat2, lng2) -> float | None:
    from math import asin, cos, radians, sin, sqrt

    if None in (lat1, lng1, lat2, lng2):
        return None
    dlat, dlng = radians(lat2 - lat1), radians(lng2 - lng1)
    a = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlng / 2) ** 2
    return round(6371 * 2 * asin(sqrt(a)), 1)


def practitioners(*, institution_id: int | None = None, specialty_id: int | None = None) -> QuerySet[Practitioner]:
    qs = Practitioner.objects.filter(
        is_published=True, organization__is_published=True, organization__kind=Organization.Kind.INSTITUTION
    ).select_related("specialty", "organization")
    if institution_id is not None:
        qs = qs.filter(organization_id=institution_id)
    if specialty_id is not None:
        qs = qs.filter(specialty_id=specialty_id)
    return qs.order_by("organization_id", "id")
