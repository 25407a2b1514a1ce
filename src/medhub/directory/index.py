"""An in-memory index of the public institutions, one per app process.

Search filters and ranks on a handful of small columns (district, class, languages,
specialties, accreditations, offering prices). Scanning those in the database costs a few
microseconds per institution and row on every request; held as NumPy arrays they are filtered
and ranked in well under a millisecond for 20,000 institutions and 200,000 offerings. Free-text
words still go to the database, where a trigram index answers them.

The index is rebuilt when the directory changes (services bump a version kept in the
database, which every app server reads at most every two seconds) and when the day changes (registrations and
accreditations expire by date). ``settings.MEDHUB_SEARCH_BACKEND = "database"`` answers the same
searches with SQL only; the tests check that both give the same answer.
"""

import datetime
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from django.utils import timezone

from medhub.core.i18n import LANGUAGE_CODES, languages_from_db
from medhub.directory.models import Accreditation, DirectoryVersion, Offering, Organization, Photo, listed
from medhub.directory.photos import PhotoRef
from medhub.directory.ranking import interleaved

CLASSES = [value for value, _label in Organization.InstitutionClass.choices]
KINDS = [value for value, _label in Offering.Kind.choices]
BODIES = [value for value, _label in Accreditation.Body.choices]
LANGUAGE_BITS = {code: 1 << position for position, code in enumerate(LANGUAGE_CODES)}


# How long a process trusts the version it last read before asking the database again: a change
# made on one app server reaches search on the others within this many seconds.
VERSION_TTL_SECONDS = 2.0
_seen: tuple[int, float] | None = None  # (version, monotonic time it was read)


def directory_version() -> int:
    global _seen
    now = time.monotonic()
    if _seen is None or now - _seen[1] > VERSION_TTL_SECONDS:
        value = DirectoryVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0
        _seen = (value, now)
    return _seen[0]


def bump_directory_version() -> None:
    """Records a change; this process sees it at once, others within VERSION_TTL_SECONDS."""
    global _seen
    value = time.time_ns()
    DirectoryVersion.objects.update_or_create(pk=1, defaults={"value": value})
    _seen = (value, time.monotonic())


