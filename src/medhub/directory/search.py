"""Understanding a free-text query in any supported language: the lexicon.

Specialties are found by their names and synonyms, kept per language. Scripts written without
spaces between words (Chinese, Japanese, Korean, Thai) match on substrings; other scripts match
whole words or, for four letters or more, the start of a word ("derma" finds dermatology).

Synonyms know their language. A word only Chinese characters spell is read in the text's
language: 整形外科 is orthopedics in Japanese but plastic surgery in Chinese (整形), so Han words
are looked up among the Japanese terms when the text is Japanese (kana in it, or ``lang="ja"``) and
among the Chinese terms otherwise, the other language only when the first names nothing. Words of
other scripts are not ambiguous between the hub's languages and are looked up in all of them.

A general word ("treatment", "치료", "лечение", "clinic") names no specialty: it is in
``GENERAL_WORDS`` or it would name three specialties or more. It is not required of an
institution's text either.

When a query names a specialty, its other words narrow the results only if some institution's
text contains them ("소라 피부과"); words found nowhere describe the problem ("knee pain") and are
left out. A query whose words name nothing in the lexicon and are found nowhere is handed to the
embedding model (``directory/triage.py``), which names the specialty when it is confident
("dermatolgy", "болят зубы"); filter-only and name searches never load the model. Triage's
readings (its first specialty, and its second when that scores close to the first) replace what
the words named; search shows institutions of both readings (``ranking.interleaved``).
"""

import functools
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from medhub.core.i18n import normalize_text
from medhub.directory.models import Specialty

_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_KAZAKH = re.compile(r"[әғқңұһі]")
_MONGOLIAN = re.compile(r"[өү]")
_VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")
MAX_TERMS = 8
MAX_QUERY_LENGTH = 200
# A query of more words than this is read as a description when triage names its specialty.
DESCRIPTION_TERMS = 3
# A word that would name this many specialties or more names none ("clinic", "外科").
TOO_MANY_SPECIALTIES = 3
_PUNCTUATION = ".,;:!?()[]\"'«»“”、。，！？：；"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words too general to name a specialty, per language (folded). Each is also not required of an
# institution's text in search: "treatment" narrows nothing.
GENERAL_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "treatment treatments treat clinic clinics hospital hospitals doctor doctors surgery surgeries surgeon "
        "operation center centre care medical medicine health therapy procedure procedures consultation "
        "consult exam test tests cost price prices cheap best good korea korean seoul help pain problem "
        "problems disease diseases specialist i my me need want have has with for the a an and of in to "
        "on at is are be it after since from about please how much what which"
    ),
    "ko": _words(
        "치료 치료를 치료가 치료는 치료하고 병원 병원을 병원이 의원 클리닉 센터 의사 진료 진료를 수술 수술을 "
        "상담 검사 비용 가격 한국 서울 추천 문제 통증 질환 전문 전문의 시술 시술을 받고 싶어요 싶습니다 "
        "외과 내과의 있어요 합니다"
    ),
    "zh-hans": _words("治疗 医院 诊所 医生 中心 手术 咨询 检查 费用 价格 韩国 首尔 推荐 问题 疼痛 疾病 专科 外科 科"),
    "ja": _words("治療 病院 クリニック 医院 医者 センター 手術 相談 検査 費用 料金 韓国 ソウル 問題 痛み 病気 専門 外科 科"),
    "ru": _words(
        "лечение лечения лечить лечением клиника клиники клинику больница больницы больницу врач врача врачи "
        "центр операция операции операцию хирургия хирург консультация обследовать помощь цена цены стоимость "
        "корея корее сеул боль болит болят болезнь проблема проблемы я у меня мне хочу нужно нужна нужен в на и с "
        "после для по уже"
    ),
    "mn": _words(
        "эмчилгээ эмчилгээний эмнэлэг эмнэлгийн эмч төв мэс засал хагалгаа зөвлөгөө шинжилгээ үнэ зардал "
        "солонгос сөүл өвдөлт өвчин асуудал би миний надад хүсч байна болох болно"
    ),
    "kk": _words(
        "емдеу ем емі емхана аурухана дәрігер орталық операция хирургия кеңес тексеру баға құны корея сеул "
        "ауырсыну ауру мәселе мен менің маған керек"
    ),
    "vi": _words(
        "điều trị chữa bệnh viện phòng khám bác sĩ trung tâm phẫu thuật tư vấn khám giá chi phí hàn quốc "
        "seoul đau vấn đề tôi của muốn cần"
    ),
    "th": _words("รักษา การรักษา โรงพยาบาล คลินิก แพทย์ หมอ ศูนย์ ผ่าตัด ปรึกษา ตรวจ ราคา ค่าใช้จ่าย เกาหลี โซล ปวด โรค"),
    "ar": _words(
        "علاج العلاج مستشفى المستشفى عيادة طبيب الطبيب مركز جراحة عملية استشارة فحص سعر تكلفة كوريا سيول ألم "
        "مرض مشكلة أريد أنا لدي في من على"
    ),
}
ALL_GENERAL_WORDS = frozenset().union(*GENERAL_WORDS.values())

