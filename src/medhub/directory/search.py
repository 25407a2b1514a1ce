"""Understanding a free-text query in any supported language.

Specialties are found by their names and synonyms in every language. Scripts written without
spaces between words (Chinese, Japanese, Korean, Thai) match on substrings; other scripts match
whole words or, for four letters or more, the start of a word ("derma" finds dermatology).
"""

import re
from dataclasses import dataclass, field

from django.core.cache import cache

from medhub.core.i18n import all_texts, normalize_text
from medhub.directory.models import Specialty

_SPECIALTY_CACHE_KEY = "medhub:specialty-terms:v1"
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
MAX_TERMS = 8
MAX_QUERY_LENGTH = 200


def is_unspaced(text: str) -> bool:
    """True for text in a script that does not separate words with spaces."""
    return bool(_UNSPACED.search(text))


@dataclass(frozen=True)
class SpecialtyTerms:
    id: int
    code: str
    terms: tuple[str, ...]


@dataclass
class ParsedQuery:
    text: str
    terms: list[str] = field(default_factory=list)
    # For each term, the ids of the specialties it names (empty when it names none).
    specialty_ids_by_term: dict[str, set[int]] = field(default_factory=dict)
    # For each specialty id, the words of the query that named it: shown as the reason.
    matched_words: dict[int, set[str]] = field(default_factory=dict)

    @property
    def specialty_ids(self) -> set[int]:
        return set(self.matched_words)


def specialty_terms() -> list[SpecialtyTerms]:
    rows = cache.get(_SPECIALTY_CACHE_KEY)
    if rows is None:
        rows = []
        for specialty in Specialty.objects.only("id", "code", "name", "synonyms"):
            texts = {normalize_text(t) for t in [*all_texts(specialty.name), *all_texts(specialty.synonyms)]}
            texts.add(specialty.code.replace("-", " "))
            rows.append(SpecialtyTerms(specialty.id, specialty.code, tuple(sorted(t for t in texts if t))))
        cache.set(_SPECIALTY_CACHE_KEY, rows, 300)
    return rows


def forget_specialty_terms() -> None:
    cache.delete(_SPECIALTY_CACHE_KEY)


def _term_names(term: str, candidate: str) -> bool:
    if term == candidate:
        return True
    if is_unspaced(term) or is_unspaced(candidate):
        return len(term) >= 2 and (term in candidate or candidate in term)
    words = candidate.split()
    return len(term) >= 4 and any(word.startswith(term) for word in words)


def parse_query(text: str) -> ParsedQuery:
    folded = normalize_text(text or "")[:MAX_QUERY_LENGTH]
    parsed = ParsedQuery(text=folded)
    if not folded:
        return parsed
    catalog = specialty_terms()
    # Multi-word names ("plastic surgery", "пластическая хирургия") are matched on the whole
    # query first, and their words are then not required to match again one by one.
    consumed: set[str] = set()
    for row in catalog:
        for candidate in row.terms:
            if " " in candidate and re.search(rf"(^|\s){re.escape(candidate)}(\s|$)", folded):
                parsed.matched_words.setdefault(row.id, set()).add(candidate)
                consumed.update(candidate.split())
    phrase_ids = set(parsed.matched_words)
    words = [word.strip(".,;:!?()[]\"'«»“”、。，") for word in folded.split()]
    for word in dict.fromkeys(w for w in words if w):
        if len(parsed.terms) >= MAX_TERMS:
            break
        parsed.terms.append(word)
        ids = {row.id for row in catalog if any(_term_names(word, candidate) for candidate in row.terms)}
        if word in consumed:
            ids |= {sid for sid in phrase_ids if any(word in c.split() for c in parsed.matched_words[sid])}
        parsed.specialty_ids_by_term[word] = ids
        for sid in ids:
            parsed.matched_words.setdefault(sid, set()).add(word)
    return parsed


def institution_search_text(*, names, address, district_names, extra=()) -> str:
    """What free text is matched against for an organization: its names everywhere, folded."""
    parts = [*names, *address, *district_names, *extra]
    return " | ".join(dict.fromkeys(normalize_text(part) for part in parts if part))
