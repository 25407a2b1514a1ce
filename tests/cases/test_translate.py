"""Machine translation of quotes for their reader, against a LibreTranslate-compatible fake
server started by the test; without a server the pages keep "Translate" and say it is not
available on this hub."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from medhub.accounts.models import Role
from medhub.cases import services
from medhub.cases.models import Message
from medhub.cases.translation import TranslationUnavailable, translate_text
from tests.cases.conftest import make_case, make_user
from tests.cases.test_quotes import quote_data

pytestmark = pytest.mark.django_db


class FakeTranslator(BaseHTTPRequestHandler):
    requests: list = []
    fail = False

    def do_POST(self):
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(payload)
        if self.path != "/translate" or type(self).fail:
            self.send_response(503)
            self.end_headers()
            return
        answer = json.dumps({"translatedText": f"<{payload['target']}> {payload['q'].upper()}"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def translator(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeTranslator)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeTranslator.requests, FakeTranslator.fail = [], False
    settings.MEDHUB_TRANSLATION_URL = f"http://127.0.0.1:{server.server_port}"
    settings.MEDHUB_TRANSLATION_API_KEY = "secret-key"
    yield FakeTranslator
    server.shutdown()


@pytest.fixture
def quoted(directory, coordinator):
    patient = make_user("pat", Role.PATIENT)
    case = make_case(patient=patient, preferred_language="ru")
    services.case_triage(case_id=case.id, specialty=directory["specialties"]["dermatology"], actor=coordinator)
    services.case_share(case_id=case.id, institution_ids=[directory["derm"].id], actor=coordinator)
    version = services.quote_submit(case_id=case.id, institution_id=directory["derm"].id, actor=coordinator, data=quote_data())
    return {
        "case": case,
        "patient": patient,
        "version": version,
        "provider": make_user("derm-staff", Role.PROVIDER_STAFF, directory["derm"]),
        "rival": make_user("dental-staff", Role.PROVIDER_STAFF, directory["dental"]),
    }


def url(quoted, lang="ru"):
    return f"/{lang}/cases/{quoted['case'].reference}/quotes/{quoted['version'].id}/translation/"


def test_the_patient_reads_the_quote_plan_and_items_in_their_language(client, quoted, translator):
    client.force_login(quoted["patient"])
    case_page = client.get(f"/ru/cases/{quoted['case'].reference}/").content.decode()
    assert f"/quotes/{quoted['version'].id}/translation/" in case_page
    page = client.get(url(quoted)).content.decode()
    assert "&lt;ru&gt; LASER TONING, THREE SESSIONS OVER A WEEK." in page
    assert "&lt;ru&gt; CONSULTATION" in page and "&lt;ru&gt; LASER TONING X3" in page
    assert "&lt;ru&gt; MEDICATION" in page and "&lt;ru&gt; AIRFARE" in page
    assert "Laser toning, three sessions over a week." in page  # the original stays beside it
    sent = translator.requests[0]
    assert sent["target"] == "ru" and sent["source"] == "auto" and sent["api_key"] == "secret-key"


def test_translations_are_kept_per_text_and_language(client, quoted, translator):
    client.force_login(quoted["patient"])
    client.get(url(quoted))
    asked = len(translator.requests)
    assert asked == 5  # plan, two items, included, excluded
    client.get(url(quoted))
    assert len(translator.requests) == asked  # the same texts in the same language: kept
    client.get(url(quoted, "ko"))
    assert len(translator.requests) == 2 * asked  # another language: asked again


def test_without_a_server_the_button_stays_and_the_page_says_so(client, quoted, settings):
    settings.MEDHUB_TRANSLATION_URL = ""
    client.force_login(quoted["patient"])
    assert f"/quotes/{quoted['version'].id}/translation/" in client.get(f"/en/cases/{quoted['case'].reference}/").content.decode()
    response = client.get(url(quoted, "en"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Machine translation is not available on this hub." in page
    assert "Laser toning, three sessions over a week." in page
    with pytest.raises(TranslationUnavailable):
        translate_text("hello", target="ru")


def test_a_failing_server_shows_the_original_and_says_so(client, quoted, translator):
    translator.fail = True
    client.force_login(quoted["patient"])
    response = client.get(url(quoted, "en"))
    assert response.status_code == 200
    assert "did not answer" in response.content.decode()


def test_the_institution_that_wrote_it_may_translate_it_and_no_other(client, quoted, translator):
    client.force_login(quoted["provider"])
    assert client.get(url(quoted, "ko")).status_code == 200
    client.force_login(quoted["rival"])
    assert client.get(url(quoted, "ko")).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, quoted):
    response = client.get(url(quoted))
    assert response.status_code == 302 and "login" in response["Location"]


def test_messages_keep_their_translate_button_without_a_server(client, quoted, settings, directory):
    settings.MEDHUB_TRANSLATION_URL = ""
    case = quoted["case"]
    message = Message.objects.create(
        case=case, author=quoted["provider"], body="안녕하세요", language="ko", institution=directory["derm"]
    )
    client.force_login(quoted["patient"])
    page = client.get(f"/ru/cases/{case.reference}/").content.decode()
    assert f"/messages/{message.id}/translate/" in page
    response = client.post(f"/en/cases/{case.reference}/messages/{message.id}/translate/", follow=True)
    assert "Machine translation is not available on this hub." in response.content.decode()


def test_the_translated_quote_shows_its_total_in_the_readers_way(client, quoted, translator):
    from django.utils import translation

    from medhub.core.templatetags.medhub import money

    client.force_login(quoted["patient"])
    page = client.get(url(quoted)).content.decode()
    translated = page.split('class="card translation"', 1)[1].split("</section>", 1)[0]
    with translation.override("ru"):
        total = money(quoted["version"].total, "KRW")
    assert quoted["version"].total == 500_000
    assert 'class="total"' in translated and total in translated
