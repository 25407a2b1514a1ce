"""The explained ranking of institutions: its weights, the score and the reasons shown for it.

The weights are declared once, in ``WEIGHTS``. Every place that orders or explains results reads
them from here: the in-memory index's scores (``memory_scores``), the SQL backend's score
(``sql_score``), and the "why this rank" reasons (``reasons``). A result's score is the sum of
the points of its reasons. Nothing else orders results: there is no paid placement.

One rule orders results besides the score: when triage reads the free text two ways (its second
specialty scores close to its first, ``triage.CLOSE_SECOND``), the institutions of the second
reading are mixed into those of the first (``interleaved``): of every three results, two from the
first reading and one from the second, each in its own score order. Every one of them treats a
specialty the search names, so each has the same specialty points; its reasons say which reading
it matched.

Which rows serve a language or hold a valid accreditation is a read (selectors and the index
answer it); what each of those is worth is decided here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from django.db.models import Case, ExpressionWrapper, IntegerField, Value, When
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from medhub.core.i18n import pick

if TYPE_CHECKING:
    from django.db.models import Expression, Q

    from medhub.directory.models import Organization
    from medhub.directory.selectors import InstitutionSearch


@dataclass(frozen=True)
class Weights:
    """Points for each reason an institution ranks where it does."""

    specialty: int = 40  # treats a specialty the search names or the filter chose
    text: int = 25  # its name or address contains the other words of the search
    language: int = 20  # serves patients in the visitor's (or the filtered) language
    accreditation: int = 15  # holds a valid accreditation


WEIGHTS = Weights()

# With a close second reading, this many results of the first reading come before each result
# of the second: ranks 1 and 2 from the first, 3 from the second, 4 and 5 from the first, …
FIRST_READING_RUN = 2


def interleaved(is_second: np.ndarray) -> np.ndarray:
    """The order (a permutation) that mixes the two readings, given for each result in score order
    whether it matches only the second reading: the first reading's i-th result takes slot
    i + i // FIRST_READING_RUN, the second's j-th slot (FIRST_READING_RUN + 1) × j + FIRST_READING_RUN;
    when one reading runs out, the other's results follow in their order."""
    is_second = np.asarray(is_second, dtype=bool)
    first_position = np.cumsum(~is_second) - 1
    second_position = np.cumsum(is_second) - 1
    slots = np.where(
        is_second,
        second_position * (FIRST_READING_RUN + 1) + FIRST_READING_RUN,
        first_position + first_position // FIRST_READING_RUN,
    )
    return np.argsort(slots, kind="stable")


@dataclass(frozen=True)
class RankReason:
    code: str
    label: str
    points: int


def ranking_language(search: InstitutionSearch) -> str:
    """The language whose service lifts a result: the filtered one, else the visitor's."""
    return search.criteria.language or search.criteria.visitor_language


def constant_points(search: InstitutionSearch) -> int:
    """Points every result of the search has: each result matched every word and filter."""
    return (WEIGHTS.specialty if search.specialty_ids else 0) + (WEIGHTS.text if search.text_terms else 0)


def memory_scores(search: InstitutionSearch, *, serves_language: np.ndarray | None, accredited: np.ndarray) -> np.ndarray:
    """The score of every row of the in-memory index (boolean columns in, int64 scores out)."""
    scores = np.full(len(accredited), constant_points(search), dtype=np.int64)
    if serves_language is not None:
        scores += serves_language * WEIGHTS.language
    scores += accredited * WEIGHTS.accreditation
    return scores


def sql_score(search: InstitutionSearch, *, serves_language: Q | None, accredited: Expression) -> ExpressionWrapper:
    """The same score as a SQL expression, for the database backend."""
    score = Value(constant_points(search))
    if serves_language is not None:
        score = score + Case(When(serves_language, then=Value(WEIGHTS.language)), default=Value(0))
    score = score + Case(When(accredited, then=Value(WEIGHTS.accreditation)), default=Value(0))
    return ExpressionWrapper(score, output_field=IntegerField())


def reasons(inst: Organization, search: InstitutionSearch, labels: dict | None = None) -> list[RankReason]:
    """Why ``inst`` ranks where it does, each reason with its points (in the active language).

    ``inst`` carries ``specialty_list``, ``language_list`` and ``valid_accreditations`` (the
    selectors attach them). ``labels``, shared by the cards of one page, keeps each label
    written once: most cards of a page give the same reasons.
    """
    labels = {} if labels is None else labels
    found: list[RankReason] = []
    matched = tuple(s for s in inst.specialty_list if s.id in search.specialty_ids)
    if matched:
        label = _label(labels, ("specialty", matched), lambda: _specialty_label(matched, search))
        found.append(RankReason("specialty", label, WEIGHTS.specialty))
    if search.text_terms:
        label = _label(
            labels,
            ("text",),
            lambda: _("Its name or address contains “%(words)s”") % {"words": " ".join(search.text_terms)},
        )
        found.append(RankReason("text", label, WEIGHTS.text))
    language = ranking_language(search)
    if language and language in inst.language_list:
        label = _label(
            labels,
            ("language",),
            lambda: _("Staff serve patients in %(language)s") % {"language": get_language_info(language)["name_local"]},
        )
        found.append(RankReason("language", label, WEIGHTS.language))
    accreditations = getattr(inst, "valid_accreditations", None)
    if accreditations:
        bodies = ", ".join(sorted({a.body.upper() for a in accreditations}))
        label = _label(
            labels, ("accreditation", bodies), lambda: _("Holds a valid accreditation (%(bodies)s)") % {"bodies": bodies}
        )
        found.append(RankReason("accreditation", label, WEIGHTS.accreditation))
    return found


def _label(labels: dict, key: tuple, write) -> str:
    if key not in labels:
        labels[key] = write()
    return labels[key]


def _specialty_label(matched, search: InstitutionSearch) -> str:
    parsed = search.parsed
    words = sorted({w for s in matched for w in parsed.matched_words.get(s.id, set())})
    names = ", ".join(pick(s.name) for s in matched)
    if words and search.second_reading is not None:
        ids = {s.id for s in matched}
        values = {"specialties": names, "words": ", ".join(words)}
        if search.first_reading not in ids:
            return _("Treats %(specialties)s: the second reading of your search (%(words)s)") % values
        if search.second_reading in ids:
            return _("Treats %(specialties)s: both readings of your search (%(words)s)") % values
        return _("Treats %(specialties)s: the likelier reading of your search (%(words)s)") % values
    if words:
        return _("Treats %(specialties)s, which your search names (%(words)s)") % {
            "specialties": names,
            "words": ", ".join(words),
        }
    return _("Treats %(specialties)s, the specialty you chose") % {"specialties": names}
