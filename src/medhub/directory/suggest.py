"""Which specialty an inquiry's text sounds like, for the inquiry form's suggestion.

One thin function, ``suggest_specialties(text, lang)``, answered by the same triage as
``POST /api/v1/triage/`` (``directory/triage.py``: the lexicon and the embedding model).
"""

from dataclasses import dataclass

from medhub.core.i18n import pick
from medhub.directory import triage

MAX_TEXT = 4000
MAX_SUGGESTIONS = 3


@dataclass(frozen=True)
class Suggestion:
    code: str
    name: str  # in the language asked for
    score: float  # triage's score, 0..1
    words: tuple[str, ...]  # the words of the text that named it


def suggest_specialties(text: str, lang: str) -> list[Suggestion]:
    """Specialties the text is about, best first (at most three); none for a text naming none.
    Answered by directory.triage (the lexicon and the embedding model, decision 0019); ``lang``
    is the page's language: the names are in it, and it settles the text's language where the
    script leaves it open."""
    from medhub.directory.selectors import specialty_by_id

    by_id = specialty_by_id()
    result = triage.triage((text or "")[:MAX_TEXT], lang, limit=MAX_SUGGESTIONS)
    return [
        Suggestion(code=m.code, name=pick(by_id[m.specialty_id].name, lang), score=m.score, words=m.words)
        for m in result.matches
        if m.specialty_id in by_id
    ]
