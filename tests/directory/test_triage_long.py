"""Long inquiries (decision 0019, "Long inquiries"): the lexicon's words weigh by how specific they
are, a sentence saying its findings are normal weighs less, and the right specialty comes first
when several words of a text name different ones."""

import pytest

from medhub.directory import search

pytestmark = pytest.mark.django_db
URL = "/api/v1/triage/"


@pytest.fixture
def specialties(db):
    from tests import factories

    factories.hub()
    search.forget_specialty_terms()
    return factories.load_specialties()


def first(client, text, lang):
    response = client.post(URL, {"text": text, "lang": lang}, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["specialties"][0]["code"]


def weights(text, lang):
    by_id = {row.id: row.code for row in search.specialty_terms()}
    found, _general = search.lexicon_weights(text, lang)
    return {by_id[sid]: words for sid, words in found.items()}


def test_a_procedure_phrase_outweighs_a_body_part(specialties):
    found = weights("I have loose skin on my belly. I would like a tummy tuck.", "en")
    assert found["plastic-surgery"]["tummy tuck"] == search.WEIGHT_PHRASE
    assert found["dermatology"]["skin"] == pytest.approx(search.WEIGHT_EXACT * search.WEIGHT_BODY_PART)
    assert found["plastic-surgery"]["tummy tuck"] > found["dermatology"]["skin"]


def test_an_inflected_word_weighs_less_than_the_word_itself(specialties):
    assert weights("My knee hurts.", "en")["orthopedics"]["knee"] == pytest.approx(search.WEIGHT_BODY_PART)
    assert weights("I have cataracts.", "en")["ophthalmology"]["cataracts"] == search.WEIGHT_INFLECTED


def test_a_sentence_saying_its_findings_are_normal_weighs_half(specialties):
    found = weights("验血甲状腺正常。想了解脱发治疗。", "zh-hans")
    alone = weights("想了解甲状腺。", "zh-hans")
    assert found["internal-medicine"]["甲状腺"] == pytest.approx(search.WEIGHT_RULED_OUT * alone["internal-medicine"]["甲状腺"])
    assert found["dermatology"]["脱发"] == weights("想了解脱发治疗。", "zh-hans")["dermatology"]["脱发"]


def test_the_same_word_in_two_sentences_keeps_its_highest_weight(specialties):
    found = weights("My tests were normal. My knee still hurts.", "en")
    assert found["orthopedics"]["knee"] == pytest.approx(search.WEIGHT_BODY_PART)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "After losing 30 kg I have loose skin on my belly and upper arms. I would like a tummy tuck and an arm lift."
            " How long must I stay before flying back?",
            "en",
            "plastic-surgery",
        ),
        ("我头发越来越少，头顶能看到头皮。验血甲状腺正常。想了解韩国的脱发治疗，比如头皮注射。", "zh-hans", "dermatology"),
        ("我想做双眼皮和开眼角，同时想垫下巴。我的眼睛视力正常。术后要在首尔待多久才能回国？", "zh-hans", "plastic-surgery"),
        (
            "Бетімде безеу көп, іздері қалып қойды. Кремдер көмектеспеді. Кореяда лазермен емделгім келеді, неше сеанс қажет?",
            "kk",
            "dermatology",
        ),
    ],
)
def test_long_inquiries_with_words_naming_other_specialties(client, specialties, text, lang, expected):
    assert first(client, text, lang) == expected
