"""Parsing of directory search parameters, shared by the portal and the API."""

from django import forms
from django.utils.translation import gettext_lazy as _

from medhub.core.i18n import LANGUAGE_CODES
from medhub.directory.models import Accreditation, Offering, Organization
from medhub.directory.search import MAX_QUERY_LENGTH

MAX_PRICE_KRW = 10_000_000_000


class InstitutionSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_QUERY_LENGTH, strip=True)
    specialty = forms.SlugField(label=_("Specialty"), required=False)
    language = forms.ChoiceField(label=_("Language served"), required=False)
    district = forms.SlugField(label=_("District"), required=False)
    accreditation = forms.ChoiceField(
        label=_("Accreditation"), required=False, choices=[("", _("Any")), *Accreditation.Body.choices]
    )
    institution_class = forms.ChoiceField(
        label=_("Institution class"), required=False, choices=[("", _("Any")), *Organization.InstitutionClass.choices]
    )
    offering_kind = forms.ChoiceField(label=_("Offering kind"), required=False, choices=[("", _("Any")), *Offering.Kind.choices])
    price_min = forms.IntegerField(label=_("Lowest price (KRW)"), required=False, min_value=0, max_value=MAX_PRICE_KRW)
    price_max = forms.IntegerField(label=_("Highest price (KRW)"), required=False, min_value=0, max_value=MAX_PRICE_KRW)

    def __init__(self, *args, specialty_choices=None, district_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Any")), *[(code, code) for code in LANGUAGE_CODES]]
        self.specialty_codes = {code for code, _label in (specialty_choices or [])}
        self.district_codes = {code for code, _label in (district_choices or [])}
        if specialty_choices is not None:
            self.fields["specialty"] = forms.ChoiceField(
                label=_("Specialty"), required=False, choices=[("", _("Any")), *specialty_choices]
            )
        if district_choices is not None:
            self.fields["district"] = forms.ChoiceField(
                label=_("District"), required=False, choices=[("", _("Any")), *district_choices]
            )

    def clean(self):
        data = super().clean()
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and high < low:
            self.add_error("price_max", _("The highest price cannot be below the lowest price."))
        return data
