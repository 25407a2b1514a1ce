"""The coordinator's board parameters, parsed by django-filter over the board's scoped cases."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medhub.cases.models import Case, CaseState
from medhub.core.countries import country_choices
from medhub.directory.models import Specialty


class CheckboxFilter(django_filters.BooleanFilter):
    """A checkbox: ticked narrows the list, unticked leaves it alone."""

    field_class = forms.BooleanField


class CaseBoardFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=CaseState.choices, empty_label=_("Any"))
    owner = django_filters.ChoiceFilter(
        label=_("Owner"), choices=[("me", _("Me")), ("none", _("Nobody yet"))], empty_label=_("Anyone"), method="filter_owner"
    )
    overdue = CheckboxFilter(label=_("Overdue only"), method="filter_overdue")
    specialty = django_filters.ModelChoiceFilter(
        label=_("Specialty"), queryset=Specialty.objects.all(), to_field_name="code", empty_label="---------"
    )
    # The names in the reader's language, read when the form is drawn.
    nationality = django_filters.ChoiceFilter(label=_("Nationality"), choices=country_choices, empty_label=_("Any"))

    class Meta:
        model = Case
        fields = []

    def filter_owner(self, queryset, name, value):
        if value == "me":
            return queryset.filter(owner=self.request.user)
        return queryset.filter(owner__isnull=True) if value == "none" else queryset

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(first_responded_at__isnull=True, first_response_due__lt=timezone.now())