# Everyday words patients use for a body part, a complaint or a procedure, by language and
# specialty code (data/everyday_terms.json, read once per process), added to the specialties' own
# synonyms (which the hub edits) when the lexicon is built. A term written with a space is matched
# only as a whole phrase ("blood pressure"), so that its words do not name the specialty one by one
# ("blood" alone names nothing).
EVERYDAY_FILE = Path(__file__).resolve().parent / "data" / "everyday_terms.json"


def _everyday_terms() -> dict[str, dict[str, tuple[str, ...]]]:
    data = json.loads(EVERYDAY_FILE.read_text(encoding="utf-8"))
    return {
        language: {code: tuple(words) for code, words in by_code.items()}
        for language, by_code in data.items()
        if not language.startswith("_")
    }


EVERYDAY_TERMS: dict[str, dict[str, tuple[str, ...]]] = _everyday_terms()


def _word_classes(key: str) -> dict[str, tuple[str, ...]]:
    data = json.loads(EVERYDAY_FILE.read_text(encoding="utf-8")).get(key, {})
    return {
        language: tuple(dict.fromkeys(normalize_text(w) for w in words if w.strip()))
        for language, words in data.items()
        if not language.startswith("_")
    }


# Two classes of words triage weighs (``lexicon_weights``), from the same file: parts of the body
# ("eye", "nose"), and words saying a sentence's findings are normal or absent ("tests were normal").
BODY_PARTS: dict[str, tuple[str, ...]] = _word_classes("_body_parts")
RULED_OUT: dict[str, tuple[str, ...]] = _word_classes("_ruled_out")
_ALL_BODY_PARTS = frozenset(w for words in BODY_PARTS.values() for w in words)


def is_unspaced(text: str) -> bool:
    """True for text in a script that does not separate words with spaces."""
    return bool(_UNSPACED.search(text))


def is_general(word: str) -> bool:
    return word in ALL_GENERAL_WORDS


def detect_language(text: str, hint: str | None = None) -> str:
    """The hub language a text is written in, by its script; ``hint`` (the page's or the asked
    language) settles what the script leaves open (Chinese characters without kana, Cyrillic
    without Kazakh or Mongolian letters, Latin without Vietnamese marks)."""
    folded = normalize_text(text or "")
    if _HANGUL.search(folded):
        return "ko"
    if _KANA.search(folded):
        return "ja"
    if _HAN.search(folded):
        return hint if hint in ("ja", "zh-hans") else "zh-hans"
    if _THAI.search(folded):
        return "th"
    if _ARABIC.search(folded):
        return "ar"
    if _CYRILLIC.search(folded):
        if _KAZAKH.search(folded):
            return "kk"
        if _MONGOLIAN.search(folded):
            return "mn"
        return hint if hint in ("ru", "mn", "kk") else "ru"
    if _VIETNAMESE.search(folded):
        return "vi"
    return hint if hint in ("en", "vi") else "en"


@dataclass(frozen=True)
class SpecialtyTerms:
    id: int
    code: str
    terms: tuple[str, ...]


