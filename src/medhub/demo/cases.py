"""Demo cases for the demo hub: inquiries in several languages at different stages."""

import datetime

from django.conf import settings
from django.utils import timezone

from medhub.cases import services
from medhub.cases.models import CONSENT_VERSION, Case, CaseState
from medhub.core.audit import log_action
from medhub.directory.models import Specialty

# (language, nationality, residence, time zone, name, problem, specialty to confirm, hours ago, further states)
DEMO_CASES = [
    (
        "ru",
        "KZ",
        "KZ",
        "Asia/Almaty",
        "Айгерим Нурланова",
        "Беспокоят боли в пояснице и онемение ноги. Хочу обследование позвоночника и консультацию.",
        None,
        30,
        [],
    ),
    (
        "ja",
        "JP",
        "JP",
        "Asia/Tokyo",
        "佐藤 美咲",
        "ニキビ跡とシミが気になります。皮膚科でレーザー治療の相談をしたいです。",
        None,
        3,
        [],
    ),
    ("zh-hans", "CN", "CN", "Asia/Shanghai", "王丽", "想了解皮肤科的激光祛斑治疗，以及需要停留几天。", "dermatology", 20, []),
    (
        "mn",
        "MN",
        "MN",
        "Asia/Ulaanbaatar",
        "Батболд Ганбаатар",
        "Зүрхний шинжилгээ болон эрүүл мэндийн бүрэн үзлэгт хамрагдмаар байна.",
        "health-checkup",
        50,
        [CaseState.SHARED],
    ),
    (
        "en",
        "US",
        "US",
        "America/New_York",
        "Jordan Miller",
        "I tore my meniscus skiing and would like an orthopedics consultation about knee arthroscopy.",
        "orthopedics",
        72,
        [],
    ),
    (
        "ar",
        "AE",
        "AE",
        "Asia/Dubai",
        "خالد المنصوري",
        "أرغب في استشارة في طب الأسنان لزراعة الأسنان وتقدير التكلفة.",
        None,
        1,
        [],
    ),
]


def build_demo_cases(*, coordinator) -> int:
    now = timezone.now()
    by_code = {s.code: s for s in Specialty.objects.all()}
    for number, (language, nationality, residence, zone, name, problem, confirm, hours_ago, states) in enumerate(DEMO_CASES, 1):
        created = now - datetime.timedelta(hours=hours_ago)
        case = Case.objects.create(
            reference=f"HB-DEMO-{number:03d}",
            full_name=name,
            contact_email=f"patient{number}@demo.medhub.example",
            email_verified_at=created,
            nationality=nationality,
            residence_country=residence,
            preferred_language=language,
            time_zone=zone,
            problem=problem,
            companions=number % 3,
            consent_version=CONSENT_VERSION,
            consent_health_data_at=created,
            consent_transfer_at=created,
            first_response_due=created + datetime.timedelta(hours=settings.MEDHUB_FIRST_RESPONSE_HOURS),
        )
        Case.objects.filter(pk=case.pk).update(created_at=created)
        log_action(case, "cases.case.created", case=case, data={"to_state": CaseState.NEW})
        if confirm:
            services.case_triage(case_id=case.id, specialty=by_code[confirm], actor=coordinator, suggested_code=confirm)
        for state in states:
            services.case_transition(case_id=case.id, to_state=state, actor=coordinator)
    return len(DEMO_CASES)
