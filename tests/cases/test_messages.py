"""One thread per case: patient, coordinator, the institutions it is shared with and the
referring facilitator; originals kept, translation on request from a LibreTranslate-compatible
server (a local fake started by the test)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail

from medhub.accounts.models import Role
from medhub.cases import services
from medhub.cases.models import Message
from medhub.cases.translation import LibreTranslateBackend, TranslationError
from tests import factories
from tests.cases.conftest import PDF, make_case, make_user, pdf

pytestmark = pytest.mark.django_db


class FakeLibreTranslate(BaseHTTPRequestHandler):
    requests: list = []

    def do_POST(self):
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(payload)
        if payload["q"] == "fail":
            self.send_response(500)
            self.end_headers()
            return
        answer = json.dumps({"translatedText": f"[{payload['source']}→{payload['target']}] {payload['q'].upper()}"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def translator(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeLibreTranslate)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeLibreTranslate.requests = []
    settings.MEDHUB_TRANSLATION_URL = f"http://127.0.0.1:{server.server_port}"
    yield FakeLibreTranslate
    server.shutdown()


@pytest.fixture
def thread_world(directory, coordinator):
    patient = make_user("pat", Role.PATIENT)
    agency = factories.partner("facilitator", slug="agency")
    case = make_case(patient=patient, preferred_language="ru", referred_by=agency)
    services.case_triage(case_id=case.id, specialty=directory["specialties"]["dermatology"], actor=coordinator)
    services.case_share(case_id=case.id, institution_ids=[directory["derm"].id], actor=coordinator)
    return {
        "case": case,
        "patient": patient,
        "provider": make_user("derm-staff", Role.PROVIDER_STAFF, directory["derm"]),
        "facilitator": make_user("agent", Role.FACILITATOR_STAFF, agency),
        "rival": make_user("dental-staff", Role.PROVIDER_STAFF, directory["dental"]),
    }


def test_patient_posts_with_an_attachment_and_the_others_are_told(
    client, thread_world, coordinator, django_capture_on_commit_callbacks
):
    """The general conversation: patient, hub and referring agency; institutions neither read it
    nor are told of it, and the agency does not open the patient's attachments."""
    case = thread_world["case"]
    client.force_login(thread_world["patient"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/ru/cases/{case.reference}/messages/", {"body": "Можно приехать в марте?", "attachments": [pdf("photo.pdf")]}
        )
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.language == "ru" and message.body == "Можно приехать в марте?"
    assert message.institution is None
    recipients = {to for m in mail.outbox for to in m.to}
    assert recipients == {coordinator.email, thread_world["facilitator"].email}
    # The attachment downloads through a check: the patient and the hub; nobody else.
    attachment = message.attachments.get()
    url = f"/en/cases/{case.reference}/messages/{message.id}/attachments/{attachment.id}/"
    for who, status in (("patient", 200), ("provider", 404), ("facilitator", 404), ("rival", 404)):
        client.force_login(thread_world[who])
        download = client.get(url)
        assert download.status_code == status, who
        if status == 200:
            assert b"".join(download.streaming_content) == PDF
    client.force_login(coordinator)
    assert client.get(url).status_code == 200
    client.force_login(thread_world["rival"])
    assert client.post(f"/en/cases/{case.reference}/messages/", {"body": "hello"}).status_code == 404


def test_a_message_in_the_institution_conversation_reaches_only_that_institution(
    client, thread_world, coordinator, directory, django_capture_on_commit_callbacks
):
    case = thread_world["case"]
    client.force_login(thread_world["patient"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/ru/cases/{case.reference}/messages/",
            {"body": "Сколько дней восстановление?", "conversation": str(directory["derm"].id), "attachments": [pdf()]},
        )
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.institution == directory["derm"]
    assert {to for m in mail.outbox for to in m.to} == {coordinator.email, thread_world["provider"].email}
    attachment = message.attachments.get()
    url = f"/en/cases/{case.reference}/messages/{message.id}/attachments/{attachment.id}/"
    for who, status in (("patient", 200), ("provider", 200), ("facilitator", 404), ("rival", 404)):
        client.force_login(thread_world[who])
        assert client.get(url).status_code == status, who
    client.force_login(thread_world["facilitator"])
    assert "Сколько дней" not in client.get(f"/en/work/referrals/{case.reference}/").content.decode()


def _in_derm_conversation(thread_world, directory, body):
    return services.message_post(
        case_id=thread_world["case"].id,
        author=thread_world["patient"],
        body=body,
        language="ru",
        attachments=[],
        conversation=directory["derm"].id,
    )


def test_provider_sees_the_thread_on_its_inbox_page(client, thread_world, directory):
    case = thread_world["case"]
    _in_derm_conversation(thread_world, directory, "Здравствуйте")
    services.message_post(case_id=case.id, author=thread_world["patient"], body="Общий вопрос", language="ru", attachments=[])
    client.force_login(thread_world["provider"])
    page = client.get(f"/en/work/inbox/{case.reference}/").content.decode()
    assert "Здравствуйте" in page
    assert "Общий вопрос" not in page


def test_translation_is_off_by_default_and_the_original_stays(client, thread_world, settings, directory):
    settings.MEDHUB_TRANSLATION_URL = ""
    case = thread_world["case"]
    message = _in_derm_conversation(thread_world, directory, "Здравствуйте")
    client.force_login(thread_world["provider"])
    page = client.get(f"/en/work/inbox/{case.reference}/").content.decode()
    # The button stays; the page says machine translation is not available on this hub.
    assert "Здравствуйте" in page and f"/messages/{message.id}/translate/" in page
    assert "Machine translation is not available on this hub." in page


def test_translation_on_request_is_stored_and_shown_beside_the_original(client, thread_world, translator, directory):
    case = thread_world["case"]
    message = _in_derm_conversation(thread_world, directory, "Здравствуйте")
    client.force_login(thread_world["provider"])
    assert f"/messages/{message.id}/translate/" in client.get(f"/ko/work/inbox/{case.reference}/").content.decode()
    client.post(f"/ko/cases/{case.reference}/messages/{message.id}/translate/")
    assert translator.requests == [{"q": "Здравствуйте", "source": "ru", "target": "ko", "format": "text"}]
    page = client.get(f"/ko/work/inbox/{case.reference}/").content.decode()
    assert "Здравствуйте" in page and "[ru→ko] ЗДРАВСТВУЙТЕ" in page
    # A second reader in the same language gets the stored translation without a new request.
    client.post(f"/ko/cases/{case.reference}/messages/{message.id}/translate/")
    assert len(translator.requests) == 1


def test_a_failing_translation_server_leaves_the_original_and_says_so(client, thread_world, translator, directory):
    case = thread_world["case"]
    message = _in_derm_conversation(thread_world, directory, "fail")
    client.force_login(thread_world["provider"])
    response = client.post(f"/en/cases/{case.reference}/messages/{message.id}/translate/", follow=True)
    assert response.status_code == 200
    assert "did not answer" in response.content.decode()
    assert not message.translations.exists()


def test_chinese_is_sent_with_libretranslate_code(translator, settings):
    backend = LibreTranslateBackend(settings.MEDHUB_TRANSLATION_URL)
    assert backend.translate("你好", source="zh-hans", target="en").startswith("[zh→en]")


def test_an_unreachable_server_raises_a_translation_error():
    with pytest.raises(TranslationError):
        LibreTranslateBackend("http://127.0.0.1:9", timeout=1).translate("x", source="ru", target="en")


def test_a_closed_case_takes_no_new_messages(client, thread_world, coordinator):
    case = thread_world["case"]
    services.case_transition(case_id=case.id, to_state="cancelled", actor=coordinator)
    client.force_login(thread_world["patient"])
    response = client.post(f"/en/cases/{case.reference}/messages/", {"body": "hello"}, follow=True)
    assert "closed" in response.content.decode()
    assert not Message.objects.exists()
