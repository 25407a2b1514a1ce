"""Reads of the directory. Every public read starts from published rows only.

What orders the results and how the order is explained (the weights, the score, the reasons)
lives in ``directory.ranking``; the reads here filter, page and fetch.
"""

import copy
import datetime
import threading
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
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
from django.db.models.functions import RowNumber
from django.utils import timezone

from medhub.core.cache import forget_memoized, memoized
from medhub.core.i18n import pick
from medhub.directory import ranking
from medhub.directory.index import CLASSES as INDEX_CLASSES
from medhub.directory.index import InstitutionIndex, institution_index
from medhub.directory.models import (
    Accreditation,
    District,
    Offering,
    Organization,
    Photo,
    Practitioner,
    Specialty,
    listed,
)
from medhub.directory.search import ParsedQuery, bigram_words, parse_query, text_pattern

_CHOICES_CACHE_KEY = "medhub:directory-choices:v1"
_SPECIALTIES_CACHE_KEY = "medhub:specialties-by-id:v1"
_DISTRICTS_CACHE_KEY = "medhub:districts-by-id:v1"


def specialties() -> QuerySet[Specialty]:
    return Specialty.objects.all()


def districts() -> QuerySet[District]:
    return District.objects.all()


def specialty_and_district_index() -> tuple[dict[str, int], dict[str, int]]:
    """code → id for specialties and districts (small, cached briefly)."""
    return memoized(
        _CHOICES_CACHE_KEY,
        lambda: (dict(Specialty.objects.values_list("code", "id")), dict(District.objects.values_list("code", "id"))),
    )


def forget_directory_index() -> None:
    forget_memoized(_CHOICES_CACHE_KEY, _SPECIALTIES_CACHE_KEY, _DISTRICTS_CACHE_KEY)


def valid_accreditations(today: datetime.date) -> QuerySet[Accreditation]:
    return Accreditation.objects.filter(valid_from__lte=today, valid_until__gte=today)


def published_institutions(today: datetime.date | None = None) -> QuerySet[Organization]:
    """Institutions the public may see: published and with a registration still in force."""
    today = today or timezone.localdate()
    return Organization.objects.filter(listed(), kind=Organization.Kind.INSTITUTION, registration_expires__gte=today)


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
        """Criteria from valid search parameters (directory.filters); empty fields become the defaults."""
        values = {name: data[name] for name in cls.__dataclass_fields__ if data.get(name) not in (None, "")}
        return cls(**{**values, "visitor_language": visitor_language})


@dataclass
class InstitutionSearch:
    """A search, understood: the parsed words and the filters resolved to ids."""

    parsed: ParsedQuery
    criteria: SearchCriteria
    today: datetime.date
    # Specialty ids the search asked for, by words or by the specialty filter.
    specialty_ids: set[int] = field(default_factory=set)
    # Each word that names specialties, as the set of ids it names.
    named_sets: list[set[int]] = field(default_factory=list)
    specialty_id: int | None = None
    district_id: int | None = None
    unknown: list[str] = field(default_factory=list)
    # False when the specialty filter is set: triage's guesses from the free text are dropped.
    guessing: bool = True

    @property
    def specialty_names(self) -> list[str]:
        """Names of the specialties the free text was understood to mean, triage's first reading first."""
        if not self.guessing:
            return []
        by_id = specialty_by_id()
        ids = list(self.parsed.readings) + sorted(self.parsed.specialty_ids - set(self.parsed.readings))
        return [pick(by_id[sid].name) for sid in ids if sid in by_id]

    @property
    def text_terms(self) -> list[str]:
        """Words the institutions' own text must contain."""
        return self.parsed.text_terms

    @property
    def first_reading(self) -> int | None:
        return self.parsed.readings[0] if self.guessing and self.parsed.readings else None

    @property
    def second_reading(self) -> int | None:
        """Triage's close second reading of the free text, whose institutions are mixed into the
        first reading's (``ranking.interleaved``); None when there is none or the filter chose."""
        return self.parsed.readings[1] if self.guessing and len(self.parsed.readings) > 1 else None

    def text_matches(self) -> QuerySet[Organization]:
        """Public institutions whose own text contains every word that names no specialty."""
        qs = published_institutions(self.today)
        for term in self.text_terms:
            qs = qs.filter(search_text__contains=text_pattern(term))
        return qs

    @cached_property
    def queryset(self) -> QuerySet[Organization]:
        """The same search in SQL, ordered by score (the database backend)."""
        return database_queryset(self)


