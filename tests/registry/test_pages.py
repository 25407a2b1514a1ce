"""The registry's pages: who may open them, the upload → preview → apply flow with its progress,
a reload that applies nothing twice, the prospects to invite, and query counts of the lists."""

import pytest
from django.urls import reverse

from medhub.core.models import LogEntry
from medhub.registry import services
from medhub.registry.models import ImportJob, RegistryEntry
from tests.conftest import StaffClient
from tests.registry.conftest import ROWS, csv_bytes, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["registry-entries", "registry-prospects"]
ADMIN_PAGES = ["registry-imports"]


def signed_in(user):
    client = StaffClient()
    client.force_login(user)
    return client


@pytest.mark.parametrize("page", STAFF_PAGES + ADMIN_PAGES)
@pytest.mark.parametrize(
    ("who", "allowed_staff", "allowed_admin"),
    [
        ("admin", True, True),
        ("coordinator", True, False),
        ("provider", False, False),
        ("facilitator", False, False),
        ("partner", False, False),
        ("interpreter", False, False),
        ("patient", False, False),
        ("outsider", False, False),
    ],
)
def test_who_may_open_each_page(people, page, who, allowed_staff, allowed_admin):
    allowed = allowed_admin if page in ADMIN_PAGES else allowed_staff
    response = signed_in(people[who]).get(reverse(page))
    assert response.status_code == (200 if allowed else 403)


@pytest.mark.parametrize("page", STAFF_PAGES + ADMIN_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, db, page):
    response = client.get(reverse(page))
    assert response.status_code == 302 and "login" in response["Location"]


def test_staff_without_their_second_factor_are_refused(people):
    client = StaffClient()
    client.force_login(people["admin"], mfa=False)
    assert client.get(reverse("registry-imports")).status_code in (302, 403)


def test_upload_preview_then_apply_through_the_page(people, private_storage, directory, django_capture_on_commit_callbacks):
    client = signed_in(people["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry-imports"), {"file": upload()})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(reverse("registry-import", args=[job.pk]))
    assert job.state == "previewed" and job.created_by == people["admin"]
    assert (job.rows, job.institutions, job.facilitators, job.created, job.error_count) == (9, 6, 1, 7, 2)
    assert RegistryEntry.objects.count() == 0  # a preview writes nothing
    page = client.get(reverse("registry-import", args=[job.pk])).content.decode()
    assert "The name (상호명) is empty." in page and ">12<" in page and ">13<" in page
    assert 'type="submit"' in page and "Apply" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry-import", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == "done" and job.applied_by == people["admin"] and job.progress_done == job.progress_total == 9
    assert RegistryEntry.objects.count() == 7
    page = client.get(reverse("registry-import", args=[job.pk])).content.decode()
    assert "Applied" in page and "hx-trigger" not in page
    # A reload of the POST (or a second click) applies nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("registry-import", args=[job.pk]))
    assert again.status_code == 400
    assert "already been applied" in again.content.decode()
    assert LogEntry.objects.filter(action="registry.import.applied").count() == 1
    assert LogEntry.objects.filter(action="registry.import.queued").count() == 1