@dataclass
class InstitutionIndex:
    version: int
    day: datetime.date
    ids: np.ndarray  # int64, ascending
    district: np.ndarray  # int64, -1 when none
    klass: np.ndarray  # int8, position in CLASSES
    languages: np.ndarray  # int64 bit mask, LANGUAGE_BITS
    specialty_ids: list[int]  # column order of the matrix below
    specialties: np.ndarray  # bool (institutions × specialties)
    accredited: np.ndarray  # bool (institutions × BODIES), valid on `day`
    accreditations: dict[int, list[tuple[str, datetime.date, datetime.date]]]
    price_low: np.ndarray  # int64, -1 when no offering
    price_high: np.ndarray
    offering_count: np.ndarray
    offer_row: np.ndarray  # int64 row of the institution
    offer_low: np.ndarray
    offer_high: np.ndarray
    offer_kind: np.ndarray  # int8, position in KINDS
    offer_specialty: np.ndarray  # int64 specialty id
    # The price range of each institution's offerings in each specialty it has offerings in:
    # keys are row * SPECIALTY_KEY + specialty id, ascending, for a binary search per card.
    matched_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64), repr=False)
    matched_low: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64), repr=False)
    matched_high: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64), repr=False)
    matched_count: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64), repr=False)
    # The first photo of each institution that has one (row → photo), for the cards.
    covers: dict = field(default_factory=dict, repr=False)
    # The institutions' own rows read for result pages, kept as long as this index (selectors).
    kept_rows: OrderedDict = field(default_factory=OrderedDict, repr=False)

    @classmethod
    def build(cls, *, version: int, day: datetime.date) -> "InstitutionIndex":
        rows = list(
            Organization.objects.filter(listed(), kind=Organization.Kind.INSTITUTION, registration_expires__gte=day)
            .order_by("id")
            .values_list("id", "district_id", "institution_class", "languages")
        )
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        row_of = {pk: row for row, pk in enumerate(ids.tolist())}
        district = np.array([r[1] if r[1] is not None else -1 for r in rows], dtype=np.int64)
        klass = np.array([CLASSES.index(r[2]) if r[2] in CLASSES else -1 for r in rows], dtype=np.int8)
        languages = np.array([sum(LANGUAGE_BITS.get(c, 0) for c in languages_from_db(r[3])) for r in rows], dtype=np.int64)

        links = Organization.specialties.through.objects.values_list("organization_id", "specialty_id")
        specialty_ids = sorted({sid for _org, sid in links})
        column = {sid: position for position, sid in enumerate(specialty_ids)}
        specialties = np.zeros((len(ids), len(specialty_ids)), dtype=bool)
        for org_id, sid in links:
            row = row_of.get(org_id)
            if row is not None:
                specialties[row, column[sid]] = True

        accredited = np.zeros((len(ids), len(BODIES)), dtype=bool)
        accreditations: dict[int, list[tuple[str, datetime.date, datetime.date]]] = {}
        valid = Accreditation.objects.filter(valid_from__lte=day, valid_until__gte=day).order_by("body", "-valid_until")
        for org_id, body, start, end in valid.values_list("organization_id", "body", "valid_from", "valid_until"):
            row = row_of.get(org_id)
            if row is not None:
                accredited[row, BODIES.index(body)] = True
                accreditations.setdefault(row, []).append((body, start, end))

        offers = Offering.objects.filter(is_published=True).values_list(
            "organization_id", "price_min_krw", "price_max_krw", "kind", "specialty_id"
        )
        offer_rows, lows, highs, kinds, offer_specialties = [], [], [], [], []
        for org_id, low, high, kind, sid in offers.iterator(chunk_size=20_000):
            row = row_of.get(org_id)
            if row is not None:
                offer_rows.append(row)
                lows.append(low)
                highs.append(high)
                kinds.append(KINDS.index(kind))
                offer_specialties.append(sid)
        offer_row = np.array(offer_rows, dtype=np.int64)
        offer_low = np.array(lows, dtype=np.int64)
        offer_high = np.array(highs, dtype=np.int64)
        price_low = np.full(len(ids), np.iinfo(np.int64).max, dtype=np.int64)
        price_high = np.full(len(ids), -1, dtype=np.int64)
        np.minimum.at(price_low, offer_row, offer_low)
        np.maximum.at(price_high, offer_row, offer_high)
        price_low[price_high < 0] = -1
        offer_specialty = np.array(offer_specialties, dtype=np.int64)
        matched = _prices_by_specialty(offer_row, offer_specialty, offer_low, offer_high)
        covers: dict[int, PhotoRef] = {}
        for org_id, key, sizes, width, height, alt in (
            Photo.objects.filter(organization__isnull=False)
            .order_by("organization_id", "position", "id")
            .values_list("organization_id", "key", "sizes", "width", "height", "alt")
        ):
            row = row_of.get(org_id)
            if row is not None and row not in covers:
                covers[row] = PhotoRef(key=key, sizes=tuple(sizes), width=width, height=height, alt=alt or {})
        return cls(
            version=version,
            day=day,
            ids=ids,
            district=district,
            klass=klass,
            languages=languages,
            specialty_ids=specialty_ids,
            specialties=specialties,
            accredited=accredited,
            accreditations=accreditations,
            price_low=price_low,
            price_high=price_high,
            offering_count=np.bincount(offer_row, minlength=len(ids)).astype(np.int64),
            offer_row=offer_row,
            offer_low=offer_low,
            offer_high=offer_high,
            offer_kind=np.array(kinds, dtype=np.int8),
            offer_specialty=offer_specialty,
            matched_keys=matched[0],
            matched_low=matched[1],
            matched_high=matched[2],
            matched_count=matched[3],
            covers=covers,
        )

    # -- queries ------------------------------------------------------------------------------

    def all_rows(self) -> np.ndarray:
        return np.ones(len(self.ids), dtype=bool)

    def rows_with_ids(self, ids) -> np.ndarray:
        """Rows of the given ids (ids not in the index are ignored). ``self.ids`` is sorted, so a
        binary search finds them without comparing every id with every other."""
        wanted = np.fromiter(ids, dtype=np.int64)
        rows = np.zeros(len(self.ids), dtype=bool)
        if len(wanted) and len(self.ids):
            positions = np.minimum(np.searchsorted(self.ids, wanted), len(self.ids) - 1)
            rows[positions[self.ids[positions] == wanted]] = True
        return rows

    def rows_with_any_specialty(self, specialty_ids) -> np.ndarray:
        columns = [self.specialty_ids.index(sid) for sid in specialty_ids if sid in self.specialty_ids]
        if not columns:
            return np.zeros(len(self.ids), dtype=bool)
        return self.specialties[:, columns].any(axis=1)

    def rows_serving(self, language: str) -> np.ndarray:
        return (self.languages & LANGUAGE_BITS.get(language, 0)) != 0

    def rows_accredited(self, body: str | None = None) -> np.ndarray:
        if body is None:
            return self.accredited_any
        return self.accredited[:, BODIES.index(body)]

    @cached_property
    def accredited_any(self) -> np.ndarray:
        """Rows holding any valid accreditation (every search ranks on it: computed once)."""
        return self.accredited.any(axis=1)

    def rows_with_offering(
        self, *, kind: str = "", price_min: int | None = None, price_max: int | None = None, specialty_id: int | None = None
    ) -> np.ndarray:
        keep = np.ones(len(self.offer_row), dtype=bool)
        if kind:
            keep &= self.offer_kind == KINDS.index(kind)
        if price_min is not None:
            keep &= self.offer_high >= price_min
        if price_max is not None:
            keep &= self.offer_low <= price_max
        if specialty_id is not None:
            keep &= self.offer_specialty == specialty_id
        rows = np.zeros(len(self.ids), dtype=bool)
        rows[self.offer_row[keep]] = True
        return rows

    def rank(
        self,
        rows: np.ndarray,
        scores: np.ndarray,
        *,
        offset: int,
        limit: int,
        second_reading: np.ndarray | None = None,
    ) -> tuple[list[tuple[int, int]], int]:
        """(id, score) pairs of one page, best score first and then oldest id, and the total.

        ``second_reading`` (a bool per row) marks the rows that match only the search's close
        second reading: they are mixed into the others as ``ranking.interleaved`` says."""
        selected = np.flatnonzero(rows)
        ordered = selected[np.lexsort((self.ids[selected], -scores[selected]))]
        if second_reading is not None:
            ordered = ordered[interleaved(second_reading[ordered])]
        page = ordered[offset : offset + limit]
        return list(zip(self.ids[page].tolist(), scores[page].tolist(), strict=True)), len(selected)

    def matched_prices(self, row: int, specialty_ids) -> dict | None:
        """The price range of the institution's offerings in the given specialties (the ones a
        search names), or None when it has none there: a few binary searches, no query."""
        keys = np.array([row * SPECIALTY_KEY + sid for sid in sorted(specialty_ids)], dtype=np.int64)
        if not len(keys) or not len(self.matched_keys):
            return None
        positions = np.minimum(np.searchsorted(self.matched_keys, keys), len(self.matched_keys) - 1)
        found = positions[self.matched_keys[positions] == keys]
        if not len(found):
            return None
        return {
            "specialty_ids": sorted(int(k % SPECIALTY_KEY) for k in self.matched_keys[found].tolist()),
            "low": int(self.matched_low[found].min()),
            "high": int(self.matched_high[found].max()),
            "count": int(self.matched_count[found].sum()),
        }

    def card(self, pk: int, specialty_ids=()) -> dict:
        """What a result card needs besides the institution's own row; with ``specialty_ids``
        (the specialties a search names), also the prices of its offerings in them."""
        row = int(np.searchsorted(self.ids, pk))
        has_prices = self.price_high[row] >= 0
        return {
            "matched_prices": self.matched_prices(row, specialty_ids) if specialty_ids else None,
            "cover": self.covers.get(row),
            "specialty_ids": [self.specialty_ids[c] for c in np.flatnonzero(self.specialties[row]).tolist()],
            "accreditations": self.accreditations.get(row, []),
            "price_low": int(self.price_low[row]) if has_prices else None,
            "price_high": int(self.price_high[row]) if has_prices else None,
            "offering_count": int(self.offering_count[row]),
        }


# Specialty ids are far below this; a (row, specialty) pair is one int64 key.
SPECIALTY_KEY = 1 << 20


def _prices_by_specialty(rows: np.ndarray, specialties: np.ndarray, lows: np.ndarray, highs: np.ndarray) -> tuple:
    """(keys, lowest, highest, count) per (institution row, specialty), keys ascending."""
    if not len(rows):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, empty
    keys = rows * SPECIALTY_KEY + specialties
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return (
        keys[starts],
        np.minimum.reduceat(lows[order], starts),
        np.maximum.reduceat(highs[order], starts),
        np.diff(np.r_[starts, len(keys)]).astype(np.int64),
    )


_index: InstitutionIndex | None = None
_lock = threading.Lock()


def institution_index() -> InstitutionIndex:
    """This process's index, rebuilt first if the directory or the day changed."""
    global _index
    version, day = directory_version(), timezone.localdate()
    current = _index
    if current is not None and current.version == version and current.day == day:
        return current
    with _lock:
        if _index is None or _index.version != version or _index.day != day:
            _index = InstitutionIndex.build(version=version, day=day)
        return _index


def forget_index() -> None:
    global _index
    _index = None