def search_institutions(criteria: SearchCriteria, today: datetime.date | None = None) -> InstitutionSearch:
    """Understands the criteria; ``ranked_page`` then finds and ranks the institutions."""
    specialty_ids_by_code, district_ids_by_code = specialty_and_district_index()
    search = InstitutionSearch(
        parsed=parse_query(criteria.q, criteria.visitor_language), criteria=criteria, today=today or timezone.localdate()
    )
    search.named_sets = [ids for term in search.parsed.terms if (ids := search.parsed.specialty_ids_by_term.get(term))]
    search.specialty_ids = set(search.parsed.specialty_ids)
    if criteria.specialty and search.parsed.by_model:
        # An explicit specialty: no guessing. Triage's readings neither filter nor rank.
        search.guessing = False
        search.named_sets = []
        search.specialty_ids = set()
    if criteria.specialty:
        search.specialty_id = specialty_ids_by_code.get(criteria.specialty)
        if search.specialty_id is None:
            search.unknown.append("specialty")
        else:
            search.specialty_ids.add(search.specialty_id)
    if criteria.district:
        search.district_id = district_ids_by_code.get(criteria.district)
        if search.district_id is None:
            search.unknown.append("district")
    return search


def database_queryset(search: InstitutionSearch) -> QuerySet[Organization]:
    """The search as one SQL query annotated with ``rank_score``, best first."""
    criteria, today = search.criteria, search.today
    if search.unknown:
        return published_institutions(today).none().annotate(rank_score=Value(0, output_field=IntegerField()))
    codes_by_id = {sid: code for code, sid in specialty_and_district_index()[0].items()}
    qs = search.text_matches()
    for named in search.named_sets:
        qs = qs.filter(has_any_specialty([codes_by_id[sid] for sid in named if sid in codes_by_id]))
    if search.specialty_id is not None:
        qs = qs.filter(has_any_specialty([codes_by_id[search.specialty_id]]))
    if search.district_id is not None:
        qs = qs.filter(district_id=search.district_id)
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
        if search.specialty_id is not None:
            offerings = offerings.filter(specialty_id=search.specialty_id)
        qs = qs.filter(Exists(offerings))
    language = ranking.ranking_language(search)
    score = ranking.sql_score(
        search,
        serves_language=Q(languages__contains=f",{language},") if language else None,
        accredited=Exists(valid_accreditations(today).filter(organization_id=OuterRef("pk"))),
    )
    qs = qs.annotate(rank_score=score)
    if search.second_reading is None:
        return qs.order_by("-rank_score", "id")
    # A close second reading: the same slots as ``ranking.interleaved``, from each reading's own
    # order (a row number per reading, in one query).
    first = has_any_specialty([codes_by_id[search.first_reading]])
    reading = Case(When(first, then=Value(0)), default=Value(1), output_field=IntegerField())
    position = Window(RowNumber(), partition_by=[reading], order_by=[F("rank_score").desc(), F("id").asc()]) - 1
    run = ranking.FIRST_READING_RUN
    slot = Case(
        When(first, then=position + position / run),
        default=position * (run + 1) + run,
        output_field=IntegerField(),
    )
    return qs.annotate(reading_slot=slot).order_by("reading_slot")


