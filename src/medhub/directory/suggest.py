"""Which specialty an inquiry's text sounds like, for the inquiry form's suggestion.

One thin function, ``suggest_specialties(text, lang)``: today it asks the lexicon that search
uses (``search.specialties_named_in``); the triage service (``POST /api/v1/triage/``) may later
answer it instead with a better model, and the form's endpoint will not change.
"""

from dataclasses import dataclass

from medhub.core.i18n import pick
from medhub.directory.search import specialties_named_in

MAX_TEXT = 4000
MAX_SUGGESTIONS = 3


@dataclass(frozen=True)
class Suggestion:
    code: str
    name: str  # in the language asked for
    score: float  # share of the matched words that name this specialty, 0..1
    words: tuple[str, ...]  # the words of the text that named it


def suggest_specialties(text: str, lang: str) -> list[Suggestion]:
    """Specialties the text names, most named first (at most three); none for a text naming none."""
    from medhub.directory.selectors import specialty_by_id

    named = specialties_named_in((text or "")[:MAX_TEXT])
    if not named:
        return []
    by_id = specialty_by_id()
    total = sum(len(words) for words in named.values())
    ranked = sorted(
        ((sid, words) for sid, words in named.items() if sid in by_id),
        key=lambda item: (-len(item[1]), by_id[item[0]].position, by_id[item[0]].code),
    )
    return [
        Suggestion(
            code=by_id[sid].code,
            name=pick(by_id[sid].name, lang),
            score=round(len(words) / total, 3),
            words=tuple(sorted(words)),
        )
        for sid, words in ranked[:MAX_SUGGESTIONS]
    ]