@dataclass
class ParsedQuery:
    text: str
    lang: str = "en"
    terms: list[str] = field(default_factory=list)
    # For each term, the ids of the specialties it names (empty when it names none).
    specialty_ids_by_term: dict[str, set[int]] = field(default_factory=dict)
    # For each specialty id, the words of the query that named it: shown as the reason.
    matched_words: dict[int, set[str]] = field(default_factory=dict)
    # Words too general to name anything, and words that only describe (found in no institution's text).
    general: set[str] = field(default_factory=set)
    described: set[str] = field(default_factory=set)
    # True when triage (the lexicon and the embedding model) chose the specialty.
    by_model: bool = False
    # Triage's readings of the query, best first: one specialty, or two when the second scores
    # close to the first (``triage.CLOSE_SECOND``); empty when triage did not choose.
    readings: tuple[int, ...] = ()

    @property
    def specialty_ids(self) -> set[int]:
        return set(self.matched_words)

    @property
    def text_terms(self) -> list[str]:
        """Words that name no specialty: they must appear in an institution's own text."""
        return [
            term
            for term in self.terms
            if not self.specialty_ids_by_term.get(term) and term not in self.general and term not in self.described
        ]


@dataclass(frozen=True)
class _Terms:
    """One language's terms (or every language's), prepared for fast matching."""

    exact: dict[str, frozenset[int]]
    unspaced: tuple[tuple[str, int], ...]
    spaced_words: tuple[tuple[str, int], ...]
    # Terms of scripts written without spaces, with what each names, and the longest one's length.
    unspaced_terms: dict[str, frozenset[int]] = field(default_factory=dict)
    longest: int = 0

    @classmethod
    def build(cls, pairs) -> "_Terms":
        exact: dict[str, set[int]] = {}
        unspaced, spaced_words = [], []
        for term, sid in pairs:
            exact.setdefault(term, set()).add(sid)
            if is_unspaced(term):
                unspaced.append((term, sid))
            else:
                # A general word of a name ("pain" of "back pain") is not matched by its start.
                spaced_words.extend((word, sid) for word in term.split() if not is_general(word))
        unspaced_terms: dict[str, set[int]] = {}
        for term, sid in unspaced:
            unspaced_terms.setdefault(term, set()).add(sid)
        return cls(
            exact={term: frozenset(ids) for term, ids in exact.items()},
            unspaced=tuple(dict.fromkeys(unspaced)),
            spaced_words=tuple(dict.fromkeys(spaced_words)),
            unspaced_terms={term: frozenset(ids) for term, ids in unspaced_terms.items()},
            longest=max((len(term) for term in unspaced_terms), default=0),
        )

    def terms_inside(self, piece: str) -> list[tuple[str, frozenset[int]]]:
        """The terms a run of unspaced text is made of, read left to right, the longest term at
        each place first ("手首が" is the wrist, not "首が" the neck)."""
        found, position = [], 0
        while position < len(piece):
            for size in range(min(self.longest, len(piece) - position), 0, -1):
                candidate = piece[position : position + size]
                if candidate in self.unspaced_terms:
                    found.append((candidate, self.unspaced_terms[candidate]))
                    position += size
                    break
            else:
                position += 1
        return found

    def names(self, word: str, *, inflected: bool = False) -> set[int]:
        if word in self.exact:
            return set(self.exact[word])  # a whole term: exactly what it names ("内科")
        ids: set[int] = set()
        if is_unspaced(word):
            if len(word) >= 2:
                ids.update(sid for term, sid in self.unspaced if word in term or term in word)
        elif len(word) >= 4:
            ids.update(sid for candidate, sid in self.spaced_words if candidate == word or candidate.startswith(word))
            if inflected and not ids:
                # Forgiving a changed last letter or two (Russian "коже" for "кожа"); in Latin
                # letters only an added ending ("knees", "ulcers": "skiing" is not "skin").
                latin = word.isascii()
                for candidate, sid in self.spaced_words:
                    if latin:
                        if word.startswith(candidate) and len(candidate) >= 3 and len(word) - len(candidate) <= 3:
                            ids.add(sid)
                        continue
                    stem = len(candidate) - 1 if len(candidate) <= 5 else len(candidate) - 2
                    if stem >= 3 and word[:stem] == candidate[:stem] and abs(len(word) - len(candidate)) <= 2:
                        ids.add(sid)
        return ids


