"""Demo interpreters and the year's interpretation subsidy program for the demo hub."""

import datetime
import zoneinfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from medhub.accounts.models import Membership, Role
from medhub.core.i18n import languages_to_db
from medhub.core.phones import to_e164
from medhub.interpreting import services
from medhub.interpreting.models import Availability, Certification, Interpreter, SubsidyProgram

HUB_ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)
DAYS = 60

# (username, display name, preferred language, languages served, phone, hourly rate,
#  certificates as (kind, language, number, year))
OTHERS = [
    (
        "interpreter-wang",
        "王静 (Wang Jing)",
        "zh-hans",
        ["zh-hans", "ko"],
        "010-2345-6701",
        45_000,
        [("national", "zh-hans", "MI-2021-0457", 2021)],
    ),
    (
        "interpreter-sato",
        "佐藤 健 (Sato Ken)",
        "ja",
        ["ja", "en", "ko"],
        "010-2345-6702",
        45_000,
        [("national", "ja", "MI-2019-0133", 2019)],
    ),
    (
        "interpreter-amal",
        "Amal Haddad",
        "ar",
        ["ar", "en", "ko"],
        "010-2345-6703",
        50_000,
        [("national", "ar", "MI-2022-0610", 2022), ("national", "en", "MI-2018-0092", 2018)],
    ),
    (
        "interpreter-bolor",
        "Bolormaa Tsend",
        "mn",
        ["mn", "vi", "th", "ko"],
        "010-2345-6704",
        40_000,
        [("national", "mn", "MI-2020-0281", 2020), ("other", "vi", "VLC-C1-2017-0440", 2017)],
    ),
]


def _availability(interpreter: Interpreter, today: datetime.date) -> None:
    """Working days from 08:00 to 20:00 Korean time over the next 60 days (weekends too: the
    hub's clinics open on Saturdays)."""
    interpreter.availability.filter(starts_at__gte=timezone.now()).delete()
    Availability.objects.bulk_create(
        Availability(
            interpreter=interpreter,
            starts_at=datetime.datetime.combine(today + datetime.timedelta(days=n), datetime.time(8), tzinfo=HUB_ZONE),
            ends_at=datetime.datetime.combine(today + datetime.timedelta(days=n), datetime.time(20), tzinfo=HUB_ZONE),
        )
        for n in range(DAYS)
        if (today + datetime.timedelta(days=n)).weekday() != 6
    )


def _interpreter(user, *, name: str, languages: list[str], phone: str, rate: int, certificates) -> Interpreter:
    Membership.objects.get_or_create(user=user, role=Role.INTERPRETER, organization=None)
    interpreter, _created = Interpreter.objects.update_or_create(
        user=user,
        defaults={
            "display_name": name,
            "phone": to_e164(phone),
            "languages": languages_to_db(languages),
            "is_active": True,
            "hourly_rate_krw": rate,
        },
    )
    interpreter.certifications.all().delete()
    for kind, language, number, year in certificates:
        Certification.objects.create(interpreter=interpreter, kind=kind, language=language, number=number, year=year)
    return interpreter


def build_demo_interpreting(*, interpreter_user) -> None:
    """Makes ``interpreter_user`` (the demo's Russian-speaking interpreter) an interpreter, adds
    four more covering Chinese, Japanese, English, Arabic, Mongolian, Vietnamese and Thai, each
    available over the next 60 days, and the current year's subsidy program."""
    today = timezone.localdate()
    interpreters = [
        _interpreter(
            interpreter_user,
            name="Ольга Ким (Olga Kim)",
            languages=["ru", "kk", "ko"],
            phone="010-2345-6700",
            rate=45_000,
            certificates=[("national", "ru", "MI-2020-0315", 2020)],
        )
    ]
    user_model = get_user_model()
    for username, name, language, languages, phone, rate, certificates in OTHERS:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(username=username, email=f"{username}@demo.medhub.local", preferred_language=language)
            user.set_unusable_password()
            user.save()
            EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
        interpreters.append(_interpreter(user, name=name, languages=languages, phone=phone, rate=rate, certificates=certificates))
    for interpreter in interpreters:
        _availability(interpreter, today)
    program = SubsidyProgram.objects.filter(year=today.year).first() or SubsidyProgram(year=today.year)
    program.name = f"{today.year} 외국인환자 의료통역 지원사업 (Medical interpretation subsidy)"
    program.total_budget_krw = 30_000_000
    program.cap_per_case_krw = 500_000
    program.cap_per_hour_krw = 40_000
    program.counts_consultation = True
    program.counts_surgery = True
    program.counts_teleconsult = False
    program.all_institutions = True
    services.program_save(program=program, actor=None)
