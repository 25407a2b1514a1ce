"""The demo hub's council (issue 12): a member in every division — the demo provider (medical),
facilitator and transport staff (patient attraction), hotel staff (accommodation), and four
more fictional members tied to demo organizations (a shop, a restaurant and two hospitals) — the
chairs of the divisions and of the mediation committee; a plenary held three
weeks ago with attendance, minutes, two decisions with recorded votes and open action items; the
next quarter's plenary with the members' replies; a training session held with its attendance,
two hotel front-desk staff outside the council among its participants (certificates are made on
demand); an announcement to all members, partly read."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from medhub.accounts.models import Membership, Role
from medhub.council import services
from medhub.council.models import Committee, Division, Invitation, Member, SeatRole
from medhub.directory.models import Organization

User = get_user_model()

# (username, first name, last name, language, organization kind, division, role in the division)
EXTRA_MEMBERS = [
    ("council-shop", "Seoyeon", "Park", "ko", Organization.Kind.SHOP, "shopping", SeatRole.CHAIR),
    ("council-dining", "Jiho", "Lee", "ko", Organization.Kind.RESTAURANT, "dining", SeatRole.CHAIR),
    ("council-social", "Li", "Na", "zh-hans", Organization.Kind.INSTITUTION, "social", SeatRole.CHAIR),
    ("council-medical", "Anna", "Sokolova", "ru", Organization.Kind.INSTITUTION, "medical", SeatRole.MEMBER),
]
# The demo's own staff accounts on the council: (username, division, role, chairs the mediation committee?).
DEMO_STAFF = [
    ("provider", "medical", SeatRole.CHAIR, True),
    ("facilitator", "attraction", SeatRole.CHAIR, False),
    ("partner", "accommodation", SeatRole.CHAIR, False),
    ("transport", "attraction", SeatRole.MEMBER, False),
]


def _organization_of(user, role):
    membership = Membership.objects.filter(user=user, role=role).select_related("organization").first()
    return membership.organization if membership else None


def _extra_user(username, first, last, language, organization):
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.hashers import make_password

    role = Role.PROVIDER_STAFF if organization.kind == Organization.Kind.INSTITUTION else Role.PARTNER_STAFF
    user, _created = User.objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}@demo.medhub.example",
            "preferred_language": language,
            "first_name": first,
            "last_name": last,
            "password": make_password(settings.MEDHUB_DEMO_PASSWORD),
        },
    )
    Membership.objects.get_or_create(user=user, role=role, organization=organization)
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, settings.MEDHUB_DEMO_TOTP_SECRET)
    return user


def build_demo_council() -> None:
    admin = User.objects.filter(username="admin").first()
    coordinator = User.objects.filter(username="coordinator").first()
    if admin is None or Member.objects.exists():
        return
    today = timezone.localdate()
    term_start = datetime.date(today.year, 1, 1)
    term_end = datetime.date(today.year + 1, 12, 31)
    committees = {c.code: c for c in Committee.objects.all()}
    divisions = {d.code: d for d in Division.objects.all()}
    members = []

    names = {
        "provider": ("Minji", "Kim"),
        "facilitator": ("Dmitry", "Orlov"),
        "partner": ("Hyejin", "Choi"),
        "transport": ("Junho", "Han"),
    }
    for username, division, role, mediation_chair in DEMO_STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        if not user.first_name:
            user.first_name, user.last_name = names[username]
            user.save(update_fields=["first_name", "last_name"])
        organization = (
            _organization_of(user, Role.PROVIDER_STAFF)
            or _organization_of(user, Role.FACILITATOR_STAFF)
            or _organization_of(user, Role.PARTNER_STAFF)
        )
        seats = [(committees[f"division-{division}"], SeatRole.CHAIR if role == SeatRole.CHAIR else SeatRole.MEMBER)]
        if role == SeatRole.CHAIR:
            seats.append((committees["executive"], SeatRole.MEMBER))
        if mediation_chair:
            seats.append((committees["mediation"], SeatRole.CHAIR))
        members.append(
            services.member_add(
                actor=admin,
                person=user,
                division=divisions[division],
                organization=organization,
                role=role,
                term_start=term_start,
                term_end=term_end,
                seats=seats,
                title="국제진료센터 팀장" if username == "provider" else "",
                share_email=True,
                share_phone=username in ("provider", "partner"),
                phone="+82 2 2600 0000" if username in ("provider", "partner") else "",
            )
        )
    used = {m.organization_id for m in members}
    for username, first, last, language, kind, division, role in EXTRA_MEMBERS:
        organization = Organization.objects.filter(kind=kind).exclude(pk__in=used).order_by("pk").first()
        if organization is None:
            continue
        used.add(organization.pk)
        user = _extra_user(username, first, last, language, organization)
        seats = [(committees[f"division-{division}"], SeatRole.CHAIR if role == SeatRole.CHAIR else SeatRole.MEMBER)]
        if username == "council-social":
            seats.append((committees["mediation"], SeatRole.MEMBER))
        members.append(
            services.member_add(
                actor=admin,
                person=user,
                division=divisions[division],
                organization=organization,
                role=role,
                term_start=term_start,
                term_end=term_end,
                seats=seats,
                share_email=language != "ru",
            )
        )
    if not members:
        return
    by_name = {m.person.username: m for m in members}

    # The plenary held three weeks ago.
    start = timezone.localtime().replace(hour=15, minute=0, second=0, microsecond=0) - datetime.timedelta(days=21)
    past = services.meeting_schedule(
        actor=admin,
        kind="plenary",
        title="정기총회 (분기)",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="강서구청 본관 3층 대회의실",
        agenda="1. 분기 외국인 환자 유치 실적 보고\n2. 파트너스 데이 준비\n3. 중국어 안내 책자 제작",
    )
    absent = {"council-medical"}
    services.attendance_record(
        actor=coordinator or admin,
        meeting_id=past.pk,
        present_member_ids=[m.pk for name, m in by_name.items() if name not in absent],
    )
    services.minutes_record(
        actor=coordinator or admin,
        meeting_id=past.pk,
        minutes=(
            "분기 실적: 외국인 환자 문의 312건, 예약 87건.\n"
            "파트너스 데이는 12월 둘째 주 금요일에 열기로 함.\n"
            "중국어·러시아어 안내 책자를 공동 제작하기로 함."
        ),
    )
    present = [m for name, m in by_name.items() if name not in absent]
    votes = {m.pk: "for" for m in present}
    if len(present) > 2:
        votes[present[-1].pk] = "abstain"
    services.decision_record(
        actor=coordinator or admin, meeting_id=past.pk, text="파트너스 데이를 12월 둘째 주 금요일에 개최한다.", votes=votes
    )
    votes = {m.pk: "for" for m in present}
    if len(present) > 3:
        votes[present[1].pk] = "against"
    services.decision_record(
        actor=coordinator or admin, meeting_id=past.pk, text="중국어·러시아어 안내 책자를 공동 제작한다.", votes=votes
    )
    owners = [by_name.get("provider"), by_name.get("partner"), by_name.get("council-social")]
    tasks = [
        ("중국어 진료 안내 책자 원고 제출", 2),
        ("파트너스 데이 객실 20실 확보", 10),
        ("사회공헌 무료 검진 행사 계획안 작성", 30),
    ]
    for owner, (title, days) in zip(owners, tasks, strict=True):
        if owner is not None:
            services.action_add(
                actor=coordinator or admin,
                meeting_id=past.pk,
                owner_id=owner.pk,
                title=title,
                due_on=today + datetime.timedelta(days=days),
            )

    # The next quarter's plenary, with replies.
    upcoming_start = start + datetime.timedelta(days=91)
    upcoming = services.meeting_schedule(
        actor=admin,
        kind="plenary",
        title="정기총회 (다음 분기)",
        starts_at=upcoming_start,
        ends_at=upcoming_start + datetime.timedelta(hours=2),
        place="강서구청 본관 3층 대회의실",
        video_url="https://meet.jit.si/medhub-demo-council",
        agenda="1. 파트너스 데이 결과 보고\n2. 내년 사업 계획",
    )
    replies = ["yes", "yes", "maybe", "no", "yes"]
    for invitation, answer in zip(Invitation.objects.filter(meeting=upcoming).order_by("pk"), replies, strict=False):
        services.invitation_answer(invitation_id=invitation.pk, answer=answer)

    # A training session held last month, with its attendance: certificates for those present.
    training_start = start - datetime.timedelta(days=14)
    training = services.meeting_schedule(
        actor=admin,
        kind="training",
        title="외국인 환자 응대 실무 교육",
        starts_at=training_start,
        ends_at=training_start + datetime.timedelta(hours=3),
        place="강서구 보건소 교육장",
        agenda="의료통역 협업, 외국인 환자 불만 응대, 개인정보 보호",
    )
    trained = [m.pk for name, m in by_name.items() if name not in ("transport",)]
    services.attendance_record(actor=coordinator or admin, meeting_id=training.pk, present_member_ids=trained)
    # Two of the partners' front-desk staff, not on the council, took it too (one was present).
    hotels = Organization.objects.filter(kind=Organization.Kind.HOTEL).exclude(pk__in=used).order_by("pk")[:2]
    guests = [
        ("training-guest-1", "Aruzhan", "Nurlanova", "kk"),
        ("training-guest-2", "Thu", "Nguyen", "vi"),
    ]
    added = []
    for hotel, (username, first, last, language) in zip(hotels, guests, strict=False):
        guest = _extra_user(username, first, last, language, hotel)
        added.append(services.participant_add(actor=admin, meeting_id=training.pk, person=guest))
    if added:
        services.participants_attendance(actor=coordinator or admin, meeting_id=training.pk, present_ids=[added[0].pk])
    services.minutes_record(actor=coordinator or admin, meeting_id=training.pk, minutes="교육 3시간, 수료자에게 수료증 발급.")

    # An announcement to all members, partly read.
    announcement = services.announcement_send(
        actor=admin,
        audience="all",
        subject={
            "ko": "파트너스 데이 안내",
            "en": "Partners Day",
            "zh-hans": "合作伙伴日通知",
            "ru": "День партнёров",
        },
        body={
            "ko": "올해 파트너스 데이는 12월 둘째 주 금요일 오후 3시, 구청 대강당에서 열립니다. 참석 여부를 알려 주세요.",
            "en": "This year's Partners Day is on the second Friday of December at 3 pm in the district office hall. "
            "Please tell us whether you will come.",
            "zh-hans": "今年的合作伙伴日将于十二月第二个星期五下午三点在区厅大礼堂举行。请告知是否出席。",
            "ru": "День партнёров в этом году — во вторую пятницу декабря в 15:00 в большом зале управы. "
            "Сообщите, пожалуйста, придёте ли вы.",
        },
    )
    for member in members[:3]:
        services.announcement_read(member=member, announcement=announcement)

    # The mediation committee takes up a complaint the hub is handling.
    from medhub.complaints.models import Complaint

    complaint = Complaint.objects.filter(status__in=["acknowledged", "forwarded"]).order_by("pk").first()
    if complaint is not None:
        services.mediation_take_up(
            actor=admin, complaint=complaint, note="가격 분쟁: 위원회가 양측 의견을 듣고 권고안을 내기로 함."
        )
