"""Every link in every email uses the address the site is served at: `PORT=8100 make run`
serves on 8100, and the links follow (MEDHUB_BASE_URL defaults from PORT)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail

from medhub.accounts.models import Role
from medhub.cases import services
from tests.cases.conftest import make_case, make_user

ROOT = Path(__file__).resolve().parent.parent.parent


def base_url_with(**env) -> str:
    environ = {k: v for k, v in os.environ.items() if k not in ("PORT", "MEDHUB_BASE_URL")}
    environ.update(env, DJANGO_SETTINGS_MODULE="medhub.settings")
    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.MEDHUB_BASE_URL)"],
        cwd=ROOT / "src",
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_email_links_follow_the_port_the_site_is_served_on():
    assert base_url_with() == "http://127.0.0.1:8000"
    assert base_url_with(PORT="8100") == "http://127.0.0.1:8100"
    assert base_url_with(PORT="8100", MEDHUB_BASE_URL="https://hub.example/") == "https://hub.example"


@pytest.mark.django_db
def test_a_case_email_links_to_the_configured_address(settings, directory, coordinator, django_capture_on_commit_callbacks):
    settings.MEDHUB_BASE_URL = "http://127.0.0.1:8100"
    staff = make_user("derm-staff", Role.PROVIDER_STAFF, directory["derm"])
    case = make_case()
    services.case_triage(case_id=case.id, specialty=directory["specialties"]["dermatology"], actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_share(case_id=case.id, institution_ids=[directory["derm"].id], actor=coordinator)
    [shared] = [m for m in mail.outbox if m.to == [staff.email]]
    assert f"http://127.0.0.1:8100/{staff.preferred_language or 'en'}/work/inbox/{case.reference}/" in shared.body
    assert "127.0.0.1:8000" not in shared.body
