"""The reviewers' list parameters (page and API): status, kind, overdue; a bad value is a 400
naming the parameter."""

import django_filters
from django.utils.translation import gettext_lazy as _

from medhub.partners.models import Application, Kind, Status
from medhub.partners.selectors import overdue_q


class _OverdueWidget(django_filters.widgets.BooleanWidget):
    """Yes or no, the empty choice reading "All" rather than the widget's own "Unknown"."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", _("All")), ("true", _("Yes")), ("false", _("No")))


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("Any status"), help_text=_("submitted, under_review, …")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices, empty_label=_("Any kind"))
    overdue = django_filters.BooleanFilter(label=_("Only overdue"), method="filter_overdue", widget=_OverdueWidget())

    class Meta:
        model = Application
        fields = []

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())
