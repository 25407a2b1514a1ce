"""Understanding a free-text query in any supported language.

Specialties are found by their names and synonyms in every language. Scripts written without
spaces between words (Chinese, Japanese, Korean, Thai) match on substrings; other scripts match
whole words or, for four letters or more, the start of a word ("derma" finds dermatology).
"""

import functools
import re
import time
from dataclasses import dataclass, field

from medhub.core.i18n import all_texts, normalize_text
from medhub.directory.models import Specialty

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

    @property
    def text_terms(self) -> list[str]:
        """Words that name no specialty: they must appear in an institution's own text."""
        return [term for term in self.terms if not self.specialty_ids_by_term.get(term)]


@dataclass(frozen=True)
class _Catalog:
    """Specialty names and synonyms prepared for fast matching, kept per process."""

    rows: tuple[SpecialtyTerms, ...]
    loaded_at: float
    exact: dict[str, frozenset[int]]
    unspaced: tuple[tuple[str, int], ...]
    spaced_words: tuple[tuple[str, int], ...]

    @classmethod
    def load(cls) -> "_Catalog":
        rows = []
        for specialty in Specialty.objects.only("id", "code", "name", "synonyms"):
            texts = {normalize_text(t) for t in [*all_texts(specialty.name), *all_texts(specialty.synonyms)]}
            texts.add(specialty.code.replace("-", " "))
            rows.append(SpecialtyTerms(specialty.id, specialty.code, tuple(sorted(t for t in texts if t))))
        exact: dict[str, set[int]] = {}
        unspaced, spaced_words = [], []
        for row in rows:
            for term in row.terms:
                exact.setdefault(term, set()).add(row.id)
                if is_unspaced(term):
                    unspaced.append((term, row.id))
                else:
                    spaced_words.extend((word, row.id) for word in term.split())
        return cls(
            rows=tuple(rows),
            loaded_at=time.monotonic(),
            exact={term: frozenset(ids) for term, ids in exact.items()},
            unspaced=tuple(unspaced),
            spaced_words=tuple(dict.fromkeys(spaced_words)),
        )

    def names_inflected(self, word: str) -> set[int]:
        """Like ``names``, also forgiving a changed last letter or two (Russian "коже" for
        "кожа"): used on inquiry texts, where words come inflected."""
        ids = self.names(word)
        if not is_unspaced(word) and len(word) >= 4:
            for candidate, sid in self.spaced_words:
                stem = len(candidate) - 1 if len(candidate) <= 5 else len(candidate) - 2
                if stem >= 3 and word[:stem] == candidate[:stem] and abs(len(word) - len(candidate)) <= 2:
                    ids.add(sid)
        return ids

    def names(self, word: str) -> set[int]:
        """Ids of the specialties a single word names."""
        ids = set(self.exact.get(word, ()))
        if is_unspaced(word):
            if len(word) >= 2:
                ids.update(sid for term, sid in self.unspaced if word in term or term in word)
        elif len(word) >= 4:
            ids.update(sid for candidate, sid in self.spaced_words if candidate.startswith(word))
        return ids


_catalog: _Catalog | None = None
CATALOG_SECONDS = 300


def catalog() -> _Catalog:
    global _catalog
    if _catalog is None or time.monotonic() - _catalog.loaded_at > CATALOG_SECONDS:
        _catalog = _Catalog.load()
    return _catalog


def specialty_terms() -> tuple[SpecialtyTerms, ...]:
    return catalog().rows


def forget_specialty_terms() -> None:
    global _catalog
    _catalog = None
    _parse_cached.cache_clear()


def parse_query(text: str) -> ParsedQuery:
    folded = normalize_text(text or "")[:MAX_QUERY_LENGTH]
    prepared = catalog()
    return _parse_cached(folded, prepared.loaded_at)


