"""The demo hub's complaints (issue 11): one in each step of the workflow, written by fictional
people in their own languages. The demo patient's complaint about the demo provider's
institution was forwarded and answered; one about a billing dispute was referred to K-medi
(its packet downloads from the hub's desk); a member of the public reported an illegal broker;
one complaint is overdue for acknowledgement; one was withdrawn; one waits for its email to be
confirmed. Everything goes through the services, so each step is audited."""

import datetime

from django.utils import timezone

from medhub.accounts.models import Membership, Role, User
from medhub.cases.models import Case
from medhub.complaints import services
from medhub.complaints.clock import due_dates
from medhub.complaints.models import Complaint, ComplaintStatus
from medhub.directory.models import Organization

CLIENT = "demo"


def clear_demo_complaints() -> None:
    """Complaints hold their organization (PROTECT); the demo's reset removes them first, after
    the council's mediations that hold them."""
    from medhub.council.models import Mediation

    Mediation.objects.all().delete()
    for complaint in Complaint.objects.all():
        for document in complaint.documents.all():
            document.file.delete(save=False)
    Complaint.objects.all().delete()


def _file(*, filer=None, language: str, **data) -> Complaint:
    data.setdefault("organization", None)
    return services.complaint_file(data=data, documents=[], language=language, filer=filer, client=CLIENT, throttled=False)


def _confirm(complaint: Complaint) -> Complaint:
    """As if the public complainant had followed the emailed link."""
    from medhub.complaints.links import verify_token

    confirmed, _used = services.complaint_confirm_email(complaint_id=complaint.id, token=verify_token(complaint.id))
    return confirmed


def _received_days_ago(complaint: Complaint, days: int) -> None:
    received = timezone.now() - datetime.timedelta(days=days)
    acknowledge, resolve = due_dates(received)
    Complaint.objects.filter(pk=complaint.pk).update(received_at=received, acknowledge_due=acknowledge, resolve_due=resolve)


def build_demo_complaints() -> None:
    clear_demo_complaints()
    coordinator = User.objects.filter(username="coordinator").first()
    patient = User.objects.filter(username="patient").first()
    provider = User.objects.filter(username="provider").first()
    if coordinator is None or patient is None or provider is None:
        return
    institution = Membership.objects.filter(user=provider, role=Role.PROVIDER_STAFF).select_related("organization").first()
    institution = institution.organization if institution else None
    hotel = Membership.objects.filter(user__username="partner", role=Role.PARTNER_STAFF).select_related("organization").first()
    hotel = hotel.organization if hotel else Organization.objects.filter(kind=Organization.Kind.HOTEL).first()
    agency = Organization.objects.filter(kind=Organization.Kind.FACILITATOR).order_by("slug").first()
    case = Case.objects.filter(patient=patient).order_by("created_at").first()
    if institution is None:
        return

    # 1. Forwarded and answered: the demo patient (Mongolian) about the demo provider's clinic.
    answered = _file(
        filer=patient,
        language="mn",
        subject="organization",
        organization=institution,
        category="communication",
        case=case,
        text=(
            "Эмчилгээний дараа тайлбар өгөх орчуулагч байгаагүй тул эмийн заавраа ойлгоогүй. "
            "Дараагийн удаа монгол хэлний орчуулагч хэрэгтэй байна."
        ),
    )
    services.complaint_acknowledge(complaint_id=answered.id, actor=coordinator)
    services.complaint_forward(complaint_id=answered.id, actor=coordinator)
    services.complaint_answer(
        complaint_id=answered.id,
        actor=provider,
        body="죄송합니다. 복약 안내문을 몽골어로 다시 보내드렸고, 다음 내원 시 통역사를 배정하겠습니다.",
    )
    services.complaint_message_post(
        complaint_id=answered.id,
        actor=coordinator,
        body="The clinic sent your medication instructions in Mongolian. Did you receive them?",
        from_hub=True,
    )

    # 2. Referred to K-medi, with its reference: a billing dispute (Russian) about the same clinic.
    referred = _file(
        language="ru",
        name="Наталья Смирнова",
        email="natalia.demo@example.org",
        subject="organization",
        organization=institution,
        category="price",
        text=(
            "Мне выставили счёт на 3 800 000 вон вместо 2 100 000 вон по смете. "
            "Клиника отказывается объяснить разницу и вернуть деньги. Прошу помочь."
        ),
    )
    _confirm(referred)
    _received_days_ago(referred, 12)
    services.complaint_acknowledge(complaint_id=referred.id, actor=coordinator)
    services.complaint_forward(complaint_id=referred.id, actor=coordinator)
    services.complaint_answer(
        complaint_id=referred.id,
        actor=provider,
        body="추가 시술(레이저 2회)이 환자 동의 후 시행되어 비용이 늘었습니다. 동의서 사본을 제출합니다.",
    )
    services.complaint_refer(
        complaint_id=referred.id,
        actor=coordinator,
        referred_on=timezone.localdate() - datetime.timedelta(days=2),
        kmedi_reference="KM-DEMO-2026-0117",
        note="The parties disagree on whether the extra sessions were agreed; mediation suggested.",
    )

    # 3. Illegal brokering, reported by the public (English), acknowledged.
    broker = _file(
        language="en",
        name="Daniel Brooks",
        email="daniel.demo@example.org",
        subject="broker",
        category="brokering",
        broker_details="“Seoul Glow Trips” — Instagram @seoulglow.trips.demo, KakaoTalk ID glowtrip77 (fictional)",
        text=(
            "A person on Instagram offered me a 'package' with free hotel nights if I paid a deposit to a "
            "personal bank account. They are not in your list of registered agencies."
        ),
    )
    _confirm(broker)
    services.complaint_acknowledge(complaint_id=broker.id, actor=coordinator)

    # 4. Overdue: received five days ago, not acknowledged (Chinese, about the hotel).
    if hotel is not None:
        overdue = _file(
            language="zh-hans",
            name="王丽",
            email="wangli.demo@example.org",
            subject="organization",
            organization=hotel,
            category="service",
            text="酒店的接送车没有按时到机场，我们等了两个小时，也没有人接电话。",
        )
        _confirm(overdue)
        _received_days_ago(overdue, 5)

    # 5. Resolved (Arabic, about an agency), and 6. withdrawn by the demo patient (about the hub).
    if agency is not None:
        resolved = _file(
            language="ar",
            name="عمر الحسن",
            email="omar.demo@example.org",
            subject="organization",
            organization=agency,
            category="conduct",
            text="لم يرد موظف الوكالة على رسائلي لمدة أسبوع، ثم ألغى موعدي دون إبلاغي.",
        )
        _confirm(resolved)
        services.complaint_acknowledge(complaint_id=resolved.id, actor=coordinator)
        services.complaint_close(
            complaint_id=resolved.id,
            to_state=ComplaintStatus.RESOLVED,
            actor=coordinator,
            note="The agency apologised and booked a new appointment within the week.",
        )
    withdrawn = _file(
        filer=patient,
        language="mn",
        subject="hub",
        category="other",
        text="Хабын вэбсайт дээр миний хэрэг харагдахгүй байсан. Одоо засагдсан.",
    )
    services.complaint_withdraw(complaint_id=withdrawn.id, actor=patient, note="Засагдсан.")

    # 7. Waiting for its email to be confirmed (Japanese).
    _file(
        language="ja",
        name="佐藤 花子",
        email="hanako.demo@example.org",
        subject="hub",
        category="communication",
        text="問い合わせから三日たっても返事がありません。",
    )
