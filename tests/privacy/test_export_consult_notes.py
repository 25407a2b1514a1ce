"""The patient's copy of their data carries the consult notes of their appointments."""

import io
import json
import zipfile

import pytest

from medhub.privacy import services as privacy
from tests.scheduling.test_consult_notes import NOTE, world, write  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_consult_note(world):  # noqa: F811
    write(world)
    archive = zipfile.ZipFile(io.BytesIO(privacy.patient_export(world["patient"])))
    data = json.loads(archive.read("data.json"))
    (appointment,) = data["cases"][0]["appointments"]
    assert appointment["consult_note"]["text"] == NOTE and appointment["consult_note"]["language"] == "ko"
