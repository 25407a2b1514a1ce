"""Each figure of the evaluation is computed from medhub's own data for the year, with its source."""

import datetime
from decimal import Decimal

from medhub.cases.models import CaseState, Quote
from medhub.complaints.models import ComplaintStatus
from medhub.council.models import MeetingStatus
from medhub.evaluation import figures
from medhub.evaluation.figures import Partner
from medhub.evaluation.models import Metric
from medhub.travel.models import BookingStatus, Pickup, Room, Stay
from tests.cases.conftest import make_case
from tests.evaluation.conftest import (
    YEAR,
    at,
    booked_case,
    complaint,
    feedback,
    meeting_with,
    member,
    message,
    share,
    version,
)


def _partners(world, *names):
    return [Partner(id=world[n].pk, kind=world[n].kind) for n in names]


def test_patients_count_cases_booked_in_the_year_through_each_kind_of_partner(world):
    derm, agency, hotel = world["derm"], world["agency"], world["hotel"]
    inside = booked_case(derm, booked_at=at(6), reference="HB-E-0001")
    booked_case(derm, booked_at=at(3), state=CaseState.AFTERCARE, reference="HB-E-0002", referred_by=agency)
    booked_case(derm, booked_at=at(12, 20, year=YEAR - 1), reference="HB-E-0003")  # booked the year before
    not_booked = make_case(reference="HB-E-0004")
    Quote.objects.create(case=not_booked, institution=derm, status=Quote.Status.ACCEPTED)
    not_booked.state = CaseState.ACCEPTED
    not_booked.save()
    room = Room.objects.create(hotel=hotel, name={"en": "Twin"}, rack_rate_krw=120000, medical_rate_krw=90000)
    Stay.objects.create(
        case=inside,
        room=room,
        check_in=at(6, 2).date(),
        check_out=at(6, 5).date(),
        rate_krw=90000,
        status=BookingStatus.CONFIRMED,
    )
    Stay.objects.create(
        case=not_booked,
        room=room,
        check_in=at(6, 2).date(),
        check_out=at(6, 5).date(),
        rate_krw=90000,
        status=BookingStatus.CANCELLED,
    )

    got = figures.patients(YEAR, _partners(world, "derm", "spine", "agency", "hotel", "restaurant"))

    assert got[derm.pk][0] == 2
    assert got[derm.pk][1]["refs"] == ["HB-E-0001", "HB-E-0002"]
    assert got[world["spine"].pk][0] == 0
    assert got[agency.pk][0] == 1 and got[agency.pk][1]["refs"] == ["HB-E-0002"]
    assert got[hotel.pk][0] == 1 and got[hotel.pk][1]["refs"] == ["HB-E-0001"]
    assert got[world["restaurant"].pk] == (None, {"not_applicable": True})


def test_transport_counts_confirmed_pickups_of_the_year(world):
    from medhub.directory.models import Organization

    van = Organization.objects.get(slug="hanbit-van")
    case = booked_case(world["derm"], booked_at=at(5), reference="HB-E-0010")
    Pickup.objects.create(
        case=case,
        company=van,
        flight="KE001",
        airport="ICN",
        pickup_at=at(5, 3),
        destination="Hotel",
        status=BookingStatus.CONFIRMED,
    )
    got = figures.patients(YEAR, [Partner(id=van.pk, kind=van.kind)])
    assert got[van.pk][0] == 1


def test_median_time_to_answer_uses_the_first_quote_or_staff_message(world):
    derm, spine = world["derm"], world["spine"]
    first, second, third = (make_case(reference=f"HB-E-01{i}") for i in range(3))
    share(first, derm, at=at(4, 1, 9))
    quote = Quote.objects.create(case=first, institution=derm)
    version(quote, at=at(4, 1, 19))  # 10 hours
    share(second, derm, at=at(4, 2, 9))
    message(second, derm, world["derm_staff"], at=at(4, 2, 13))  # 4 hours
    later = Quote.objects.create(case=second, institution=derm)
    version(later, at=at(4, 3, 9))
    # The hub writing in the institution's conversation is not the institution answering.
    share(third, derm, at=at(4, 3, 9))
    message(third, derm, world["coordinator"], at=at(4, 3, 10))
    share(first, spine, at=at(4, 1, 9))

    got = figures.answer_time(YEAR, _partners(world, "derm", "spine", "hotel"))

    assert got[derm.pk][0] == Decimal("7.0")  # the median of 10 h and 4 h
    assert got[derm.pk][1]["shared"] == 3 and got[derm.pk][1]["count"] == 2
    assert got[spine.pk][0] is None and got[spine.pk][1]["shared"] == 1
    assert got[world["hotel"].pk] == (None, {"not_applicable": True})


