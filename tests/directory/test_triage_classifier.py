"""Triage's classifier (directory/classifier.py, decision 0028): the shipped weights, training,
the command that trains them, and what it adds to the triage API."""

import json

import numpy as np
import pytest
from django.core.management import call_command

from medhub.directory import classifier, triage

LANGUAGES = {"ko", "en", "ja", "zh-hans", "ru", "mn", "vi", "th", "ar", "kk"}
CODES = {row["code"] for row in json.loads((classifier.DATA / "specialties.json").read_text(encoding="utf-8"))}


def test_the_shipped_weights_were_trained_on_the_shipped_examples():
    shipped = classifier.load()
    assert shipped is not None
    # A change of the examples without `manage.py train_triage` fails here.
    assert shipped.trained_on == classifier.digest(classifier.read_examples())
    assert set(shipped.codes) == CODES
    assert shipped.weights.shape == (384, len(CODES))


def test_every_language_has_examples_of_every_specialty():
    examples = classifier.read_examples()
    assert {e.code for e in examples} == CODES
    for language in LANGUAGES:
        for code in CODES:
            inquiries = [e for e in examples if e.lang == language and e.code == code and e.kind == "i"]
            assert len(inquiries) >= 3, (language, code)


def test_a_malformed_example_line_is_refused_with_its_place(tmp_path):
    (tmp_path / "xx.txt").write_text("# comment\nen|i|dentistry|a tooth hurts\nen|x|dentistry\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"xx.txt:3"):
        classifier.read_examples(tmp_path)


def test_training_learns_what_it_is_shown_and_gives_the_same_weights_twice():
    rng = np.random.default_rng(1)
    centres = rng.normal(size=(3, 384))
    vectors = np.concatenate([centre + 0.3 * rng.normal(size=(20, 384)) for centre in centres])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    labels = ["a"] * 20 + ["b"] * 20 + ["c"] * 20
    first = classifier.train(vectors, labels, steps=100)
    again = classifier.train(vectors, labels, steps=100)
    assert np.array_equal(first.weights, again.weights)
    for centre, label in zip(centres, "abc", strict=True):
        odds = first.probabilities(centre / np.linalg.norm(centre))
        assert max(odds, key=odds.get) == label
        assert odds[label] > 0.9
        assert sum(odds.values()) == pytest.approx(1.0)


def test_train_triage_embeds_the_examples_and_writes_weights_that_load(tmp_path, settings):
    settings.MEDHUB_TRIAGE_VECTORS_DIR = str(tmp_path / "vectors")
    folder = tmp_path / "examples"
    folder.mkdir()
    (folder / "en.txt").write_text(
        "en|i|dentistry|My tooth aches when I drink something cold.\n"
        "en|q|dentistry|dental implant\n"
        "en|i|ophthalmology|My eyesight is blurry and I want laser eye surgery.\n"
        "en|q|ophthalmology|cataract surgery\n",
        encoding="utf-8",
    )
    output = tmp_path / "weights.npz"
    call_command("train_triage", examples=folder, output=output, threads=1, stdout=(out := __import__("io").StringIO()))
    assert "4 examples, 2 specialties" in out.getvalue()
    trained = classifier.load(output)
    assert trained.codes == ("dentistry", "ophthalmology")
    assert trained.trained_on == classifier.digest(classifier.read_examples(folder))
    odds = trained.probabilities(triage.embedder().query(classifier.model_text("a broken molar")))
    assert odds["dentistry"] > odds["ophthalmology"]
    # The vectors are kept: training again embeds nothing.
    assert list((tmp_path / "vectors").glob("examples-*.npy"))


def test_the_model_reads_the_text_without_general_words():
    assert classifier.model_text("Treatment for my KNEE, please") == classifier.model_text("my knee, please")


@pytest.fixture
def specialties(db):
    from tests import factories

    factories.hub()
    return factories.load_specialties()


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # Written for this test, in none of the examples. With the lexicon and the passages alone
        # (the weights before decision 0028), the first went to internal medicine ("живот") and the
        # second to Korean medicine.
        ("Жена после кесарева, живот обвис, хочу абдоминопластику и убрать растяжки.", "ru", "plastic-surgery"),
        (
            "Bố tôi bị Parkinson, tay run nhiều, thuốc không còn hiệu quả. Bác sĩ nói có thể cấy điện cực não.",
            "vi",
            "neurosurgery",
        ),
        (
            "엄마가 무릎 인공관절 수술 후 다리에 힘이 없어서 걷는 연습이랑 근력 운동을 2주 정도 받고 싶어요.",
            "ko",
            "rehabilitation",
        ),
    ],
)
def test_the_api_ranks_what_the_examples_taught_first(client, specialties, text, lang, expected):
    response = client.post("/api/v1/triage/", {"text": text, "lang": lang}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["specialties"][0]["code"] == expected


@pytest.mark.django_db
def test_the_classifier_speaks_for_every_specialty_of_the_hub(specialties):
    found = triage.signals("My tooth aches when I drink something cold.", "en")
    assert set(found.likely) == {s.id for s in specialties.values()}
    assert sum(found.likely.values()) == pytest.approx(1.0)
    assert max(found.likely, key=found.likely.get) == specialties["dentistry"].id


def test_a_specialty_the_hub_added_after_training_is_read_by_the_lexicon_and_the_passages(client, specialties):
    from medhub.directory.models import Specialty
    from medhub.directory.services import directory_changed

    added = Specialty.objects.create(
        code="psychiatry",
        name={"en": "Psychiatry"},
        synonyms={"en": ["psychiatrist", "depression", "anxiety"]},
        description={"en": "Diagnosis and treatment of mental health conditions such as depression, anxiety and insomnia."},
        position=99,
    )
    directory_changed()
    assert added.id not in triage.signals("I need a psychiatrist for my depression", "en").likely
    for text in ("I need a psychiatrist for my depression", "anxiety"):
        response = client.post("/api/v1/triage/", {"text": text, "lang": "en"}, content_type="application/json")
        assert response.json()["specialties"][0]["code"] == "psychiatry", text