@dataclass(frozen=True)
class _Catalog:
    """Specialty names and synonyms by language, prepared for fast matching, kept per process."""

    rows: tuple[SpecialtyTerms, ...]
    loaded_at: float
    by_language: dict[str, _Terms]
    every: _Terms
    phrases: tuple[tuple[str, int], ...]

    @classmethod
    def load(cls) -> "_Catalog":
        rows, pairs_by_language = [], {}
        for specialty in Specialty.objects.only("id", "code", "name", "synonyms"):
            texts = set()
            languages = set(specialty.name or {}) | set(specialty.synonyms or {})
            for language in languages:
                values = [(specialty.name or {}).get(language), *((specialty.synonyms or {}).get(language) or [])]
                folded = {normalize_text(v) for v in values if isinstance(v, str) and v.strip()}
                pairs_by_language.setdefault(language, []).extend((t, specialty.id) for t in folded)
                texts |= folded
            code = specialty.code.replace("-", " ")
            pairs_by_language.setdefault("en", []).append((code, specialty.id))
            texts.add(code)
            rows.append(SpecialtyTerms(specialty.id, specialty.code, tuple(sorted(t for t in texts if t))))
        by_code = {row.code: row.id for row in rows}
        everyday_phrases = []
        for language, terms in EVERYDAY_TERMS.items():
            for code, words in terms.items():
                if code not in by_code:
                    continue
                for word in {normalize_text(w) for w in words if w.strip()}:
                    if " " in word:
                        everyday_phrases.append((word, by_code[code]))  # matched whole, never word by word
                    else:
                        pairs_by_language.setdefault(language, []).append((word, by_code[code]))
        every = [(t, sid) for pairs in pairs_by_language.values() for t, sid in pairs]
        return cls(
            rows=tuple(rows),
            loaded_at=time.monotonic(),
            by_language={language: _Terms.build(pairs) for language, pairs in pairs_by_language.items()},
            every=_Terms.build(every),
            phrases=tuple(dict.fromkeys([*((t, sid) for t, sid in every if " " in t), *everyday_phrases])),
        )

    def names(self, word: str, lang: str = "en", *, inflected: bool = False) -> set[int]:
        """Ids of the specialties a single word names (none for a general word)."""
        if is_general(word):
            return set()
        if _HAN.search(word) and not _HANGUL.search(word):
            # Chinese characters: the text's language first, the other one if it names nothing.
            first = "ja" if lang == "ja" or _KANA.search(word) else "zh-hans"
            second = "zh-hans" if first == "ja" else "ja"
            ids: set[int] = set()
            for language in (first, second):
                terms = self.by_language.get(language)
                if terms and (ids := terms.names(word, inflected=inflected)):
                    break
        else:
            ids = self.every.names(word, inflected=inflected)
        return ids if len(ids) < TOO_MANY_SPECIALTIES else set()

    def names_inflected(self, word: str, lang: str = "en") -> set[int]:
        return self.names(word, lang, inflected=True)

    def phrases_in(self, folded: str) -> dict[int, set[str]]:
        """Multi-word names ("plastic surgery", "пластическая хирургия") found in the text. A phrase
        of a script without spaces may be followed by a particle ("아기가 안" in "아기가 안 생겨요",
        "숨이 차" in "숨이 차고"); other phrases end where a word ends."""
        found: dict[int, set[str]] = {}
        for candidate, sid in self.phrases:
            if candidate not in folded:
                continue
            end = "" if is_unspaced(candidate) else r"(?=[\s.,;:!?)]|$)"
            if re.search(rf"(^|[\s(]){re.escape(candidate)}{end}", folded):
                found.setdefault(sid, set()).add(candidate)
        return found

    def terms_inside(self, piece: str, lang: str) -> list[tuple[str, set[int]]]:
        """For a run of unspaced text (a Chinese sentence, a Korean word with its particles): the
        terms it is made of, each with the specialties it names (none for a general term or one
        naming too many). Chinese characters are read in the text's language (see ``names``)."""
        if lang in ("ja", "zh-hans"):
            orders = [lang, "zh-hans" if lang == "ja" else "ja"]
        else:
            orders = [None]
        for language in orders:
            terms = self.every if language is None else self.by_language.get(language)
            found = terms.terms_inside(piece) if terms else []
            if found:
                return [
                    (term, set(ids) if len(ids) < TOO_MANY_SPECIALTIES and not is_general(term) else set()) for term, ids in found
                ]
        return []


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


