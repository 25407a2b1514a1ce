"""The demo's organizations carry their phone numbers the way every other number is kept: in
international E.164 form (+822…), valid by libphonenumber's metadata."""

import phonenumbers
import pytest
from django.core.management import call_command

from medhub.directory.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _demo_files(settings, tmp_path):
    settings.MEDHUB_PHOTOS_DIR = tmp_path / "photos"
    settings.MEDHUB_DEMO_PHOTOS = 2
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "private"}},
    }


def test_every_demo_organization_phone_is_valid_e164(capsys):
    call_command("demo", "--institutions", "20")
    capsys.readouterr()
    phones = list(Organization.objects.exclude(phone="").values_list("slug", "kind", "phone"))
    assert {kind for _slug, kind, _phone in phones} >= {"institution", "hotel", "transport"}
    for slug, _kind, phone in phones:
        number = phonenumbers.parse(phone, None)  # no default region: the number must say its country
        assert phonenumbers.is_valid_number(number), (slug, phone)
        assert phone == phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), (slug, phone)
        assert phone.startswith("+82"), (slug, phone)
