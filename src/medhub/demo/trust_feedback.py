"""The demo hub's feedback (issue 11): treated cases of the demo provider's institution, four of
them rated by their (fictional) patients, one answered by the institution and one hidden by the
administrator with a reason; one more treated case of the demo patient still waiting for their
feedback. The demo hub publishes aggregate scores, so the institution page shows them."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from medhub.accounts.models import Membership, Role
from medhub.cases import services as cases
from medhub.cases.models import CONSENT_VERSION, Case, CaseState
from medhub.core.audit import log_action
from medhub.core.models import FeedbackPublishing, HubSettings
from medhub.core.selectors import clear_caches, latest_rates
from medhub.feedback import services

User = get_user_model()

# (reference, username, name, language, nationality, time zone, quoted total, paid, currency paid,
#  ratings (communication, interpretation, facilities, result, price honesty), text, closed?)
TREATED = [
    (
        "HB-DEMO-F01",
        "demo-patient-f1",
        "Оюунчимэг Батсүх",
        "mn",
        "MN",
        "Asia/Ulaanbaatar",
        2_400_000,
        2_400_000,
        "KRW",
        (5, 5, 4, 5, 5),
        "Эмч нар маш анхааралтай, орчуулагч бүх зүйлийг тайлбарлаж өгсөн. Үнэ яг саналын дагуу байсан.",
        True,
    ),
    (
        "HB-DEMO-F02",
        "demo-patient-f2",
        "Асель Жумабекова",
        "ru",
        "KZ",
        "Asia/Almaty",
        1_800_000,
        2_050_000,
        "KRW",
        (4, 3, 5, 4, 2),
        "Лечение прошло хорошо, но в счёт добавили анализы, о которых заранее не говорили.",
        True,
    ),
    (
        "HB-DEMO-F03",
        "demo-patient-f3",
        "Nguyễn Thị Lan",
        "vi",
        "VN",
        "Asia/Ho_Chi_Minh",
        1_500_000,
        None,  # what the quote came to in dollars at the day's rate
        "USD",
        (5, 4, 4, 4, 4),
        "Phòng khám sạch sẽ, nhân viên thân thiện. Tôi trả bằng thẻ đô la.",
        False,
    ),
    (
        "HB-DEMO-F04",
        "demo-patient-f4",
        "Emily Carter",
        "en",
        "AU",
        "Australia/Sydney",
        3_200_000,
        3_200_000,
        "KRW",
        (3, 4, 4, 3, 4),
        "Fine overall. The coordinator on the ward, a Ms. Park (her mobile is on my receipt), "
        "was the only one who answered at night.",
        False,
    ),
]
ANSWERED = "HB-DEMO-F02"
HIDDEN = "HB-DEMO-F04"  # names a staff member and her mobile number: personal data


def _treated_case(*, reference, patient, name, language, nationality, zone, total, institution, specialty, coordinator, provider):
    now = timezone.now()
    created = now - datetime.timedelta(days=45)
    case = Case.objects.create(
        reference=reference,
        patient=patient,
        full_name=name,
        contact_email=patient.email,
        email_verified_at=created,
        nationality=nationality,
        residence_country=nationality,
        preferred_language=language,
        time_zone=zone,
        problem="(demo) Treatment arranged through the hub.",
        consent_version=CONSENT_VERSION,
        consent_health_data_at=created,
        consent_transfer_at=created,
        first_response_due=created + datetime.timedelta(hours=settings.MEDHUB_FIRST_RESPONSE_HOURS),
    )
    log_action(case, "cases.case.created", case=case, data={"to_state": CaseState.NEW})
    cases.case_triage(case_id=case.id, specialty=specialty, actor=coordinator, suggested_code=specialty.code)
    cases.case_share(case_id=case.id, institution_ids=[institution.id], actor=coordinator)
    version = cases.quote_submit(
        case_id=case.id,
        institution_id=institution.id,
        actor=provider,
        data={
            "plan": "Consultation, treatment and a follow-up visit.",
            "items": [("Consultation and examination", 200_000), ("Treatment", total - 200_000)],
            "currency": "KRW",
            "valid_until": timezone.localdate() + datetime.timedelta(days=30),
            "stay_days": 5,
            "recovery_days": 2,
        },
    )
    cases.quote_accept(case_id=case.id, quote_id=version.quote_id, actor=patient)
    for state in (CaseState.SCHEDULED, CaseState.IN_TREATMENT, CaseState.AFTERCARE):
        cases.case_transition(case_id=case.id, to_state=state, actor=coordinator)
    return case


def _patient(username: str, language: str):
    user, _created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@demo.medhub.example", "preferred_language": language}
    )
    user.set_unusable_password()  # fictional patients: they do not sign in
    user.save()
    Membership.objects.get_or_create(user=user, role=Role.PATIENT, organization=None)
    return user


def build_demo_feedback() -> None:
    provider = User.objects.get(username="provider")
    coordinator = User.objects.get(username="coordinator")
    admin = User.objects.get(username="admin")
    institution = Membership.objects.get(user=provider, role=Role.PROVIDER_STAFF).organization
    trip = Case.objects.filter(reference="HB-DEMO-007").select_related("specialty").first()
    specialty = trip.specialty if trip and trip.specialty_id else institution.specialties.order_by("position").first()
    given = {}
    for reference, username, name, language, country, zone, total, paid, currency, ratings, text, closed in TREATED:
        patient = _patient(username, language)
        case = _treated_case(
            reference=reference,
            patient=patient,
            name=name,
            language=language,
            nationality=country,
            zone=zone,
            total=total,
            institution=institution,
            specialty=specialty,
            coordinator=coordinator,
            provider=provider,
        )
        if closed:
            cases.case_transition(case_id=case.id, to_state=CaseState.CLOSED, actor=coordinator)
        if paid is None:
            rate = latest_rates().get(currency)
            paid, currency = (rate.convert(total), currency) if rate else (total, "KRW")
        keys = ("communication", "interpretation", "facilities", "result", "price_honesty")
        given[reference] = services.feedback_give(
            case_id=case.id,
            actor=patient,
            ratings=dict(zip(keys, ratings, strict=True)),
            paid_amount=paid,
            paid_currency=currency,
            text=text,
            language=language,
        )
    services.feedback_answer(
        feedback_id=given[ANSWERED].pk,
        actor=provider,
        text="Спасибо за отзыв. Дополнительные анализы назначил врач после осмотра; впредь мы будем сообщать о них "
        "до процедуры и обновлять смету.",
        language="ru",
    )
    services.feedback_hide(
        feedback_id=given[HIDDEN].pk,
        actor=admin,
        reason="personal_data",
        note="Names a staff member and gives her mobile number.",
    )
    # The demo patient's own treated case, waiting for their feedback ("Give feedback" on My cases).
    patient = User.objects.get(username="patient")
    _treated_case(
        reference="HB-DEMO-F05",
        patient=patient,
        name="Дана Серикова",
        language="ru",
        nationality="KZ",
        zone="Asia/Almaty",
        total=900_000,
        institution=institution,
        specialty=specialty,
        coordinator=coordinator,
        provider=provider,
    )
    # A Korean hub may publish aggregate scores (DOMAIN.md, "Reviews and advertising"): the demo does.
    HubSettings.objects.filter(pk__in=HubSettings.objects.order_by("pk").values("pk")[:1]).update(
        feedback_publishing=FeedbackPublishing.AGGREGATE
    )
    clear_caches()