def words_of(folded: str, catalog_rows) -> list[str]:
    """The words of a folded text, punctuation stripped, CJK compounds split around specialty names."""
    words = []
    for raw in folded.split():
        word = raw.strip(_PUNCTUATION)
        words.extend(_split_compound(word, catalog_rows) if is_unspaced(word) else [word])
    return [w for w in words if w]


def parse_query(text: str, lang: str | None = None) -> ParsedQuery:
    folded = normalize_text(text or "")[:MAX_QUERY_LENGTH]
    prepared = catalog()
    return _parse_cached(folded, detect_language(folded, lang), prepared.loaded_at)


@functools.lru_cache(maxsize=4096)
def _parse_cached(folded: str, lang: str, _catalog_stamp: float) -> ParsedQuery:
    prepared = catalog()
    parsed = ParsedQuery(text=folded, lang=lang)
    if not folded:
        return parsed
    # Multi-word names are matched on the whole query first, and their words are then not
    # required to match again one by one.
    parsed.matched_words = prepared.phrases_in(folded)
    consumed = {word for words in parsed.matched_words.values() for phrase in words for word in phrase.split()}
    phrase_ids = set(parsed.matched_words)
    for word in dict.fromkeys(words_of(folded, prepared.rows)):
        if len(parsed.terms) >= MAX_TERMS:
            break
        parsed.terms.append(word)
        ids = prepared.names(word, lang)
        if word in consumed:
            ids |= {sid for sid in phrase_ids if any(word in c.split() for c in parsed.matched_words[sid])}
        if not ids and (is_general(word) or prepared.every.names(word)):
            parsed.general.add(word)  # general, or naming too many specialties
        parsed.specialty_ids_by_term[word] = ids
        for sid in ids:
            parsed.matched_words.setdefault(sid, set()).add(word)
    others = parsed.text_terms
    named_sets = {frozenset(ids) for ids in parsed.specialty_ids_by_term.values() if ids}
    if not others and len(named_sets) <= 1:
        return parsed  # one specialty (or none) and general words
    from medhub.directory import triage

    if not parsed.matched_words:
        # Nothing named: a name ("소라"), nonsense ("xyzzy"), a misspelling ("dermatolgy") or a
        # description. Only if the model names a specialty are the words looked up in the directory.
        readings = triage.readings(folded, lang)
        if not readings:
            return parsed
        unknown = [term for term in others if not _in_some_institution(term)]
        if not unknown:
            return parsed  # every word is found in some institution's text: a name search
    else:
        # Words naming different specialties ("physio after my knee operation") go to triage
        # even when every other word is general: required together, they would find only
        # institutions that treat both.
        unknown = [term for term in others if not _in_some_institution(term)]
        if not unknown and len(named_sets) <= 1:
            return parsed  # a specialty and names ("소라 피부과"): the lexicon is enough
        # Free text describing a problem, or words naming different specialties: triage (the
        # lexicon and the embedding model) reads which specialty the query is about, and a
        # close second one (``triage.readings``; search mixes their institutions).
        readings = triage.readings(folded, lang)
        if not readings:
            parsed.described.update(unknown)
            return parsed
    parsed.by_model = True
    parsed.readings = readings
    naming = [term for term in parsed.terms if parsed.specialty_ids_by_term.get(term) or term in unknown]
    for term in naming:
        parsed.specialty_ids_by_term[term] = set(readings)  # an institution treating either reading
    first, *second = readings
    # The reason shown names the words read: for the first reading, every naming word; for a
    # second one, the words that named it in the lexicon if any ("nose" for ENT), else the same.
    named_by_lexicon = parsed.matched_words
    parsed.matched_words = {first: set(named_by_lexicon.get(first, set())) | set(naming)}
    for sid in second:
        parsed.matched_words[sid] = set(named_by_lexicon.get(sid, set())) or set(naming)
    if len(parsed.terms) > DESCRIPTION_TERMS:
        parsed.described.update(parsed.text_terms)  # a sentence: its other words describe, not name
    return parsed


