"""The demo hub has last year's evaluation, published, with its awards and certificates."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from medhub.evaluation.models import Figure, Metric, Result, Round, RoundStatus
from tests.conftest import StaffClient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _demo_files(settings, tmp_path):
    settings.MEDHUB_PHOTOS_DIR = tmp_path / "photos"
    settings.MEDHUB_DEMO_PHOTOS = 2
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "private"}},
    }


def test_demo_has_last_years_published_evaluation_with_awards(capsys):
    from django.contrib.auth import get_user_model

    call_command("demo")
    capsys.readouterr()
    year = timezone.localdate().year - 1
    round_ = Round.objects.get(year=year)
    assert round_.status == RoundStatus.PUBLISHED
    assert set(Result.objects.filter(round=round_).values_list("group", flat=True)) == {"institutions", "agencies", "tourism"}
    # The figures come from the year's data: patients, answers, quotes, feedback, complaints, attendance.
    for metric in (Metric.PATIENTS, Metric.ANSWER_TIME, Metric.QUOTE_ACCEPTANCE, Metric.FEEDBACK, Metric.ATTENDANCE):
        assert Figure.objects.filter(criterion__round=round_, criterion__metric=metric, value__gt=0).exists(), metric
    assert Figure.objects.filter(criterion__round=round_, criterion__metric=Metric.COMPLAINTS, value=1).exists()
    awards = list(round_.awards.select_related("winner"))
    assert len(awards) == 3

    translation.activate("en")
    page = Client().get(reverse("partners-day"))
    assert page.status_code == 200 and "Mayor&#x27;s commendation" in page.content.decode()

    provider = get_user_model().objects.get(username="provider")
    winner = awards[0]
    client = StaffClient()
    client.force_login(
        provider
        if provider.memberships.filter(organization=winner.winner).exists()
        else get_user_model().objects.get(username="coordinator")
    )
    response = client.get(reverse("evaluation-certificate", kwargs={"award_id": winner.pk}))
    assert response.status_code == 200
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "구청장 표창" in text and "Mayor" in text
