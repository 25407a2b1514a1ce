"""The hub's complaints list parameters, parsed by django-filter (the same on the page and in the API)."""

import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from medhub.complaints.models import Complaint, ComplaintCategory, ComplaintStatus
from medhub.complaints.selectors import overdue_q

SORT_CHOICES = [
    ("due", _("Next deadline")),
    ("-filed", _("Newest first")),
    ("filed", _("Oldest first")),
]


class CheckboxFilter(django_filters.BooleanFilter):
    field_class = forms.BooleanField


class ComplaintListFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[c for c in ComplaintStatus.choices if c[0] != ComplaintStatus.UNCONFIRMED],
        empty_label=_("Any"),
    )
    category = django_filters.ChoiceFilter(label=_("Category"), choices=ComplaintCategory.choices, empty_label=_("Any"))
    overdue = CheckboxFilter(label=_("Overdue only"), method="filter_overdue")
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=SORT_CHOICES, empty_label=None, method="filter_sort")

    class Meta:
        model = Complaint
        fields = []

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset

    def filter_sort(self, queryset, name, value):
        return queryset

    @property
    def qs(self):
        queryset = super().qs
        sort = self.form.cleaned_data.get("sort") if hasattr(self.form, "cleaned_data") else ""
        return sorted_complaints(queryset, sort or "due")


def sorted_complaints(queryset, sort: str = "due"):
    if sort == "-filed":
        order = [F("received_at").desc(nulls_last=True)]
    elif sort == "filed":
        order = [F("received_at").asc(nulls_last=True)]
    else:
        order = []
    # Ties (and the default) go by the next deadline, soonest first, closed complaints last.
    return queryset.order_by(*order, F("next_due_at").asc(nulls_last=True), F("received_at").desc(), F("id").desc())