def test_quote_acceptance_is_accepted_over_sent_in_the_year(world):
    derm = world["derm"]
    for i, status in enumerate([Quote.Status.ACCEPTED, Quote.Status.DECLINED, Quote.Status.OPEN, Quote.Status.ACCEPTED]):
        case = make_case(reference=f"HB-E-02{i}")
        quote = Quote.objects.create(case=case, institution=derm, status=status)
        version(quote, at=at(3) if i < 3 else at(3, year=YEAR - 1))
    got = figures.quote_acceptance(YEAR, _partners(world, "derm", "spine"))
    assert got[derm.pk][0] == Decimal("33.3")
    assert (got[derm.pk][1]["count"], got[derm.pk][1]["sent"]) == (1, 3)
    assert got[world["spine"].pk][0] is None


def test_feedback_is_the_mean_of_the_years_visible_feedback(world):
    derm = world["derm"]
    feedback(make_case(reference="HB-E-0301"), derm, rating=5, at=at(7))
    feedback(make_case(reference="HB-E-0302"), derm, rating=4, at=at(8))
    feedback(make_case(reference="HB-E-0303"), derm, rating=1, at=at(8), hidden=True)
    feedback(make_case(reference="HB-E-0304"), derm, rating=1, at=at(8, year=YEAR - 1))
    got = figures.feedback(YEAR, _partners(world, "derm", "spine"))
    assert got[derm.pk] == (Decimal("4.50"), {"kind": "feedback", "count": 2})
    assert got[world["spine"].pk][0] is None


def test_complaints_upheld_in_the_year_against_the_organization(world):
    derm = world["derm"]
    upheld = complaint(derm, closed_at=at(9))
    complaint(derm, status=ComplaintStatus.NOT_UPHELD, closed_at=at(9))
    complaint(derm, closed_at=at(9, year=YEAR - 1))
    complaint(world["hotel"], closed_at=at(2))
    got = figures.complaints(YEAR, _partners(world, "derm", "spine", "hotel"))
    assert got[derm.pk][0] == 1 and got[derm.pk][1]["refs"] == [upheld.reference]
    assert got[world["spine"].pk][0] == 0
    assert got[world["hotel"].pk][0] == 1


def test_attendance_reads_the_councils_held_meetings_of_the_year(world):
    derm_member = member(world["derm_staff"], world["derm"])
    spine_member = member(world["spine_staff"], world["spine"])
    meeting_with({derm_member: True, spine_member: False}, starts_at=at(3))
    meeting_with({derm_member: False, spine_member: True}, starts_at=at(4))
    meeting_with({derm_member: False, spine_member: False}, starts_at=at(6), kind="training")
    meeting_with({derm_member: True}, starts_at=at(9), kind="training")
    meeting_with({derm_member: None}, starts_at=at(11), status=MeetingStatus.CANCELLED)
    meeting_with({derm_member: True}, starts_at=at(3, year=YEAR - 1))
    got = figures.attendance(YEAR, _partners(world, "derm", "spine", "hotel"))
    # Derm: one of two meetings and one training: two of three.
    assert got[world["derm"].pk][0] == Decimal("66.7")
    assert got[world["derm"].pk][1] == {"kind": "meetings", "count": 1, "invited": 2, "trainings": 1}
    assert got[world["spine"].pk][0] == Decimal("50.0")
    assert got[world["hotel"].pk][0] is None  # nobody of the hotel was invited


def test_year_bounds_are_the_hubs_local_year():
    start, end = figures.year_bounds(2025)
    assert (start.year, start.month, start.day, start.hour) == (2025, 1, 1, 0)
    assert end - start == datetime.timedelta(days=365)
    assert str(start.tzinfo) == "Asia/Seoul"


def test_every_metric_is_computed(world):
    got = figures.compute(YEAR, _partners(world, "derm", "agency", "hotel"), {world["derm"].pk: {"score": 80}})
    assert set(got) == set(Metric.values)
    assert got[Metric.COMMITTEE][world["derm"].pk][0] == 80
    assert got[Metric.COMMITTEE][world["agency"].pk][0] is None
