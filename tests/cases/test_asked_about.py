"""The coordinator's case page shows what the patient asked about when the inquiry came from
"Ask for a quote": the institution and the offering, linked to their public pages."""

import pytest

from medhub.cases.models import Case
from medhub.directory.models import Offering
from tests.cases.conftest import inquiry_fields

pytestmark = pytest.mark.django_db


def asked_case(client, **asked):
    response = client.post("/en/inquiry/", {**inquiry_fields(), **asked})
    assert response.status_code == 302
    return Case.objects.latest("pk")


def section(page: str) -> str:
    return page.split('id="asked-about"', 1)[1].split("</section>", 1)[0] if 'id="asked-about"' in page else ""


def test_the_case_page_links_the_institution_and_the_offering_asked_about(client, directory, coordinator_client):
    case = asked_case(client, offering="sora-laser-toning", institution="sora-dermatology")
    for lang in ("en", "ru", "ar"):
        page = coordinator_client.get(f"/{lang}/work/cases/{case.reference}/").content.decode()
        shown = section(page)
        assert f'href="/{lang}/institutions/sora-dermatology/"' in shown
        assert f'href="/{lang}/offerings/sora-laser-toning/"' in shown


def test_an_offering_no_longer_published_is_named_but_not_linked(client, directory, coordinator_client):
    case = asked_case(client, offering="sora-laser-toning")
    Offering.objects.filter(slug="sora-laser-toning").update(is_published=False)
    shown = section(coordinator_client.get(f"/en/work/cases/{case.reference}/").content.decode())
    assert shown and "/offerings/sora-laser-toning/" not in shown
    assert Offering.objects.get(slug="sora-laser-toning").name["en"] in shown


def test_an_inquiry_not_sent_from_a_page_shows_no_such_block(client, directory, coordinator_client):
    case = asked_case(client)
    page = coordinator_client.get(f"/en/work/cases/{case.reference}/").content.decode()
    assert page.count('id="asked-about"') == 0