def _memory_page(search: InstitutionSearch, *, offset: int, limit: int) -> tuple[list[tuple[int, int]], int]:
    index = institution_index()
    criteria = search.criteria
    if search.unknown:
        return [], 0
    rows = index.all_rows()
    if search.text_terms:
        rows &= index.rows_with_ids(search.text_matches().values_list("id", flat=True))
    for named in search.named_sets:
        rows &= index.rows_with_any_specialty(named)
    if search.specialty_id is not None:
        rows &= index.rows_with_any_specialty([search.specialty_id])
    if search.district_id is not None:
        rows &= index.district == search.district_id
    if criteria.language:
        rows &= index.rows_serving(criteria.language)
    if criteria.institution_class:
        rows &= index.klass == INDEX_CLASSES.index(criteria.institution_class)
    if criteria.accreditation:
        rows &= index.rows_accredited(criteria.accreditation)
    if criteria.offering_kind or criteria.price_min is not None or criteria.price_max is not None:
        rows &= index.rows_with_offering(
            kind=criteria.offering_kind,
            price_min=criteria.price_min,
            price_max=criteria.price_max,
            specialty_id=search.specialty_id,
        )
    language = ranking.ranking_language(search)
    scores = ranking.memory_scores(
        search, serves_language=index.rows_serving(language) if language else None, accredited=index.rows_accredited()
    )
    second = None
    if search.second_reading is not None:
        second = ~index.rows_with_any_specialty([search.first_reading])
    return index.rank(rows, scores, offset=offset, limit=limit, second_reading=second)


@dataclass
class RankedPage:
    """One page of ranked (id, score) pairs and the total."""

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


def ranked_page(search: InstitutionSearch, *, number: int, size: int, backend: str | None = None) -> RankedPage:
    """One page of results, best first, and how many there are in all.

    The memory backend (default) ranks on this process's index; the database backend reads the
    page and the total in one query (a window count), counting apart only past the last page.
    """
    offset = (number - 1) * size
    if (backend or settings.MEDHUB_SEARCH_BACKEND) == "memory":
        pairs, total = _memory_page(search, offset=offset, limit=size)
        return RankedPage(pairs=pairs, total=total, number=number, size=size)
    rows = list(
        search.queryset.annotate(total=Window(Count("id"))).values_list("id", "rank_score", "total")[offset : offset + size]
    )
    total = rows[0][2] if rows else (search.queryset.count() if offset else 0)
    return RankedPage(pairs=[(pk, score) for pk, score, _total in rows], total=total, number=number, size=size)


@dataclass(frozen=True)
class ValidAccreditation:
    body: str
    valid_from: datetime.date
    valid_until: datetime.date


def institutions_for_page(
    pairs: list[tuple[int, int]], search: InstitutionSearch, language: str | None, today: datetime.date | None = None
) -> list[Organization]:
    """The full institutions behind a page of ranked ids, in rank order, ready for cards.

    Everything but the institutions' own rows comes from the in-memory index, and the rows
    are kept beside it once read (``_institution_rows``): one query at most.
    """
    if not pairs:
        return []
    if settings.MEDHUB_SEARCH_BACKEND != "memory":
        by_id = {inst.id: inst for inst in institution_page(Organization.objects.filter(id__in=[pk for pk, _s in pairs]), today)}
        institutions = [by_id[pk] for pk, _score in pairs]
        attach_card_details(institutions)
        attach_matched_prices(institutions, search.specialty_ids)
        attach_covers(institutions)
    else:
        index = institution_index()
        specialties_by_id = specialty_by_id()
        by_id = _institution_rows(index, [pk for pk, _s in pairs])
        pairs = [pair for pair in pairs if pair[0] in by_id]  # a row deleted since the index was built
        institutions = []
        for pk, _score in pairs:
            inst = by_id[pk]
            card = index.card(pk, search.specialty_ids)
            inst.specialty_list = sorted(
                (specialties_by_id[sid] for sid in card["specialty_ids"] if sid in specialties_by_id),
                key=lambda s: (s.position, s.code),
            )
            inst.valid_accreditations = [ValidAccreditation(*item) for item in card["accreditations"]]
            inst.price_low, inst.price_high = card["price_low"], card["price_high"]
            inst.offering_count = card["offering_count"]
            inst.matched_prices = _matched(card["matched_prices"], specialties_by_id)
            inst.photo_list = [card["cover"]] if card["cover"] else []
            institutions.append(inst)
    labels: dict = {}
    for inst, (_pk, score) in zip(institutions, pairs, strict=True):
        inst.rank_score = score
        inst.rank_reasons = ranking.reasons(inst, search, labels)
    return institutions


_rows_lock = threading.Lock()


