"""The daily watch: reminders 90, 30 and 7 days before expiry and a notice once expired, each once,
to the organization's staff and the hub administrators, each in their language."""

import datetime

import pytest
from django.utils import timezone

from medhub.accounts.models import Role
from medhub.cases import services as case_services
from medhub.cases.selectors import recommend_institutions
from medhub.directory.models import Organization
from medhub.directory.selectors import published_institutions
from medhub.directory.services import directory_changed
from medhub.notifications.models import Notification
from medhub.verification.models import Reminder
from medhub.verification.services import watch
from tests.cases.conftest import make_case

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def day(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def far_away(org):
    """Everything of ``org`` valid for years, so that one item at a time can be tested."""
    Organization.objects.filter(pk=org.pk).update(registration_expires=day(3000), insurance_expires=day(3000))
    org.accreditations.update(valid_until=day(3000))


@pytest.fixture
def quiet(world):
    """No organization of the small hub has anything due, except what a test sets."""
    for org in Organization.objects.all():
        far_away(org)
    return world


def notices(user, kind=None):
    queryset = Notification.objects.filter(recipient=user)
    return queryset.filter(kind=kind) if kind else queryset


def test_reminders_at_90_30_and_7_days_and_on_expiry_each_once(quiet):
    derm = quiet["derm"]
    Organization.objects.filter(pk=derm.pk).update(registration_expires=day(90))
    expiry = day(90)

    assert watch(TODAY) == 1
    assert watch(TODAY) == 0  # a rerun the same day sends nothing
    assert watch(day(1)) == 0  # 89 days left: the 90-day reminder went already
    assert watch(day(60)) == 1  # 30 days left
    assert watch(day(61)) == 0
    assert watch(day(83)) == 1  # 7 days left
    assert watch(day(90)) == 0  # the last valid day: still the 7-day reminder, already sent
    assert watch(day(91)) == 1  # expired: the notice
    assert watch(day(120)) == 0

    reminders = Reminder.objects.filter(organization=derm, item_key="registration", expires_on=expiry)
    assert sorted(reminders.values_list("threshold", flat=True)) == [0, 7, 30, 90]
    provider, admin = quiet["provider"], quiet["admin"]
    assert notices(provider, "verification.expiring").count() == 3
    assert notices(provider, "verification.expired").count() == 1
    assert notices(admin, "verification.expiring").count() == 3
    assert notices(admin, "verification.expired").count() == 1
    # Nobody else is told: not another institution's staff, not coordinators, interpreters or patients.
    for other in ("spine_staff", "agency_staff", "hotel_staff", "coordinator", "interpreter", "patient"):
        assert not notices(quiet[other]).exists(), other


def test_an_item_first_seen_close_to_expiry_gets_one_reminder(quiet):
    derm = quiet["derm"]
    Organization.objects.filter(pk=derm.pk).update(insurance_expires=day(5))
    assert watch(TODAY) == 1
    assert list(Reminder.objects.values_list("item_key", "threshold")) == [("insurance", 7)]


def test_each_recipient_reads_it_in_their_language(quiet):
    derm = quiet["derm"]
    Organization.objects.filter(pk=derm.pk).update(registration_expires=day(30))
    watch(TODAY)
    to_provider = notices(quiet["provider"], "verification.expiring").get()
    to_admin = notices(quiet["admin"], "verification.expiring").get()
    assert to_provider.language == "ko"
    assert to_admin.language == "ru"
    # The organization's name and the date, each the reader's way.
    assert "소라 피부과의원" in to_provider.title
    assert "Клиника дерматологии Сора" in to_admin.title
    assert f"{day(30).year}년" in to_provider.body
    assert f"{day(30).year} г." in to_admin.body
    assert to_provider.link == "/ko/work/verification/"
    assert to_admin.link == "/ru/work/verification/renewals/"


def test_accreditations_are_watched_and_a_renewed_one_replaces_the_old(quiet):
    derm = quiet["derm"]
    accreditation = derm.accreditations.get()
    accreditation.valid_until = day(25)
    accreditation.save()
    assert watch(TODAY) == 1
    assert Reminder.objects.get().item_key == f"accreditation-{accreditation.pk}"
    # A newer accreditation of the same body supersedes it: the old one's expiry is not announced.
    derm.accreditations.create(body="kahf", valid_from=day(20), valid_until=day(20 + 4 * 365))
    assert watch(day(26)) == 0


def test_a_new_expiry_date_is_watched_afresh(quiet):
    derm = quiet["derm"]
    Organization.objects.filter(pk=derm.pk).update(registration_expires=day(7))
    assert watch(TODAY) == 1
    Organization.objects.filter(pk=derm.pk).update(registration_expires=day(7 + 3 * 365))
    assert watch(TODAY) == 0
    assert watch(day(3 * 365 + 7 - 90)) == 1


def test_an_organization_held_out_by_the_registry_is_not_reminded(quiet):
    derm = quiet["derm"]
    Organization.objects.filter(pk=derm.pk).update(registration_expires=day(7), hold="registry-closed")
    assert watch(TODAY) == 0


def test_agencies_and_partner_services_are_reminded_of_their_registration(quiet):
    Organization.objects.filter(pk=quiet["agency"].pk).update(registration_expires=day(30))
    Organization.objects.filter(pk=quiet["hotel"].pk).update(registration_expires=day(7), insurance_expires=None)
    assert watch(TODAY) == 2
    assert notices(quiet["agency_staff"], "verification.expiring").count() == 1
    assert notices(quiet["hotel_staff"], "verification.expiring").count() == 1
    assert notices(quiet["admin"], "verification.expiring").count() == 2


def test_on_expiry_the_organization_leaves_search_and_matching(quiet):
    derm = quiet["derm"]
    assert derm in published_institutions()
    Organization.objects.filter(pk=derm.pk).update(registration_expires=day(-1))
    assert derm not in published_institutions()
    watch(TODAY)
    assert notices(quiet["provider"], "verification.expired").count() == 1

    Organization.objects.filter(pk=derm.pk).update(registration_expires=day(500))
    directory_changed()
    case = make_case(preferred_language="ru", problem="акне")
    case_services.case_triage(case_id=case.id, specialty=quiet["specialties"]["dermatology"], actor=quiet["coordinator"])
    case.refresh_from_db()
    assert "sora-dermatology" in [r.institution.slug for r in recommend_institutions(case)]
    Organization.objects.filter(pk=derm.pk).update(insurance_expires=day(-1))
    directory_changed()
    assert "sora-dermatology" not in [r.institution.slug for r in recommend_institutions(case)]
    assert watch(TODAY) == 1  # the insurance's notice
    assert notices(quiet["provider"], "verification.expired").count() == 2


def test_staff_of_an_expired_organization_see_what_to_renew(quiet, client):
    Organization.objects.filter(pk=quiet["derm"].pk).update(insurance_expires=day(-3))
    client.force_login(quiet["provider"])
    response = client.get("/en/work/verification/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "To renew now" in text
    assert "no new patient is proposed" in text


def test_a_failing_organization_does_not_stop_the_others(quiet, monkeypatch):
    from medhub.verification import services

    Organization.objects.filter(pk__in=[quiet["derm"].pk, quiet["spine"].pk]).update(registration_expires=day(7))
    real = services.notify

    def fussy(user, kind, context=None, link=None):
        if context and context.get("organization") and context["organization"].slug == "sora-dermatology":
            raise RuntimeError("mail server on fire")
        return real(user, kind, context, link)

    monkeypatch.setattr(services, "notify", fussy)
    assert watch(TODAY) == 1
    # The failed one was rolled back: tomorrow's run sends it.
    assert list(Reminder.objects.values_list("organization__slug", flat=True)) == ["haneul-spine"]
    monkeypatch.setattr(services, "notify", real)
    assert watch(day(1)) == 1


def test_only_hub_administrators_among_the_hub_staff_are_told(quiet):
    assert Role.HUB_ADMIN in {m.role for m in quiet["admin"].memberships.all()}
    Organization.objects.filter(pk=quiet["derm"].pk).update(registration_expires=day(7))
    watch(TODAY)
    assert not notices(quiet["coordinator"]).exists()
