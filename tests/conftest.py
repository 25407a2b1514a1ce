import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from medhub.core.cache import forget_local
from medhub.directory.services import forget_process_caches
from tests import factories


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    # Each test process keeps its cache in memory: the file cache under var/ is shared by every
    # process on the machine, and test runs side by side (SQLite and PostgreSQL) must not read
    # each other's entries. Tests of the Redis cache set their own.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Services called straight from a test speak English, whatever an earlier test left active.
    translation.activate("en")
    cache.clear()
    forget_local()
    forget_process_caches()
    yield
    cache.clear()
    forget_local()
    forget_process_caches()
    translation.deactivate()


@pytest.fixture
def directory(db):
    """A small hub: dermatology, spine and dental institutions in two districts."""
    return build_directory()


@pytest.fixture
def live_directory(transactional_db):
    """The same small hub, committed so that a live server thread sees it."""
    return build_directory()


def build_directory():
    factories.hub()
    factories.rate("USD", "1400")
    factories.rate("JPY", "9.5")
    specialties = factories.load_specialties()
    seoha = factories.district("seoha", ko="서하구", en="Seoha-gu", ru="Сэоха-гу")
    maru = factories.district("maru", ko="마루구", en="Maru-gu")
    derm = factories.institution(
        name={
            "ko": "소라 피부과의원",
            "en": "Sora Dermatology Clinic",
            "zh-hans": "索拉皮肤科诊所",
            "ja": "ソラ皮膚科クリニック",
            "ru": "Клиника дерматологии Сора",
        },
        specialties=[specialties["dermatology"]],
        district=seoha,
        languages=("ko", "en", "ru", "zh-hans"),
        slug="sora-dermatology",
    )
    factories.accreditation(derm, "kahf")
    spine = factories.institution(
        name={"ko": "하늘 척추병원", "en": "Haneul Spine Hospital", "ru": "Больница позвоночника Ханыль"},
        specialties=[specialties["spine"], specialties["orthopedics"]],
        district=maru,
        institution_class="hospital",
        languages=("ko", "en", "mn"),
        slug="haneul-spine",
    )
    dental = factories.institution(
        name={"ko": "미소 치과의원", "en": "Miso Dental Clinic"},
        specialties=[specialties["dentistry"]],
        district=seoha,
        languages=("ko", "en", "ar"),
        slug="miso-dental",
    )
    lapsed = factories.institution(
        name={"ko": "옛날 피부과의원", "en": "Yesnal Dermatology Clinic"},
        specialties=[specialties["dermatology"]],
        district=seoha,
        registered_days_ago=3 * 365 + 10,
        slug="yesnal-dermatology",
    )
    factories.offering(derm, specialties["dermatology"], low=80_000, high=250_000, slug="sora-laser-toning")
    factories.offering(spine, specialties["spine"], low=3_000_000, high=9_000_000, kind="bundle", slug="haneul-disc-bundle")
    factories.offering(dental, specialties["dentistry"], low=1_200_000, high=2_000_000, slug="miso-implant")
    factories.practitioner(derm, specialties["dermatology"])
    hotel = factories.partner("hotel", district=seoha, slug="maru-stay")
    factories.partner("transport", district=maru, slug="hanbit-van", name={"en": "Hanbit Van", "ko": "한빛 밴"})
    return {
        "specialties": specialties,
        "districts": {"seoha": seoha, "maru": maru},
        "derm": derm,
        "spine": spine,
        "dental": dental,
        "lapsed": lapsed,
        "hotel": hotel,
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing is slow by design; tests only need it to round-trip.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"


def activate_totp(user, secret: str = DEMO_TOTP_SECRET) -> None:
    """Staff must have TOTP before they see cases or the admin; tests set it up like a user would."""
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, secret)


@pytest.fixture
def admin_user(db, django_user_model, django_username_field):
    user = django_user_model.objects.create_superuser(username="admin", email="admin@example.com", password="password")
    activate_totp(user)
    return user


def pass_mfa(client, user) -> None:
    """Record in the client's session that it passed TOTP, as allauth does after the code step."""
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "username": user.get_username()},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


class StaffClient(Client):
    """The test client. ``force_login`` of a user who has TOTP stands for a full sign-in (password,
    then the TOTP code); tests of the sign-in itself go through the real pages instead, and
    ``force_login(user, mfa=False)`` gives the password-only session an attacker would have."""

    def force_login(self, user, backend=None, *, mfa=True):
        super().force_login(user, backend)
        from medhub.accounts.selectors import has_totp

        if mfa and has_totp(user):
            pass_mfa(self, user)


@pytest.fixture
def client():
    return StaffClient()


def api_token(user) -> str:
    """A fresh API token for ``user`` (its clear value)."""
    from medhub.accounts.services import token_issue

    return token_issue(user=user, name="test")[1]


@pytest.fixture
def admin_client(admin_user):
    """The administrator signed in with password and TOTP."""
    client = StaffClient()
    client.force_login(admin_user)
    return client


def drop_celery_producers(app) -> None:
    """Forgets the producer pool made for the broker the app had before (a test switching brokers).
    Not ``app.close()``: that also takes the app out of Celery's active apps, and a shared task
    imported afterwards then never registers on it."""
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None