def _institution_rows(index: InstitutionIndex, ids: list[int]) -> dict[int, Organization]:
    """The institutions' own rows, each a copy of the one this process keeps beside its index.

    A row is read once per directory version (the kept rows go with the index when the
    directory or the day changes, like the index itself) and at most
    ``settings.MEDHUB_SEARCH_ROWS`` are kept, least recently used dropped first: one query, for
    the rows not kept yet, or none. Districts come from the small cached table, not a join.
    """
    kept = index.kept_rows
    with _rows_lock:
        found = {pk: kept[pk] for pk in ids if pk in kept}
        for pk in found:
            kept.move_to_end(pk)
    missing = [pk for pk in ids if pk not in found]
    if missing:
        districts = district_by_id()
        fetched = list(Organization.objects.defer("search_text").filter(id__in=missing))
        for inst in fetched:
            if inst.district_id in districts:  # else (a district newer than the cache) read on use
                inst.district = districts[inst.district_id]
            found[inst.id] = inst
        limit = settings.MEDHUB_SEARCH_ROWS
        with _rows_lock:
            for inst in fetched[:limit]:
                kept[inst.id] = inst
            while len(kept) > limit:
                kept.popitem(last=False)
    # Copies: the caller sets the page's own attributes (rank, reasons) on them.
    return {pk: _copy_row(inst) for pk, inst in found.items()}


def _copy_row(inst: Organization) -> Organization:
    """A shallow copy of a model instance with its own state (what ``copy.copy`` does through
    pickling's ``__reduce__``, several times faster)."""
    clone = Organization.__new__(Organization)
    clone.__dict__.update(inst.__dict__)
    clone._state = copy.copy(inst._state)
    clone._state.fields_cache = inst._state.fields_cache.copy()
    return clone


def has_any_specialty(codes: list[str]) -> Q:
    """Matches organizations that treat any of the specialties (denormalized, see services)."""
    condition = Q(pk__in=[])
    for code in codes:
        condition |= Q(specialty_codes__contains=f",{code},")
    return condition


def _prefetch_for_cards(today: datetime.date):
    return [Prefetch("accreditations", queryset=valid_accreditations(today), to_attr="valid_accreditations")]


def specialty_by_id() -> dict[int, Specialty]:
    """All specialties (a small, fixed list), cached briefly: pages refer to them by id."""
    return memoized(_SPECIALTIES_CACHE_KEY, lambda: {s.id: s for s in Specialty.objects.only("id", "code", "name", "position")})


def district_by_id() -> dict[int, District]:
    """All districts (a small list), cached briefly like the specialties."""
    return memoized(_DISTRICTS_CACHE_KEY, lambda: {d.id: d for d in District.objects.all()})


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
        inst.rank_reasons = ranking.reasons(inst, search) if search else []
    return institutions


@dataclass(frozen=True)
class MatchedPrices:
    """What an institution charges for the treatment searched: its offerings in the specialties
    the search names (filter or words), not its whole range."""

    low: int
    high: int
    count: int
    specialties: list[Specialty]


def _matched(found: dict | None, specialties_by_id: dict[int, Specialty]) -> MatchedPrices | None:
    if not found:
        return None
    named = [specialties_by_id[sid] for sid in found["specialty_ids"] if sid in specialties_by_id]
    return MatchedPrices(low=found["low"], high=found["high"], count=found["count"], specialties=named)


def attach_covers(institutions: list[Organization]) -> None:
    """Sets ``photo_list`` to each institution's first photo, if any (one query: the database
    backend; the memory backend keeps the covers in its index)."""
    covers: dict[int, Photo] = {}
    for photo in Photo.objects.filter(organization_id__in=[inst.id for inst in institutions]).order_by(
        "organization_id", "position", "id"
    ):
        covers.setdefault(photo.organization_id, photo)
    for inst in institutions:
        inst.photo_list = [covers[inst.id]] if inst.id in covers else []


