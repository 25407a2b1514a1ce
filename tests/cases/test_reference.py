"""Case references never collide in the patient's face: a reference drawn twice is drawn again."""

import re

import pytest
from rest_framework.test import APIClient

from medhub.cases import services
from medhub.cases.models import Case
from tests.cases.conftest import inquiry_fields

pytestmark = pytest.mark.django_db


def submit(door: str, client, data: dict):
    if door == "page":
        response = client.post("/en/inquiry/", data)
        assert response.status_code in (200, 302), response.content.decode()[:2000]
    else:
        response = APIClient().post("/api/v1/inquiries/", data, format="multipart")
        assert response.status_code == 201, response.content
    return response


def test_a_reference_has_a_long_random_part_without_misreadable_signs():
    references = {services._new_reference() for _ in range(2000)}
    assert len(references) == 2000
    assert all(re.fullmatch(r"HB-\d{4}-[2-9A-HJKMNP-Z]{8}", reference) for reference in references)


@pytest.mark.parametrize("door", ["page", "api"])
def test_an_inquiry_whose_reference_was_drawn_before_is_still_stored(door, client, directory, monkeypatch):
    submit(door, client, inquiry_fields())
    taken = Case.objects.get().reference
    draws = iter([taken, taken, "HB-2612-FRESH234"])
    monkeypatch.setattr(services, "_new_reference", lambda: next(draws))

    submit(door, client, {**inquiry_fields(), "contact_email": "second@example.com"})

    second = Case.objects.get(contact_email="second@example.com")
    assert second.reference == "HB-2612-FRESH234"
    assert Case.objects.count() == 2
