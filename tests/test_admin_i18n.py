"""The admin speaks the staff's language (app and model names too), carries the hub's name,
picks users, organizations and cases by search, and shows cases read-only."""

import pytest

from medhub.accounts.models import Role
from medhub.cases.models import Case
from medhub.core.models import HubSettings
from medhub.core.selectors import clear_caches
from tests.cases.conftest import make_case, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub(db):
    settings_row = HubSettings.objects.order_by("pk").first() or HubSettings(pk=1)
    settings_row.name = {"en": "Hanbit Medical Hub", "ko": "한빛 의료관광 지원센터", "ru": "Медицинский центр Ханбит"}
    settings_row.save()
    clear_caches()
    yield settings_row
    clear_caches()


def test_the_admin_index_in_korean_names_the_apps_in_korean(admin_client, hub):
    page = admin_client.get("/ko/admin/").content.decode()
    for korean in ("케이스", "일정", "의료 통역", "여행"):  # cases, schedule, interpretation, travel
        assert korean in page, korean
    english = admin_client.get("/en/admin/").content.decode()
    assert "Cases" in english and "Schedule" in english and "People and sign-in" in english


def test_the_admin_carries_the_hubs_name_in_the_readers_language(admin_client, hub):
    english = admin_client.get("/en/admin/").content.decode()
    assert "Hanbit Medical Hub administration" in english
    assert "Django administration" not in english
    assert "한빛 의료관광 지원센터" in admin_client.get("/ko/admin/").content.decode()
    # A change of name shows on the next page, without a restart.
    hub.name = {"en": "Hanbit Care Hub"}
    hub.save()
    clear_caches()
    assert "Hanbit Care Hub administration" in admin_client.get("/en/admin/").content.decode()


def test_a_case_in_the_admin_is_read_only(admin_client, directory):
    case = make_case(reference="HB-ADMIN")
    listing = admin_client.get("/en/admin/cases/case/", {"q": "HB-ADMIN"})
    assert listing.status_code == 200 and "HB-ADMIN" in listing.content.decode()
    page = admin_client.get(f"/en/admin/cases/case/{case.id}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="_save"' not in body and 'name="_continue"' not in body
    assert "/en/work/cases/HB-ADMIN/" in admin_client.get("/en/admin/cases/case/").content.decode()
    # Posting the form changes nothing.
    response = admin_client.post(f"/en/admin/cases/case/{case.id}/change/", {"full_name": "Changed", "state": "closed"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.full_name == "Test Patient" and case.state == "new"
    assert admin_client.get("/en/admin/cases/case/add/").status_code == 403
    assert admin_client.post(f"/en/admin/cases/case/{case.id}/delete/", {"post": "yes"}).status_code == 403
    assert Case.objects.filter(pk=case.id).exists()


def autocomplete(client, app, model, field, term):
    return client.get("/en/admin/autocomplete/", {"app_label": app, "model_name": model, "field_name": field, "term": term})


def test_users_organizations_and_cases_are_picked_by_search(admin_client, directory):
    make_user("mina-coordinator", Role.COORDINATOR)
    make_case(reference="HB-PICK-ME")
    users = autocomplete(admin_client, "accounts", "membership", "user", "mina")
    assert users.status_code == 200
    assert [r["text"] for r in users.json()["results"]] == ["mina-coordinator"]
    organizations = autocomplete(admin_client, "accounts", "membership", "organization", "sora")
    assert organizations.status_code == 200 and organizations.json()["results"]
    cases = autocomplete(admin_client, "travel", "trip", "case", "PICK")
    assert [r["text"] for r in cases.json()["results"]] == ["HB-PICK-ME"]
    interpreters = autocomplete(admin_client, "interpreting", "interpreter", "user", "mina")
    assert interpreters.status_code == 200
    # The forms show the search box instead of a raw id.
    page = admin_client.get("/en/admin/accounts/membership/add/").content.decode()
    assert "admin-autocomplete" in page and "vForeignKeyRawIdAdminField" not in page


def test_autocomplete_answers_only_staff(client, directory):
    coordinator = make_user("coord", Role.COORDINATOR)
    client.force_login(coordinator)
    answer = autocomplete(client, "accounts", "membership", "user", "coord")
    assert answer.status_code in (302, 403)
    assert "coord@example.com" not in answer.content.decode()


def test_the_admin_index_names_the_periodic_task_models_in_arabic_and_japanese(admin_client, hub):
    # django-celery-beat ships neither language; medhub's vendor catalogs carry its strings.
    expected = {
        "ar": ("المهام الدورية", "فواصل زمنية", "جداول crontab"),
        "ja": ("定期タスク", "間隔", "日時指定"),
    }
    for language, names in expected.items():
        page = admin_client.get(f"/{language}/admin/").content.decode()
        link = f'<a href="/{language}/admin/django_celery_beat/periodictask/">{names[0]}</a>'
        assert link in page, language
        for name in names[1:]:
            assert f">{name}</a>" in page, (language, name)
        assert "periodic tasks" not in page.lower() and "주기적인" not in page, language
