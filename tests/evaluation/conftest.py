"""A small hub with a year of activity to evaluate: figures are built here one by one, so each
test can say exactly what a figure should be."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from medhub.accounts.models import Role
from medhub.cases.models import CaseShare, CaseState, Message, Quote, QuoteVersion
from medhub.complaints.models import Complaint, ComplaintStatus
from medhub.core.audit import log_action
from medhub.core.models import LogEntry
from medhub.council.models import Division, Invitation, Meeting, MeetingStatus, Member
from medhub.feedback.models import Feedback
from tests import factories
from tests.cases.conftest import make_case, make_user
from tests.conftest import StaffClient, api_token

YEAR = timezone.localdate().year - 1


def at(month: int, day: int = 1, hour: int = 10, year: int = YEAR) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=timezone.get_default_timezone())


def signed_in(user) -> StaffClient:
    client = StaffClient()
    client.force_login(user)
    return client


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return client


@pytest.fixture
def world(directory):
    agency = factories.partner("facilitator", slug="blue-bridge", name={"en": "Blue Bridge Agency", "ko": "블루브릿지"})
    restaurant = factories.partner("restaurant", slug="hanok-table", name={"en": "Hanok Table", "ko": "한옥 식탁"})
    users = {
        "admin": make_user("hubadmin", Role.HUB_ADMIN),
        "coordinator": make_user("coord", Role.COORDINATOR),
        "derm_staff": make_user("dermstaff", Role.PROVIDER_STAFF, directory["derm"]),
        "spine_staff": make_user("spinestaff", Role.PROVIDER_STAFF, directory["spine"]),
        "agency_staff": make_user("agencystaff", Role.FACILITATOR_STAFF, agency),
        "hotel_staff": make_user("hotelstaff", Role.PARTNER_STAFF, directory["hotel"]),
        "interpreter": make_user("interp", Role.INTERPRETER),
        "patient": make_user("patient", Role.PATIENT),
    }
    return {**directory, "agency": agency, "restaurant": restaurant, **users}


def booked_case(institution, *, booked_at, state=CaseState.SCHEDULED, referred_by=None, reference=None):
    """A case whose quote from ``institution`` was accepted and which moved into a booked state at ``booked_at``."""
    case = make_case(reference=reference, referred_by=referred_by)
    case.state = state
    case.save(update_fields=["state"])
    quote = Quote.objects.create(case=case, institution=institution, status=Quote.Status.ACCEPTED)
    version(quote, at=booked_at - datetime.timedelta(days=3))
    entry = log_action(case, "cases.case.state_changed", case=case, data={"from_state": "accepted", "to_state": "scheduled"})
    LogEntry.objects.filter(pk=entry.pk).update(created_at=booked_at)
    return case


def version(quote, *, at):
    v = QuoteVersion.objects.create(
        quote=quote,
        number=quote.versions.count() + 1,
        plan="Laser toning, 3 sessions",
        items=[{"label": "Treatment", "amount": 300000}],
        valid_until=at.date() + datetime.timedelta(days=30),
    )
    QuoteVersion.objects.filter(pk=v.pk).update(created_at=at)
    Quote.objects.filter(pk=quote.pk).update(created_at=at)
    return v


def share(case, institution, *, at):
    s = CaseShare.objects.create(case=case, institution=institution)
    CaseShare.objects.filter(pk=s.pk).update(created_at=at)
    return s


def message(case, institution, author, *, at):
    m = Message.objects.create(case=case, institution=institution, author=author, body="We can help.", language="en")
    Message.objects.filter(pk=m.pk).update(created_at=at)
    return m


def feedback(case, institution, *, rating: int, at, hidden=False):
    f = Feedback.objects.create(
        case=case,
        institution=institution,
        communication=rating,
        interpretation=rating,
        facilities=rating,
        result=rating,
        price_honesty=rating,
        paid_amount=300000,
        paid_currency="KRW",
        quoted_amount=300000,
        quoted_currency="KRW",
        difference_percent=Decimal("0.0"),
        language="en",
    )
    Feedback.objects.filter(pk=f.pk).update(created_at=at, hidden_at=at if hidden else None)
    return f


_complaints = iter(range(1, 10_000))


def complaint(organization, *, status=ComplaintStatus.UPHELD, closed_at):
    return Complaint.objects.create(
        reference=f"CP-T-{next(_complaints):04d}",
        status=status,
        category="care",
        subject="organization",
        organization=organization,
        name="A patient",
        email="a@example.com",
        language="en",
        text="It went wrong.",
        closed_at=closed_at,
    )


def member(user, organization, division="medical"):
    return Member.objects.create(
        person=user, organization=organization, division=Division.objects.get(code=division), term_start=at(1).date()
    )


def meeting_with(members_present: dict, *, starts_at, status=MeetingStatus.HELD, kind="plenary"):
    meeting = Meeting.objects.create(
        kind=kind, title="Quarterly plenary", starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), status=status
    )
    for m, present in members_present.items():
        Invitation.objects.create(meeting=meeting, member=m, present=present)
    return meeting
