"""The board's parameters (django-filter): same names, bad values shown on their field."""

import pytest

from tests.cases.conftest import make_case

pytestmark = pytest.mark.django_db


def test_bad_board_parameter_is_a_400_on_its_field_over_the_whole_board(coordinator_client, directory):
    make_case(reference="HB-ONE", nationality="KZ")
    response = coordinator_client.get("/en/work/cases/", {"state": "lost-in-space", "specialty": "astrology"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "lost-in-space is not one of the available choices" in page
    assert "HB-ONE" in page


def test_board_owner_nobody_and_nationality_names_in_the_readers_language(coordinator_client, coordinator, directory):
    mine = make_case(reference="HB-MINE", nationality="KZ")
    mine.owner = coordinator
    mine.save()
    make_case(reference="HB-NOBODY", nationality="MN")
    page = coordinator_client.get("/en/work/cases/", {"owner": "none"}).content.decode()
    assert "HB-NOBODY" in page and "HB-MINE" not in page
    page = coordinator_client.get("/ko/work/cases/", {"owner": "me"}).content.decode()
    assert "HB-MINE" in page and "HB-NOBODY" not in page
    assert "카자흐스탄" in page  # the column and the choices, from CLDR
