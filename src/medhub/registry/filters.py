"""List parameters of the registry API (django-filter)."""

import django_filters

from medhub.directory.models import Organization
from medhub.registry.models import RegistryEntry
from medhub.registry.parsing import normalize


class EntryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Name or address contains")
    status = django_filters.ChoiceFilter(choices=RegistryEntry.Status.choices)
    kind = django_filters.ChoiceFilter(choices=RegistryEntry.Kind.choices)
    matched = django_filters.BooleanFilter(field_name="matched_organization", lookup_expr="isnull", exclude=True)

    class Meta:
        model = RegistryEntry
        fields = ["q", "status", "kind", "matched"]

    def filter_q(self, queryset, name, value):
        value = normalize(value)
        return queryset.filter(normalized_name__icontains=value) | queryset.filter(normalized_address__icontains=value)


class ProspectFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=RegistryEntry.Kind.choices)
    institution_class = django_filters.ChoiceFilter(choices=Organization.InstitutionClass.choices)
    district = django_filters.CharFilter()

    class Meta:
        model = RegistryEntry
        fields = ["kind", "institution_class", "district"]
