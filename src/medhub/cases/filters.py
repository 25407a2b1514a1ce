"""The coordinator's board parameters, parsed by django-filter over the board's scoped cases."""

import django_filters
from django import forms
from django.db import models
from django.db.models import F, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medhub.cases.models import Case, CaseState
from medhub.core.countries import country_choices
from medhub.directory.models import Specialty


class CheckboxFilter(django_filters.BooleanFilter):
    """A checkbox: ticked narrows the list, unticked leaves it alone."""

    field_class = forms.BooleanField


SORT_CHOICES = [
    ("deadline", _("Next deadline")),
    ("-received", _("Newest first")),
    ("received", _("Oldest first")),
    ("status", _("Status")),
    ("country", _("Country")),
    ("owner", _("Owner")),
]


def with_next_deadline(queryset):
    """Each case's next deadline: its first answer's due time while nobody has answered it."""
    return queryset.annotate(next_deadline=models.Case(When(first_responded_at__isnull=True, then=F("first_response_due"))))


def _sorted(queryset, sort: str):
    if sort in ("-received", "received"):
        order = [F("created_at").desc() if sort.startswith("-") else F("created_at").asc()]
    elif sort == "status":
        order = [F("state").asc()]
    elif sort == "country":
        order = [F("nationality").asc()]
    elif sort == "owner":
        order = [F("owner__username").asc(nulls_last=True)]
    else:
        order = []
    # Ties (and the default) go by the next deadline, soonest first, answered cases last.
    order += [F("next_deadline").asc(nulls_last=True), F("first_response_due").asc(), F("id").asc()]
    return with_next_deadline(queryset).order_by(*order)


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
    following = CheckboxFilter(label=_("Following"), method="filter_following")
    # The board's sorts, by name (the same on the page and in the API); anything else is a 400.
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=SORT_CHOICES, empty_label=None, method="filter_sort")

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

    def filter_following(self, queryset, name, value):
        return queryset.filter(follows__user=self.request.user) if value else queryset

    def filter_sort(self, queryset, name, value):
        return _sorted(queryset, value)

    @property
    def qs(self):
        # Sorted by the next deadline when no sort is asked for (the sort filter runs only on a value).
        qs = super().qs
        if not (self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("sort")):
            qs = _sorted(qs, "deadline")
        return qs
