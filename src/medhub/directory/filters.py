"""The directory's list parameters, parsed by django-filter for the portal and the API alike.

The institution search only parses here: its ranking stays in the selectors, which read the
cleaned values as ``SearchCriteria``. The other lists are plain querysets the filter sets narrow.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from medhub.core.i18n import LANGUAGE_CODES
from medhub.directory import selectors
from medhub.directory.models import Accreditation, Offering, Organization, Practitioner
from medhub.directory.search import MAX_QUERY_LENGTH

MAX_PRICE_KRW = 10_000_000_000

UNKNOWN_SPECIALTY = _("There is no specialty with the code “%(value)s”.")
UNKNOWN_DISTRICT = _("There is no district with the code “%(value)s”.")
UNKNOWN_INSTITUTION = _("There is no published institution “%(value)s”.")
UNKNOWN_KIND = _("“%(value)s” is not a kind this list knows.")


def _specialty_codes():
    return [(code, code) for code in selectors.specialty_and_district_index()[0]]


def _district_codes():
    return [(code, code) for code in selectors.specialty_and_district_index()[1]]


def _published_institutions(request):
    return selectors.published_institutions()


def _choice(choices, message=None, **kwargs) -> django_filters.ChoiceFilter:
    """A choice parameter; ``message`` (with ``%(value)s``) replaces Django's for an unknown value."""
    if message is not None:
        kwargs["error_messages"] = {"invalid_choice": message}
    return django_filters.ChoiceFilter(choices=choices, empty_label=_("Any"), **kwargs)


class WholeNumberFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class _SearchForm(forms.Form):
    def clean(self):
        data = super().clean()
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and high < low:
            self.add_error("price_max", _("The highest price cannot be below the lowest price."))
        return data


class InstitutionSearchFilter(django_filters.FilterSet):
    """The search parameters (never applied as a queryset filter: ``criteria`` feeds the ranking)."""

    q = django_filters.CharFilter(label=_("Search"), max_length=MAX_QUERY_LENGTH)
    specialty = _choice(_specialty_codes, UNKNOWN_SPECIALTY, label=_("Specialty"))
    language = _choice([(code, code) for code in LANGUAGE_CODES], label=_("Language served"))
    district = _choice(_district_codes, UNKNOWN_DISTRICT, label=_("District"))
    accreditation = _choice(Accreditation.Body.choices, label=_("Accreditation"))
    institution_class = _choice(Organization.InstitutionClass.choices, label=_("Institution class"))
    offering_kind = _choice(Offering.Kind.choices, UNKNOWN_KIND, label=_("Offering kind"))
    price_min = WholeNumberFilter(label=_("Lowest price (KRW)"), min_value=0, max_value=MAX_PRICE_KRW)
    price_max = WholeNumberFilter(label=_("Highest price (KRW)"), min_value=0, max_value=MAX_PRICE_KRW)

    class Meta:
        model = Organization
        fields = []
        form = _SearchForm

    def __init__(self, data=None, *, specialty_choices=None, district_choices=None, **kwargs):
        super().__init__(data, queryset=Organization.objects.none(), **kwargs)
        # The page labels the choices in the reader's language; the API knows only the codes.
        for name, choices in (("specialty", specialty_choices), ("district", district_choices)):
            if choices is not None:
                self.filters[name].extra["choices"] = choices

    @classmethod
    def bound_form(cls, data) -> forms.Form:
        """The parameters' form bound to ``data``, for the API: the same fields and checks as an
        instance's ``form``, without building a filter set and a form class on every request
        (the class is built once per process; choices given as callables are still read on
        each validation, so a new specialty or district is accepted at once)."""
        form_class = cls.__dict__.get("_bound_form_class")
        if form_class is None:
            form_class = cls._bound_form_class = cls().get_form_class()
        return form_class(data)

    def criteria(self, visitor_language: str) -> selectors.SearchCriteria:
        """The ranking's criteria from valid parameters (none when unbound)."""
        cleaned = self.form.cleaned_data if self.is_bound else {}
        return selectors.SearchCriteria.from_cleaned(cleaned, visitor_language)

    def active_count(self) -> int:
        """How many filters (not the free text) the visitor set."""
        return sum(1 for name in self.filters if name != "q" and self.data.get(name))


class OfferingFilter(django_filters.FilterSet):
    specialty = _choice(_specialty_codes, UNKNOWN_SPECIALTY, field_name="specialty__code")
    kind = _choice(Offering.Kind.choices, UNKNOWN_KIND)
    institution = django_filters.ModelChoiceFilter(
        field_name="organization",
        to_field_name="slug",
        queryset=_published_institutions,
        error_messages={"invalid_choice": UNKNOWN_INSTITUTION},
        help_text=_("Institution slug."),
    )

    class Meta:
        model = Offering
        fields = []


class PractitionerFilter(django_filters.FilterSet):
    institution = django_filters.ModelChoiceFilter(
        field_name="organization",
        to_field_name="slug",
        queryset=_published_institutions,
        error_messages={"invalid_choice": UNKNOWN_INSTITUTION},
        help_text=_("Institution slug."),
    )
    specialty = _choice(_specialty_codes, UNKNOWN_SPECIALTY, field_name="specialty__code")

    class Meta:
        model = Practitioner
        fields = []


class PartnerFilter(django_filters.FilterSet):
    kind = _choice([(k.value, k.label) for k in Organization.PARTNER_KINDS], UNKNOWN_KIND)
    district = _choice(_district_codes, UNKNOWN_DISTRICT, field_name="district__code")

    class Meta:
        model = Organization
        fields = []
