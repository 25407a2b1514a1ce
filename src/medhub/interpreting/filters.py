"""The interpreting lists' parameters, parsed by django-filter sets for the API."""

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from medhub.core.i18n import LANGUAGE_CODES
from medhub.interpreting.models import Interpreter, SubsidyClaim


class ListedChoiceField(django_filters.fields.ChoiceField):
    """A choice whose error can name the value and list the choices:
    ``%(value)s`` (also ``%(lang)s``) and ``%(choices)s`` (also ``%(codes)s``)."""

    def validate(self, value):
        try:
            super().validate(value)
        except ValidationError as error:
            listed = ", ".join(str(key) for key, _label in self.choices if key)
            params = {"value": value, "lang": value, "choices": listed, "codes": listed}
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params=params) from error


class ListedChoiceFilter(django_filters.ChoiceFilter):
    field_class = ListedChoiceField


class InterpreterFilter(django_filters.FilterSet):
    language = ListedChoiceFilter(
        choices=[(code, code) for code in LANGUAGE_CODES],
        method="filter_language",
        help_text=_("A language code, e.g. ru"),
        error_messages={"invalid_choice": _("Unknown language %(lang)s. Use one of: %(codes)s.")},
    )

    class Meta:
        model = Interpreter
        fields = []

    def filter_language(self, queryset, name, value):
        # Languages are stored as ",ko,ru," (decision 0002), so a code matches only whole.
        return queryset.filter(languages__contains=f",{value},")


class ClaimFilter(django_filters.FilterSet):
    status = ListedChoiceFilter(
        choices=SubsidyClaim.Status.choices, error_messages={"invalid_choice": _("Choose one of: %(choices)s.")}
    )

    class Meta:
        model = SubsidyClaim
        fields = []
