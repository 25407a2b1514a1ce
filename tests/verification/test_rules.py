import datetime

from medhub.verification import rules
from medhub.verification.services import due_threshold


def test_minimum_cover_by_class():
    assert rules.minimum_insurance_cover("clinic") == 100_000_000
    assert rules.minimum_insurance_cover("hospital") == 100_000_000
    assert rules.minimum_insurance_cover("general-hospital") == 200_000_000
    assert rules.minimum_insurance_cover("tertiary-hospital") == 200_000_000
    assert rules.minimum_insurance_cover("") is None
    assert rules.insurance_cover_shortfall("general-hospital", 150_000_000) == 50_000_000
    assert rules.insurance_cover_shortfall("clinic", 100_000_000) == 0
    assert rules.insurance_cover_shortfall("clinic", None) == 100_000_000
    assert rules.insurance_cover_shortfall("", None) == 0


def test_registration_runs_three_years():
    assert rules.registration_expiry(datetime.date(2024, 2, 29)) == datetime.date(2027, 2, 28)
    assert rules.registration_expiry(datetime.date(2025, 6, 1)) == datetime.date(2028, 6, 1)


def test_the_nearest_threshold_reached_is_due():
    assert due_threshold(None) is None
    assert due_threshold(91) is None
    assert due_threshold(90) == 90
    assert due_threshold(31) == 90
    assert due_threshold(30) == 30
    assert due_threshold(8) == 30
    assert due_threshold(7) == 7
    assert due_threshold(0) == 7  # the last valid day
    assert due_threshold(-1) == 0  # expired: the notice