def test_an_xlsx_upload_previews_too(people, private_storage, django_capture_on_commit_callbacks):
    client = signed_in(people["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry-imports"), {"file": upload(xlsx_bytes(), name="registry.xlsx")})
    assert ImportJob.objects.get().created == 7


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"just,some,csv\n1,2,3\n", "No header row"),
        (b"<html><script>alert(1)</script></html>", "web page code"),
        (b"PK\x03\x04broken", "could not be opened"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_error(people, private_storage, data, message):
    response = signed_in(people["admin"]).post(reverse("registry-imports"), {"file": upload(data)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_queued_job_shows_its_progress_and_the_page_polls_it(people, private_storage, django_capture_on_commit_callbacks):
    admin = people["admin"]
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_upload(upload=upload(), actor=admin)
    # Applying without running the task (as with a broker and no worker yet): the job waits.
    services.import_apply(job=ImportJob.objects.get(pk=job.pk), actor=admin)
    ImportJob.objects.filter(pk=job.pk).update(progress_done=4)
    client = signed_in(admin)
    page = client.get(reverse("registry-import", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page and "<progress" in page
    fragment = client.get(reverse("registry-import-progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and 'value="44"' in fragment.content.decode()
    assert "HX-Refresh" not in fragment
    # The periodic sweep applies it; the next poll tells the page to show the outcome.
    assert services.imports_sweep() == 1
    fragment = client.get(reverse("registry-import-progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true"
    assert RegistryEntry.objects.count() == 7
    assert signed_in(people["coordinator"]).get(reverse("registry-import-progress", args=[job.pk])).status_code == 403


def test_the_entries_page_searches_and_shows_the_matched_organization(people, directory, registry_file):
    from django.core.management import call_command

    call_command("import_registry", str(registry_file()), stdout=None)
    client = signed_in(people["coordinator"])
    page = client.get(reverse("registry-entries"), {"q": "척추"}).content.decode()
    assert "하늘 척추병원" in page and "소라 피부과의원" not in page
    assert "Haneul Spine Hospital" in page  # the matched organization, in the reader's language
    page = client.get(reverse("registry-entries"), {"status": "suspended"}).content.decode()
    assert "바다 치과병원" in page and "하늘 척추병원" not in page
    assert client.get(reverse("registry-entries"), {"status": "nonsense"}).status_code == 400
    page = client.get(reverse("registry-entries"), {"matched": "yes"}).content.decode()
    assert "하늘 척추병원" in page and "새봄 한의원" not in page
    page = client.get(reverse("registry-entries"), {"matched": "no"}).content.decode()
    assert "하늘 척추병원" not in page and "새봄 한의원" in page


def test_prospects_are_active_unmatched_bodies_of_the_hubs_region(people, directory, registry_file):
    from django.core.management import call_command

    call_command("import_registry", str(registry_file()), stdout=None)
    client = signed_in(people["coordinator"])
    page = client.get(reverse("registry-prospects")).content.decode()
    for name in ("새봄 한의원", "한빛 종합병원", "별빛 메디컬 트래블"):
        assert name in page
    assert "소라 피부과의원" not in page  # a partner already
    assert "바다 치과병원" not in page  # suspended
    assert "먼곳 의원" not in page  # another region
    page = client.get(reverse("registry-prospects"), {"kind": "facilitator"}).content.decode()
    assert "별빛 메디컬 트래블" in page and "새봄 한의원" not in page
    page = client.get(
        reverse("registry-prospects"), {"institution_class": "general-hospital", "district": "마루구"}
    ).content.decode()
    assert "한빛 종합병원" in page and "새봄 한의원" not in page
    export = client.get(reverse("registry-prospects"), {"format": "csv"})
    text = export.content.decode("utf-8-sig")
    assert export["Content-Type"].startswith("text/csv") and "새봄 한의원" in text and "소라 피부과의원" not in text


def test_the_region_setting_narrows_prospects_to_one_district(people, directory, registry_file, settings):
    from django.core.management import call_command

    call_command("import_registry", str(registry_file()), stdout=None)
    settings.MEDHUB_HUB_REGION = "한빛시 서하구"
    page = signed_in(people["coordinator"]).get(reverse("registry-prospects")).content.decode()
    assert "새봄 한의원" in page and "한빛 종합병원" not in page


def test_list_pages_answer_in_a_fixed_number_of_queries(people, directory, django_assert_max_num_queries, tmp_path):
    from django.core.management import call_command

    rows = [("정상", f"가나 의원 {n}", "", "의원", "한빛시", "서하구", f"한빛시 서하구 큰길 {n}", "") for n in range(120)]
    rows += [tuple(r) for r in ROWS[:2]]
    path = tmp_path / "many.csv"
    path.write_bytes(csv_bytes(rows))
    call_command("import_registry", str(path), stdout=None)
    client = signed_in(people["admin"])
    for name in ("registry-entries", "registry-prospects", "registry-imports"):
        client.get(reverse(name))  # warm the per-process caches (hub settings, sessions)
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200