def _in_some_institution(term: str) -> bool:
    from medhub.directory.models import Organization

    return Organization.objects.filter(search_text__contains=text_pattern(term)).exists()


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


def lexicon_hits(text: str, lang: str | None = None, *, max_length: int = 4000) -> tuple[dict[int, set[str]], set[str]]:
    """For a longer text (an inquiry): every specialty its words name, with those words, and the
    words too general to name any. The same matching as search, forgiving inflected endings,
    without search's limit on the number of words."""
    weighted, general = lexicon_weights(text, lang, max_length=max_length)
    return {sid: set(words) for sid, words in weighted.items()}, general


# How specific a word of the text is, as triage weighs it (decision 0019, "Long inquiries"): a
# phrase ("tummy tuck", "ung thư dạ dày") or a long term of an unspaced script (双眼皮) says more
# than a single word; a word read through an inflected ending or as the start of a longer term,
# or a short unspaced term (眼睛, 目), says less; a word naming two specialties is split between them.
WEIGHT_PHRASE = 1.25
WEIGHT_EXACT = 1.0
WEIGHT_PREFIX = 0.8
WEIGHT_INFLECTED = 0.6
WEIGHT_BY_UNSPACED_LENGTH = (0.5, 0.5, 0.8, 1.0, 1.1)  # by the term's length in characters, 4 and more
WEIGHT_SHARED = 0.7  # a word naming two specialties, for each of them


def lexicon_weights(
    text: str, lang: str | None = None, *, max_length: int = 4000
) -> tuple[dict[int, dict[str, float]], set[str]]:
    """``lexicon_hits`` with how specific each naming word is: for each specialty, its words and
    their weights (``WEIGHT_*``; a part of the body weighs ``WEIGHT_BODY_PART`` of that, and a
    word of a sentence saying its findings are normal ``WEIGHT_RULED_OUT``), and the words too
    general to name any. Each sentence is read on its own; a word found in several keeps its
    highest weight."""
    folded = normalize_text(text or "")[:max_length]
    lang = detect_language(folded, lang)
    prepared = catalog()
    named: dict[int, dict[str, float]] = {}
    general: set[str] = set()
    for sentence in _sentences(folded):
        found, words_general = _sentence_weights(prepared, sentence, lang)
        general |= words_general
        factor = WEIGHT_RULED_OUT if _rules_out(sentence, lang) else 1.0
        for sid, words in found.items():
            kept = named.setdefault(sid, {})
            for word, weight in words.items():
                kept[word] = max(kept.get(word, 0.0), weight * factor)
    return named, general


WEIGHT_BODY_PART = 0.8
WEIGHT_RULED_OUT = 0.5
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|[。！？!?\n]+|(?<=[\u0e00-\u0e7f])\s+(?=[\u0e00-\u0e7f])")


def _sentences(folded: str) -> list[str]:
    """The sentences of a text (Thai, written without full stops, by its spaces)."""
    return [part.strip() for part in _SENTENCE_END.split(folded) if part and part.strip()]


def _rules_out(sentence: str, lang: str) -> bool:
    markers = RULED_OUT.get(lang, ())
    if is_unspaced(sentence):
        return any(marker in sentence for marker in markers)
    padded = f" {' '.join(w.strip(_PUNCTUATION) for w in sentence.split())} "
    return any(f" {marker} " in padded for marker in markers)


def _is_body_part(word: str) -> bool:
    if word in _ALL_BODY_PARTS:
        return True
    if is_unspaced(word) or len(word) < 4:
        return False
    # An inflected form of a body part ("глаза", "головы", "нүдээ"), its first letters kept.
    return any(
        len(part) >= 3 and word.startswith(part[: max(3, len(part) - 1)]) and len(word) - len(part) <= 3
        for part in _ALL_BODY_PARTS
        if not is_unspaced(part)
    )


