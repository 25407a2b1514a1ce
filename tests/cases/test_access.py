"""Nobody sees a case that is not theirs to see."""

import pytest
from django.core.files.base import ContentFile

from medhub.accounts.models import Role
from medhub.cases.models import CaseDocument
from tests.cases.conftest import PDF, make_case, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(directory):
    owner = make_user("owner", Role.PATIENT)
    other = make_user("other", Role.PATIENT)
    provider = make_user("prov", Role.PROVIDER_STAFF, directory["derm"])
    case = make_case(patient=owner, reference="HB-SECRET", problem="very private words")
    document = CaseDocument(case=case, original_name="scan.pdf", content_type="application/pdf", size=len(PDF), checksum="a" * 64)
    document.file.save("scan", ContentFile(PDF), save=True)
    return {"owner": owner, "other": other, "provider": provider, "case": case, "document": document}


def test_patient_sees_own_case_and_downloads_own_document(client, world):
    client.force_login(world["owner"])
    page = client.get("/en/cases/HB-SECRET/")
    assert page.status_code == 200 and "very private words" in page.content.decode()
    download = client.get(f"/en/cases/HB-SECRET/documents/{world['document'].id}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("who", ["other", "provider"])
def test_other_people_get_nothing(client, world, who):
    client.force_login(world[who])
    for url in [
        "/en/cases/HB-SECRET/",
        f"/en/cases/HB-SECRET/documents/{world['document'].id}/",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"very private words" not in response.content
    for url in ["/en/work/cases/", "/en/work/cases/HB-SECRET/"]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"very private words" not in response.content


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for url in ["/en/cases/HB-SECRET/", "/en/work/cases/", f"/en/cases/HB-SECRET/documents/{world['document'].id}/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response.headers["Location"]
