"""The applicants' certificates are judged like patients' documents: every hostile file of the
security suite is refused (naming the file), every real one accepted with its type."""

import pytest
from django.core.exceptions import ValidationError

from medhub.partners.uploads import check_document
from tests.security.test_hostile_uploads import GOOD, HOSTILE, make_upload


@pytest.mark.parametrize("key", list(HOSTILE))
def test_every_hostile_file_is_refused_naming_it(key):
    name = HOSTILE[key][0]
    with pytest.raises(ValidationError) as refused:
        check_document(make_upload(HOSTILE[key]))
    assert f"“{name}”" in " ".join(refused.value.messages) or name in " ".join(refused.value.messages)


@pytest.mark.parametrize("key", list(GOOD))
def test_every_real_file_is_accepted_with_its_type(key):
    _upload, content_type, checksum = check_document(make_upload(GOOD[key]))
    assert content_type == GOOD[key][3] and len(checksum) == 64
