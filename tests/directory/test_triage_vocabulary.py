"""The everyday vocabulary of the triage (directory/data/everyday_terms.json): lay words for
symptoms, body parts and procedures name their specialty in every language, general words still
name nothing, and the words of a phrase do not name anything on their own."""

import pytest

from medhub.directory import search, triage

pytestmark = pytest.mark.django_db
URL = "/api/v1/triage/"


@pytest.fixture
def specialties(db):
    from tests import factories

    factories.hub()
    search.forget_specialty_terms()
    return factories.load_specialties()


def codes(client, text, lang):
    response = client.post(URL, {"text": text, "lang": lang}, content_type="application/json")
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["specialties"]]


def named(text, lang):
    by_id = {row.id: row.code for row in search.specialty_terms()}
    hits, _general = search.lexicon_hits(text, lang)
    return {by_id[sid]: words for sid, words in hits.items()}


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("My gums bleed every time I brush and one molar is loose.", "en", "dentistry"),
        ("There is a lump under my armpit and the biopsy came back malignant.", "en", "oncology"),
        ("It burns when I urinate and I have to get up at night to pee.", "en", "urology"),
        ("I have had diarrhea and nausea for a week.", "en", "internal-medicine"),
        ("사랑니가 아프고 잇몸이 부었어요.", "ko", "dentistry"),
        ("最近经常耳鸣，听力也下降了。", "zh-hans", "otolaryngology"),
        ("手首をひねってから腫れています。", "ja", "orthopedics"),
        ("У меня сильная изжога и тошнота по утрам.", "ru", "internal-medicine"),
        ("Chân răng tôi hay chảy máu khi đánh răng.", "vi", "dentistry"),
        ("ปวดท้องและท้องเสียมาสามวัน", "th", "internal-medicine"),
        ("أعاني من طنين في أذني منذ شهر.", "ar", "otolaryngology"),
        ("Құлағым шулайды, жақсы естімеймін.", "kk", "otolaryngology"),
        ("Буйлнаас цус гарч, шүд өвддөг.", "mn", "dentistry"),
    ],
)
def test_lay_words_name_their_specialty(client, specialties, text, lang, expected):
    assert codes(client, text, lang)[0] == expected


@pytest.mark.parametrize(("text", "lang"), [("pain", "en"), ("doctor treatment", "en"), ("통증", "ko"), ("боль", "ru")])
def test_general_words_still_name_nothing(client, specialties, text, lang):
    assert codes(client, text, lang) == []


def test_the_words_of_a_phrase_name_nothing_alone(specialties):
    assert "cardiology" in named("my blood pressure is high", "en")
    assert "cardiology" not in named("blood", "en")
    # "терапия" alone is internal medicine in Russian, but not inside "протонная терапия".
    assert named("протонная терапия", "ru") == {"oncology": {"протонная терапия"}}


def test_unspaced_text_is_read_longest_term_first(specialties):
    hits = named("手首が痛いです", "ja")
    assert hits == {"orthopedics": {"手首"}}  # the wrist, not 首が (the neck)


def test_a_sentence_in_chinese_names_each_specialty_by_its_own_term(specialties):
    hits = named("我牙龈出血，眼睛也看不清，还经常耳鸣。", "zh-hans")
    assert {"dentistry", "ophthalmology", "otolaryngology"} <= set(hits)
    assert hits["dentistry"] == {"牙龈"}


def test_an_english_ending_is_forgiven_but_not_a_changed_word(specialties):
    assert "orthopedics" in named("both knees", "en")
    assert "dermatology" not in named("skiing", "en")


def test_the_model_reads_the_everyday_words_too(specialties):
    _ids, passages = triage._passages()
    assert any("heartburn" in text for _position, text in passages)


@pytest.mark.parametrize(
    ("text", "lang"),
    [("thyroid cancer", "en"), ("рак щитовидной железы", "ru"), ("甲状腺癌", "zh-hans"), ("ung thư dạ dày", "vi")],
)
def test_a_cancer_named_by_its_organ_is_oncology_alone(specialties, text, lang):
    assert set(named(text, lang)) == {"oncology"}