@functools.lru_cache(maxsize=4096)
def _parse_cached(folded: str, _catalog_stamp: float) -> ParsedQuery:
    prepared = catalog()
    parsed = ParsedQuery(text=folded)
    if not folded:
        return parsed
    catalog_rows = prepared.rows
    # Multi-word names ("plastic surgery", "пластическая хирургия") are matched on the whole
    # query first, and their words are then not required to match again one by one.
    consumed: set[str] = set()
    for row in catalog_rows:
        for candidate in row.terms:
            if " " in candidate and re.search(rf"(^|\s){re.escape(candidate)}(\s|$)", folded):
                parsed.matched_words.setdefault(row.id, set()).add(candidate)
                consumed.update(candidate.split())
    phrase_ids = set(parsed.matched_words)
    words = []
    for raw in folded.split():
        word = raw.strip(".,;:!?()[]\"'«»“”、。，")
        words.extend(_split_compound(word, catalog_rows) if is_unspaced(word) else [word])
    for word in dict.fromkeys(w for w in words if w):
        if len(parsed.terms) >= MAX_TERMS:
            break
        parsed.terms.append(word)
        ids = prepared.names(word)
        if word in consumed:
            ids |= {sid for sid in phrase_ids if any(word in c.split() for c in parsed.matched_words[sid])}
        parsed.specialty_ids_by_term[word] = ids
        for sid in ids:
            parsed.matched_words.setdefault(sid, set()).add(word)
    return parsed


def _split_compound(word: str, catalog: tuple[SpecialtyTerms, ...]) -> list[str]:
    """ "ソラ皮膚" → ["皮膚", "ソラ"]: a specialty name written together with other words."""
    if any(word in c for row in catalog for c in row.terms):
        return [word]  # the whole word is (part of) a specialty name
    inside = [c for row in catalog for c in row.terms if len(c) >= 2 and c in word and " " not in c]
    if not inside:
        return [word]
    longest = max(inside, key=len)
    # One leftover character is usually a grammatical particle (피부과는): it is dropped.
    rest = [piece for piece in word.split(longest) if len(piece) >= 2]
    return [longest, *[part for piece in rest for part in _split_compound(piece, catalog)]]


_UNSPACED_RUN = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]{2,}")


def text_pattern(term: str) -> str:
    """What to look for in ``search_text``: a two-character CJK or Thai word is looked up among
    the stored bigram words (with spaces around it), which lets PostgreSQL's trigram index
    answer; anything else is a plain substring."""
    if len(term) == 2 and is_unspaced(term):
        return f" {term} "
    return term


def bigram_words(text: str) -> list[str]:
    """Every two-character piece of the CJK and Thai runs in ``text``."""
    return list(dict.fromkeys(run[i : i + 2] for run in _UNSPACED_RUN.findall(text) for i in range(len(run) - 1)))


def institution_search_text(*, names, address, district_names, extra=()) -> str:
    """What free text is matched against for an organization: its names everywhere, folded."""
    parts = [*names, *address, *district_names, *extra]
    folded = " | ".join(dict.fromkeys(normalize_text(part) for part in parts if part))
    bigrams = bigram_words(folded)
    return f"{folded} | {' '.join(bigrams)} " if bigrams else folded


def specialties_named_in(text: str, *, max_length: int = 4000) -> dict[int, set[str]]:
    """For a longer text (an inquiry): every specialty its words name, with those words.

    The same matching as search, without search's limit on the number of words.
    """
    folded = normalize_text(text or "")[:max_length]
    prepared = catalog()
    named: dict[int, set[str]] = {}
    for row in prepared.rows:
        for candidate in row.terms:
            if " " in candidate and re.search(rf"(^|\s){re.escape(candidate)}(\s|$)", folded):
                named.setdefault(row.id, set()).add(candidate)
    for raw in folded.split():
        word = raw.strip(".,;:!?()[]\"'«»“”、。，")
        for piece in _split_compound(word, prepared.rows) if is_unspaced(word) else [word]:
            if len(piece) < 2:
                continue
            for sid in prepared.names_inflected(piece):
                named.setdefault(sid, set()).add(piece)
    return named
