"""Hub configuration, translated content with fallback, catalogs, admin."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from medhub.core.i18n import pick, pick_language
from medhub.core.models import HubSettings
from medhub.core.selectors import clear_caches, hub_languages

ROOT = Path(__file__).resolve().parent.parent.parent


def test_pick_uses_requested_language_then_english_then_korean():
    value = {"ko": "피부과", "en": "Dermatology", "ja": "皮膚科"}
    assert pick(value, "ja") == "皮膚科"
    assert pick(value, "th") == "Dermatology"
    assert pick({"ko": "피부과"}, "ru") == "피부과"
    assert pick({"mn": "Арьс"}, "ru") == "Арьс"
    assert pick({}, "en") == ""
    assert pick_language(value, "th") == "en"


def test_zh_hans_falls_back_within_chinese_before_english():
    assert pick({"zh": "皮肤科", "en": "Dermatology"}, "zh-hans") == "皮肤科"


@pytest.mark.django_db
def test_administrator_changes_hub_name_and_languages(admin_client, directory):
    hub = HubSettings.objects.get()
    hub.name = {"en": "Riverside Care Hub", "ko": "리버사이드 케어 허브"}
    hub.languages = ["ko", "en", "ja"]
    hub.save()
    clear_caches()
    page = admin_client.get("/en/").content.decode()
    assert "Riverside Care Hub" in page
    assert 'hreflang="ja"' in page
    assert 'hreflang="ru"' not in page
    assert [code for code, _n in hub_languages()] == ["ko", "en", "ja"]


@pytest.mark.django_db
def test_hub_settings_reject_unknown_language_and_currency():
    hub = HubSettings(name={"en": "x"}, languages=["ko", "xx"], default_language="ko", default_currency="USD")
    with pytest.raises(ValidationError) as error:
        hub.full_clean()
    assert "languages" in error.value.message_dict
    hub = HubSettings(name={"en": "x"}, languages=["ko"], default_language="en", default_currency="dollars")
    with pytest.raises(ValidationError) as error:
        hub.full_clean()
    assert {"default_language", "default_currency"} <= set(error.value.message_dict)


@pytest.mark.django_db
def test_admin_pages_open_for_the_hub_administrator(admin_client, directory):
    models = [
        "core/hubsettings",
        "core/exchangerate",
        "directory/organization",
        "directory/offering",
        "directory/specialty",
        "directory/district",
        "directory/practitioner",
        "accounts/user",
        "accounts/membership",
        "stats/nationalyeartotal",
    ]
    for model in models:
        assert admin_client.get(f"/en/admin/{model}/").status_code == 200, model
        assert admin_client.get(f"/en/admin/{model}/add/").status_code in (200, 403), model
    org = directory["derm"]
    assert admin_client.get(reverse("admin:directory_organization_change", args=[org.pk])).status_code == 200


@pytest.mark.django_db
def test_admin_edit_of_an_institution_reindexes_its_search_text(admin_client, directory):
    org = directory["dental"]
    url = reverse("admin:directory_organization_change", args=[org.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name in ("name", "description", "offer", "address"):
            widget_values = field.widget.decompress(value)
            for (code, _label), text in zip(field.widget.languages, widget_values, strict=True):
                data[f"{name}_{code}"] = text
        elif name == "specialties":
            data[name] = [s.pk for s in value] if value else []
        elif name == "languages":
            data[name] = value
        elif value is not None:
            data[name] = value.pk if hasattr(value, "pk") else value
    data["name_en"] = "Miso Smile Dental Clinic"
    for prefix in ("photos", "accreditations", "practitioners"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    org.refresh_from_db()
    assert org.name["en"] == "Miso Smile Dental Clinic"
    assert "miso smile dental clinic" in org.search_text


def test_every_catalog_is_complete():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_messages.py")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_the_api_schema_builds_without_a_warning(tmp_path):
    """Every app's API in one schema: a name two apps' enums would share is a warning
    (production's check --deploy fails on it), so each choice set has a name of its own."""
    from django.core.management import call_command

    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert (tmp_path / "schema.yml").stat().st_size > 10_000