def _sentence_weights(prepared: "_Catalog", folded: str, lang: str) -> tuple[dict[int, dict[str, float]], set[str]]:
    phrases = _longest_phrases(prepared.phrases_in(folded))
    named: dict[int, dict[str, float]] = {sid: dict.fromkeys(found, WEIGHT_PHRASE) for sid, found in phrases.items()}
    general: set[str] = set()
    # A word of a phrase found in the text names only what the phrase names ("терапия" of
    # "протонная терапия" is not internal medicine's "терапия").
    phrase_owners: dict[str, set[int]] = {}
    for sid, found in phrases.items():
        for phrase in found:
            for word in phrase.split():
                phrase_owners.setdefault(word, set()).add(sid)

    def add(word: str, ids, weight: float) -> None:
        if not ids:
            general.add(word)
        if len(ids) > 1:
            weight *= WEIGHT_SHARED
        if _is_body_part(word):
            weight *= WEIGHT_BODY_PART
        for sid in ids:
            words = named.setdefault(sid, {})
            words[word] = max(words.get(word, 0.0), weight)

    for raw in dict.fromkeys(folded.split()):
        if is_unspaced(raw) and not is_general(raw.strip(_PUNCTUATION)):
            # A run of unspaced text is read as the terms it is made of, each naming on its own, so
            # that a long sentence does not name everything its terms do together (nor nothing).
            inside = [(term, ids) for part in _SENTENCE_BREAK.split(raw) for term, ids in prepared.terms_inside(part, lang)]
            if inside:
                for term, ids in inside:
                    length = min(len(term), len(WEIGHT_BY_UNSPACED_LENGTH) - 1)
                    add(term, ids, WEIGHT_BY_UNSPACED_LENGTH[length])
                continue
        for piece in words_of(raw, prepared.rows):
            if len(piece) < 2:
                continue
            ids = prepared.names(piece, lang)
            weight = WEIGHT_EXACT if _is_whole_term(prepared, piece, lang) else WEIGHT_PREFIX
            if not ids:
                ids = prepared.names_inflected(piece, lang)
                weight = WEIGHT_INFLECTED
            if piece in phrase_owners:
                ids &= phrase_owners[piece]
                if not ids:
                    continue  # part of another specialty's phrase: neither naming nor general
            if ids or is_general(piece) or prepared.every.names(piece):
                add(piece, ids, weight)
    return {sid: _one_mention_per_phrase(words) for sid, words in named.items()}, general


def _is_whole_term(prepared: "_Catalog", word: str, lang: str) -> bool:
    if _HAN.search(word) and not _HANGUL.search(word):
        return any(word in (prepared.by_language.get(language) or prepared.every).exact for language in ("ja", "zh-hans"))
    return word in prepared.every.exact


def _longest_phrases(found: dict[int, set[str]]) -> dict[int, set[str]]:
    """Phrases found inside a longer phrase found in the same text are dropped: "thyroid cancer"
    is oncology, not also internal medicine's "thyroid" ("dạ dày" in "ung thư dạ dày")."""
    every = {phrase for phrases in found.values() for phrase in phrases}
    kept = {
        sid: {p for p in phrases if not any(q != p and f" {p} " in f" {q} " for q in every)} for sid, phrases in found.items()
    }
    return {sid: phrases for sid, phrases in kept.items() if phrases}


def _one_mention_per_phrase(words: dict[str, float]) -> dict[str, float]:
    """A phrase and its own words are one mention ("منظار المعدة" and "المعدة"), not two."""
    phrases = [w for w in words if " " in w]
    if not phrases:
        return words
    return {
        w: weight
        for w, weight in words.items()
        if not any(phrase != w and (f" {w} " in f" {phrase} " or (is_unspaced(w) and w in phrase)) for phrase in phrases)
    }


_SENTENCE_BREAK = re.compile(r"[.,;:!?()\[\]\"'«»“”、。，！？：；…・]+")


def specialties_named_in(text: str, *, max_length: int = 4000, lang: str | None = None) -> dict[int, set[str]]:
    """For a longer text (an inquiry): every specialty its words name, with those words."""
    return lexicon_hits(text, lang, max_length=max_length)[0]
