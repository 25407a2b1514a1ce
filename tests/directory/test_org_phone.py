"""An organization's own phone is checked with phonenumbers (core/phones.py) and stored in
international form (E.164), through the admin and through the service; a number that cannot be
called is refused at its field with a translated message."""

from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from medhub.directory import services
from medhub.directory.models import Organization

pytestmark = pytest.mark.django_db


class _FormFields(HTMLParser):
    """What a browser would post from the admin's change form, as it was rendered."""

    def __init__(self):
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._textarea = None
        self._select = None
        self._selected = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "file", "button"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.append((name, a.get("value", "on")))
            else:
                self.data.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.data.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select":
            self._select = None


def change_form(page: str, **changes) -> dict:
    form = page.split('id="organization_form"', 1)[1].split("</form>", 1)[0]
    parser = _FormFields()
    parser.feed(form)
    data: dict = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    data.update({name: [value] for name, value in changes.items()})
    data.pop("_addanother", None)
    data.pop("_continue", None)
    return data


def test_the_admin_stores_the_phone_in_e164_and_refuses_a_bad_one(admin_client, directory):
    clinic = directory["derm"]
    url = f"/en/admin/directory/organization/{clinic.id}/change/"
    page = admin_client.get(url).content.decode()
    refused = admin_client.post(url, change_form(page, phone="12345"))
    assert refused.status_code == 200  # the form again, the error at its field
    assert "Enter a phone number" in str(refused.context["adminform"].form.errors["phone"])
    assert 'value="12345"' in refused.content.decode()  # what was typed stays
    clinic.refresh_from_db()
    assert clinic.phone != "12345"

    saved = admin_client.post(url, change_form(page, phone="02-3333-4444"))
    assert saved.status_code == 302, saved.context["adminform"].form.errors if saved.context else saved
    clinic.refresh_from_db()
    assert clinic.phone == "+82233334444"


def test_the_admin_says_it_in_the_admins_language(admin_client, directory):
    clinic = directory["derm"]
    url = f"/ru/admin/directory/organization/{clinic.id}/change/"
    page = admin_client.get(url).content.decode()
    refused = admin_client.post(url, change_form(page, phone="abc"))
    with translation.override("ru"):
        from medhub.core.phones import to_e164

        try:
            to_e164("abc")
        except ValidationError as exc:
            expected = exc.messages[0]
    assert expected in str(refused.context["adminform"].form.errors["phone"])


def test_the_service_stores_e164_and_refuses_a_bad_number(directory):
    clinic = Organization.objects.get(pk=directory["derm"].pk)
    clinic.phone = "+7 701 234 5678"  # a foreign number keeps its country
    services.organization_save(organization=clinic)
    assert Organization.objects.get(pk=clinic.pk).phone == "+77012345678"
    clinic.phone = "010-12"
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.organization_save(organization=clinic)
    assert "Enter a phone number" in str(refused.value.message_dict["phone"])
    assert Organization.objects.get(pk=clinic.pk).phone == "+77012345678"
    clinic.phone = "   "
    services.organization_save(organization=clinic)
    assert Organization.objects.get(pk=clinic.pk).phone == ""
