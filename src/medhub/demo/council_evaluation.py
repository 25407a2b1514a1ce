"""The demo hub's evaluation (issue 12): last year's partner evaluation, published, with its
awards. Last year's activity is laid down first — cases shared with four institutions and
answered within hours or days, quotes accepted and declined, bookings through two agencies, stays
at the demo hotel and rides with the demo van, patients' feedback, an upheld complaint, two
council meetings with their attendance — then the round is opened, scored (figures computed from
that data, committee scores entered), given three awards and published. The certificates are
made on demand from the Partners Day page (the winners' staff and hub staff)."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from medhub.accounts.models import Membership, Role
from medhub.cases.models import CONSENT_VERSION, Case, CaseShare, CaseState, Quote, QuoteVersion
from medhub.complaints.models import Complaint, ComplaintStatus
from medhub.core.audit import log_action
from medhub.core.models import LogEntry
from medhub.council.models import Invitation, Meeting, MeetingKind, MeetingStatus, Member
from medhub.directory.models import Organization
from medhub.evaluation import services
from medhub.evaluation.models import Round, RoundStatus
from medhub.feedback.models import Feedback
from medhub.travel.models import BookingStatus, Pickup, Room, Stay

User = get_user_model()

# Per institution (the demo provider's first): hours to the first quote of each shared case (the
# first ``booked`` cases are accepted and booked), quotes declined, and the patients' ratings.
PLAN = [
    {"hours": [3, 5, 8, 2, 6, 4], "booked": 5, "ratings": [5, 4, 5]},
    {"hours": [20, 30, 12, 26], "booked": 3, "ratings": [4, 3]},
    {"hours": [6, 9, 4, 7, 5], "booked": 4, "ratings": [5, 5]},
    {"hours": [48, 70, 30], "booked": 1, "ratings": [3]},
]
NAMES = ["Aigerim Sadykova", "Bat-Erdene Dorj", "Nguyen Van Minh", "Sato Yuki", "Wang Fang", "Olga Ivanova"]


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=timezone.get_default_timezone())


def _organization(username: str, role: str) -> Organization | None:
    membership = Membership.objects.filter(user__username=username, role=role).select_related("organization").first()
    return membership.organization if membership else None


def _case(reference: str, name: str, opened: datetime.datetime, state: str, referred_by=None) -> Case:
    case = Case.objects.create(
        reference=reference,
        state=state,
        full_name=name,
        contact_email=f"{reference.lower()}@demo.medhub.example",
        email_verified_at=opened,
        nationality="KZ",
        residence_country="KZ",
        preferred_language="ru",
        problem="(demo) Treatment arranged through the hub last year.",
        consent_version=CONSENT_VERSION,
        consent_health_data_at=opened,
        consent_transfer_at=opened,
        first_response_due=opened + datetime.timedelta(hours=settings.MEDHUB_FIRST_RESPONSE_HOURS),
        first_responded_at=opened + datetime.timedelta(hours=2),
        referred_by=referred_by,
    )
    Case.objects.filter(pk=case.pk).update(created_at=opened)
    return case


def _backdate(model, pk, when, field="created_at"):
    model.objects.filter(pk=pk).update(**{field: when})


def _last_years_activity(year: int, admin) -> None:
    provider_org = _organization("provider", Role.PROVIDER_STAFF)
    others = Organization.objects.filter(kind=Organization.Kind.INSTITUTION, is_published=True, hold="")
    if provider_org is not None:
        others = others.exclude(pk=provider_org.pk)
    institutions = ([provider_org] if provider_org else []) + list(others.order_by("id")[: 4 - bool(provider_org)])
    agencies = [a for a in [_organization("facilitator", Role.FACILITATOR_STAFF)] if a]
    agencies += list(
        Organization.objects.filter(kind=Organization.Kind.FACILITATOR, is_published=True)
        .exclude(pk__in=[a.pk for a in agencies])
        .order_by("id")[:1]
    )
    hotel = _organization("partner", Role.PARTNER_STAFF)
    van = _organization("transport", Role.PARTNER_STAFF)
    room = None
    if hotel is not None:
        room = Room.objects.filter(hotel=hotel).first() or Room.objects.create(
            hotel=hotel, name={"en": "Twin room", "ko": "트윈룸"}, rack_rate_krw=150_000, medical_rate_krw=110_000
        )

    number = 0
    booked_cases = []
    for institution, plan in zip(institutions, PLAN, strict=False):
        for index, hours in enumerate(plan["hours"]):
            number += 1
            month = 1 + (number * 5) % 11
            shared_at = _at(year, month, 3 + index)
            booked = index < plan["booked"]
            referred = agencies[number % len(agencies)] if agencies and number % 3 else None
            state = CaseState.CLOSED if booked else CaseState.LOST
            case = _case(
                f"HB-DEMO-E{number:02d}", NAMES[number % len(NAMES)], shared_at - datetime.timedelta(days=1), state, referred
            )
            share = CaseShare.objects.create(case=case, institution=institution, shared_by=admin)
            _backdate(CaseShare, share.pk, shared_at)
            quote = Quote.objects.create(
                case=case, institution=institution, status=Quote.Status.ACCEPTED if booked else Quote.Status.DECLINED
            )
            answered = shared_at + datetime.timedelta(hours=hours)
            version = QuoteVersion.objects.create(
                quote=quote,
                number=1,
                plan="(demo) Consultation, treatment and a follow-up visit.",
                items=[{"label": "Consultation", "amount": 200_000}, {"label": "Treatment", "amount": 2_000_000}],
                valid_until=answered.date() + datetime.timedelta(days=30),
            )
            _backdate(QuoteVersion, version.pk, answered)
            _backdate(Quote, quote.pk, answered)
            if booked:
                entry = log_action(
                    case, "cases.case.state_changed", case=case, data={"from_state": "accepted", "to_state": "scheduled"}
                )
                booked_at = answered + datetime.timedelta(days=4)
                _backdate(LogEntry, entry.pk, booked_at)
                booked_cases.append((case, institution, booked_at))

    # Feedback of the treated patients, stays at the demo hotel and rides with the demo van.
    by_institution: dict[int, list] = {}
    for case, institution, booked_at in booked_cases:
        by_institution.setdefault(institution.pk, []).append((case, booked_at))
    for institution, plan in zip(institutions, PLAN, strict=False):
        for (case, booked_at), rating in zip(by_institution.get(institution.pk, []), plan["ratings"], strict=False):
            feedback = Feedback.objects.create(
                case=case,
                institution=institution,
                communication=rating,
                interpretation=max(1, rating - 1),
                facilities=rating,
                result=rating,
                price_honesty=rating,
                paid_amount=2_200_000,
                paid_currency="KRW",
                quoted_amount=2_200_000,
                quoted_currency="KRW",
                language="ru",
            )
            _backdate(Feedback, feedback.pk, booked_at + datetime.timedelta(days=20))
    for index, (case, _institution, booked_at) in enumerate(booked_cases):
        arrival = booked_at + datetime.timedelta(days=10)
        if room is not None and index % 2 == 0:
            Stay.objects.create(
                case=case,
                room=room,
                check_in=arrival.date(),
                check_out=arrival.date() + datetime.timedelta(days=5),
                rate_krw=room.medical_rate_krw,
                status=BookingStatus.CONFIRMED,
            )
        if van is not None and index % 3 == 0:
            Pickup.objects.create(
                case=case,
                company=van,
                flight="KC909",
                airport="Incheon International Airport",
                pickup_at=arrival,
                destination="(demo) the hotel",
                status=BookingStatus.CONFIRMED,
            )

    # One complaint upheld against the second institution.
    if len(institutions) > 1:
        closed = _at(year, 9, 14)
        complaint = Complaint.objects.create(
            reference=f"CP-DEMO-{year}-E1",
            status=ComplaintStatus.UPHELD,
            category="price",
            subject="organization",
            organization=institutions[1],
            name="(demo) A patient",
            email="complaint-e1@demo.medhub.example",
            language="ru",
            text="(demo) Tests were added to the bill without being quoted.",
            outcome_note="(demo) Upheld: the institution refunded the tests.",
            closed_at=closed,
        )
        _backdate(Complaint, complaint.pk, closed - datetime.timedelta(days=30), field="filed_at")

    # Two council meetings held last year, with their attendance.
    members = list(Member.objects.select_related("organization").order_by("id"))
    for index, (kind, title, when) in enumerate(
        [
            (MeetingKind.PLENARY, "(demo) Fourth-quarter plenary", _at(year, 11, 20, 14)),
            (MeetingKind.TRAINING, "(demo) Training: welcoming patients from Central Asia", _at(year, 6, 12, 14)),
        ]
    ):
        meeting = Meeting.objects.create(
            kind=kind,
            title=title,
            starts_at=when,
            ends_at=when + datetime.timedelta(hours=2),
            place="Gangseo-gu Office, room 301",
            status=MeetingStatus.HELD,
            created_by=admin,
        )
        Invitation.objects.bulk_create(
            Invitation(
                meeting=meeting, member=member, present=(position + index) % 4 != 3, sent_at=when - datetime.timedelta(days=14)
            )
            for position, member in enumerate(members)
        )
    return institutions, agencies, [o for o in (hotel, van) if o]


def build_demo_evaluation() -> None:
    admin = User.objects.filter(username="admin").first()
    coordinator = User.objects.filter(username="coordinator").first() or admin
    year = timezone.localdate().year - 1
    if admin is None or Round.objects.filter(year=year).exists():
        return
    institutions, agencies, tourism = _last_years_activity(year, admin)
    round_ = services.round_open(actor=admin, year=year)
    services.round_move(actor=admin, round_id=round_.pk, to_state=RoundStatus.SCORING)
    scores = [88, 71, 82, 60, 76, 65, 80, 70]
    for organization, score in zip([*institutions, *agencies, *tourism], scores, strict=False):
        services.committee_score_enter(
            actor=coordinator,
            round_id=round_.pk,
            organization_id=organization.pk,
            score=score,
            note="(demo) The committee's review of the year",
        )
    services.round_compute(actor=coordinator, round_id=round_.pk)
    winners = {r.group: r.organization for r in round_.results.filter(rank=1).select_related("organization")}
    awards = [
        (
            "institutions",
            {"ko": "구청장 표창", "en": "Mayor's commendation"},
            "partner_of_the_year",
            {
                "ko": "외국인 환자에게 신속하게 답변하고 정성껏 진료하여 지역 의료관광 발전에 크게 기여하였습니다.",
                "en": (
                    "For answering foreign patients quickly and caring for them with devotion,"
                    " a great contribution to the region's medical tourism."
                ),
            },
        ),
        (
            "agencies",
            {"ko": "우수 유치기관상", "en": "Outstanding attraction agency"},
            "excellence",
            {
                "ko": "중앙아시아 환자를 꾸준히 유치하고 투명하게 안내하였습니다.",
                "en": "For bringing patients from Central Asia steadily and guiding them honestly.",
            },
        ),
        (
            "tourism",
            {"ko": "친절 환대상", "en": "Hospitality award"},
            "hospitality",
            {
                "ko": "환자와 동반자에게 따뜻한 숙박과 이동 서비스를 제공하였습니다.",
                "en": "For a warm welcome, stays and rides for patients and their companions.",
            },
        ),
    ]
    for group, name, category, citation in awards:
        winner = winners.get(group)
        if winner is not None:
            services.award_give(
                actor=admin, round_id=round_.pk, winner_id=winner.pk, name=name, category=category, citation=citation
            )
    services.round_move(actor=admin, round_id=round_.pk, to_state=RoundStatus.PUBLISHED)