def attach_matched_prices(institutions: list[Organization], specialty_ids) -> None:
    """Sets ``matched_prices`` on each institution from one grouped query (the database backend;
    the memory backend reads the same from its index)."""
    for inst in institutions:
        inst.matched_prices = None
    if not specialty_ids or not institutions:
        return
    by_org: dict[int, dict] = {}
    rows = (
        Offering.objects.filter(
            organization_id__in=[inst.id for inst in institutions], is_published=True, specialty_id__in=list(specialty_ids)
        )
        .values("organization_id", "specialty_id")
        .annotate(low=Min("price_min_krw"), high=Max("price_max_krw"), count=Count("id"))
        .order_by()
    )
    for row in rows:
        found = by_org.setdefault(
            row["organization_id"], {"specialty_ids": [], "low": row["low"], "high": row["high"], "count": 0}
        )
        found["specialty_ids"].append(row["specialty_id"])
        found["low"] = min(found["low"], row["low"])
        found["high"] = max(found["high"], row["high"])
        found["count"] += row["count"]
    specialties_by_id = specialty_by_id()
    for inst in institutions:
        found = by_org.get(inst.id)
        if found:
            found["specialty_ids"].sort()
        inst.matched_prices = _matched(found, specialties_by_id)


def institution_detail(slug: str, today: datetime.date | None = None) -> Organization | None:
    today = today or timezone.localdate()
    return (
        published_institutions(today)
        .filter(slug=slug)
        .select_related("district")
        .prefetch_related(
            *_prefetch_for_cards(today),
            Prefetch(
                "practitioners",
                queryset=Practitioner.objects.filter(is_published=True).select_related("specialty").prefetch_related("photos"),
            ),
            Prefetch(
                "offerings",
                queryset=Offering.objects.filter(is_published=True).select_related("specialty").prefetch_related("photos"),
            ),
            "photos",
            Prefetch("accreditations", queryset=Accreditation.objects.all(), to_attr="all_accreditations"),
        )
        .first()
    )


def offerings(*, specialty_id: int | None = None, kind: str = "", institution_id: int | None = None) -> QuerySet[Offering]:
    qs = Offering.objects.filter(
        listed("organization__"),
        is_published=True,
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
    return offerings().prefetch_related("photos", "organization__photos").filter(slug=slug).first()


SIMILAR_CANDIDATES = 60


def _name_words(offering: Offering) -> set[str]:
    from medhub.core.i18n import all_texts, normalize_text

    words = set()
    for text in all_texts(offering.name):
        folded = normalize_text(text)
        words.update(w for w in folded.split() if len(w) >= 3)
        words.update(bigram_words(folded))  # scripts without spaces compare by two-character pieces
    return words


def similar_offerings(offering: Offering, limit: int = 6) -> list[Offering]:
    """The same treatment at other institutions: offerings of the same specialty and kind, not
    of this institution, ranked by how much their names share (in any language), then by how
    close the price is, then cheapest. One query; no treatment code exists to compare yet."""
    candidates = list(
        offerings(specialty_id=offering.specialty_id, kind=offering.kind)
        .exclude(organization_id=offering.organization_id)
        .prefetch_related("photos")
        .order_by("price_min_krw", "id")[:SIMILAR_CANDIDATES]
    )
    mine = _name_words(offering)
    middle = (offering.price_min_krw + offering.price_max_krw) / 2

    def key(other: Offering):
        theirs = _name_words(other)
        overlap = len(mine & theirs) / len(mine | theirs) if mine and theirs else 0.0
        distance = abs((other.price_min_krw + other.price_max_krw) / 2 - middle) / max(middle, 1)
        return (-round(overlap, 2), round(distance, 2), other.price_min_krw, other.id)

    return sorted(candidates, key=key)[:limit]


def partner_services(*, kind: str = "", district_id: int | None = None) -> QuerySet[Organization]:
    qs = Organization.objects.filter(listed(), kind__in=Organization.PARTNER_KINDS).select_related("district")
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
        listed("organization__"), is_published=True, organization__kind=Organization.Kind.INSTITUTION
    ).select_related("specialty", "organization")
    if institution_id is not None:
        qs = qs.filter(organization_id=institution_id)
    if specialty_id is not None:
        qs = qs.filter(specialty_id=specialty_id)
    return qs.order_by("organization_id", "id")
