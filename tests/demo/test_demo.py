"""The demo hub: one command builds a complete, fictional directory."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from medhub.accounts.models import Membership, Role
from medhub.directory.models import District, Offering, Organization, Practitioner, Specialty
from medhub.stats.models import NationalCountryCount, NationalDepartmentCount, NationalYearTotal

pytestmark = pytest.mark.django_db
OTHER_CONTENT_LANGUAGES = ("zh-hans", "ja", "ru", "mn", "ar")


@pytest.fixture(autouse=True)
def _demo_files(settings, tmp_path):
    # The demo's generated photos go to this test's own folders, and only a few are drawn.
    settings.MEDHUB_PHOTOS_DIR = tmp_path / "photos"
    settings.MEDHUB_DEMO_PHOTOS = 2
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "private"}},
    }


@pytest.fixture
def demo(capsys):
    call_command("demo")
    return capsys.readouterr().out


def test_demo_hub_is_complete(demo):
    institutions = Organization.objects.filter(kind="institution")
    assert institutions.count() >= 60
    assert District.objects.count() >= 4
    assert institutions.values("district").distinct().count() >= 4
    assert Offering.objects.count() >= 300
    assert Practitioner.objects.exists()
    covered = set(Specialty.objects.filter(organizations__kind="institution").values_list("code", flat=True))
    assert covered == set(Specialty.objects.values_list("code", flat=True))
    assert len(covered) == 17
    for kind in ("hotel", "restaurant", "shop", "transport", "facilitator"):
        assert Organization.objects.filter(kind=kind).exists(), kind
    assert set(institutions.values_list("institution_class", flat=True)) >= {"clinic", "hospital", "general-hospital"}


def test_every_demo_item_has_korean_english_and_three_more_languages(demo):
    def enough(value: dict) -> bool:
        return bool(value.get("ko")) and bool(value.get("en")) and sum(bool(value.get(c)) for c in OTHER_CONTENT_LANGUAGES) >= 3

    for org in Organization.objects.all():
        assert enough(org.name), org.slug
    for org in Organization.objects.exclude(kind="facilitator"):
        assert enough(org.description), org.slug
    for offering in Offering.objects.all():
        assert enough(offering.name) and enough(offering.description), offering.slug
        assert enough(offering.included) and enough(offering.excluded), offering.slug
    for practitioner in Practitioner.objects.all():
        assert enough(practitioner.name)
    for specialty in Specialty.objects.all():
        assert len([c for c in specialty.name if specialty.name[c]]) == 10


def test_demo_uses_no_real_hospital_names(demo):
    real = ["Asan", "Samsung", "Severance", "Seoul National University", "St. Mary", "Gangnam Severance"]
    names = " ".join(" ".join(org.name.values()) for org in Organization.objects.all())
    for word in real:
        assert word not in names


def test_demo_prints_a_login_for_each_role(demo):
    with translation.override("en"):
        for role in Role:
            assert str(role.label) in demo
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)


def test_demo_loads_national_statistics(demo):
    assert NationalYearTotal.objects.get(year=2024).foreign_patients == 1_170_467
    assert NationalCountryCount.objects.get(year=2024, country_iso2="JP").patients == 441_112
    assert NationalDepartmentCount.objects.get(year=2024, specialty_code="plastic-surgery").share_percent == Decimal("11.4")


def test_demo_is_built_once(demo, capsys):
    count = Organization.objects.count()
    call_command("demo", "--if-empty")
    assert Organization.objects.count() == count
    with pytest.raises(CommandError):
        call_command("demo")


def test_reset_rebuilds_the_demo_with_the_hubs_own_work(demo):
    from medhub.complaints.models import Complaint
    from medhub.council.models import Member
    from medhub.evaluation.models import Award

    before = (Complaint.objects.count(), Member.objects.count(), Award.objects.count())
    assert all(before)
    call_command("demo", "--reset")
    assert (Complaint.objects.count(), Member.objects.count(), Award.objects.count()) == before


def test_scale_option_builds_many_institutions_with_ten_offerings_each(db):
    call_command("demo", "--institutions", "150", "--offerings-per-institution", "10")
    assert Organization.objects.filter(kind="institution").count() == 150
    assert Offering.objects.count() == 1500


def test_demo_search_finds_dermatology_in_five_languages(demo, client):
    for query in ["피부과", "皮肤科", "皮膚科", "дерматология", "dermatology"]:
        results = client.get("/api/v1/institutions/", {"q": query}).json()["results"]
        assert results, query
        assert all("dermatology" in item["specialties"] for item in results), query


def test_registration_runs_three_years_even_from_a_leap_day():
    import datetime

    from medhub.directory.models import registration_expiry

    assert registration_expiry(datetime.date(2024, 2, 29)) == datetime.date(2027, 2, 27)
    assert registration_expiry(datetime.date(2025, 3, 1)) == datetime.date(2028, 2, 29)


def test_reindex_rebuilds_search_columns(directory):
    from medhub.directory.models import Organization
    from medhub.directory.services import organizations_reindex_all

    Organization.objects.update(search_text="", specialty_codes="")
    assert organizations_reindex_all(batch_size=2) == Organization.objects.count()
    derm = Organization.objects.get(slug="sora-dermatology")
    assert derm.specialty_codes == ",dermatology,"
    assert "sora dermatology clinic" in derm.search_text


def test_demo_trip_goes_to_an_institution_the_product_recommends(monkeypatch, capsys):
    """The scale demo crashed when the first institution built was not recommended (here: its
    malpractice insurance has lapsed); the builder now asks the recommendation which to use."""
    import datetime

    from medhub.cases.models import Case, CaseShare
    from medhub.cases.selectors import recommend_institutions
    from medhub.demo.directory import DemoBuilder

    build_one = DemoBuilder._institution

    def first_one_uninsured(self, index, specialties, districts):
        org, chosen = build_one(self, index, specialties, districts)
        if index == 0:
            org.insurance_expires = self.today - datetime.timedelta(days=1)
        return org, chosen

    monkeypatch.setattr(DemoBuilder, "_institution", first_one_uninsured)
    call_command("demo", "--institutions", "20")
    case = Case.objects.get(reference="HB-DEMO-007")
    share = CaseShare.objects.get(case=case)
    provider = Membership.objects.get(user__username="provider", role=Role.PROVIDER_STAFF)
    assert share.institution_id == provider.organization_id
    assert share.institution.insurance_valid(share.institution.insurance_expires)
    assert share.institution_id in {rec.institution.id for rec in recommend_institutions(case, limit=200)}


def test_demo_has_generated_photos_with_alt_text_in_every_language(demo, client):
    from medhub.directory.models import Photo
    from medhub.directory.photos import public_root

    photos = list(Photo.objects.all())
    assert {bool(p.organization_id) for p in photos} == {True, False}  # institutions, and offerings or doctors
    assert Photo.objects.filter(organization__isnull=False).count() == 2
    assert Photo.objects.filter(offering__isnull=False).count() == 2
    assert Photo.objects.filter(practitioner__isnull=False).count() == 2
    for photo in photos:
        assert len(photo.alt) == 10 and all(photo.alt.values())
        for width in photo.sizes:
            assert (public_root() / f"{photo.key}-{width}.webp").is_file()
    institution = Photo.objects.filter(organization__isnull=False).first().organization
    page = client.get(f"/ar/institutions/{institution.slug}/").content.decode()
    assert "<picture" in page and "srcset=" in page and 'loading="lazy"' in page
    assert 'alt="رسم لمبنى' in page
