from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from medhub.core.i18n import pick
from medhub.directory.models import Accreditation
from medhub.verification import selectors
from medhub.verification.models import Item, Renewal


class CoverCheckSerializer(serializers.Serializer):
    minimum_krw = serializers.IntegerField()
    shortfall_krw = serializers.IntegerField()
    meets_minimum = serializers.BooleanField()


class WatchedSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="registration, insurance or accreditation-<id>")
    item = serializers.ChoiceField(choices=Item.choices)
    label = serializers.CharField()
    expires_on = serializers.DateField(allow_null=True)
    days_left = serializers.IntegerField(allow_null=True)
    state = serializers.ChoiceField(choices=["valid", "soon", "expired", "missing"])
    cover_krw = serializers.IntegerField(allow_null=True)
    minimum_cover_krw = serializers.IntegerField(allow_null=True)
    below_minimum = serializers.BooleanField()


class RenewalSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organization_name = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField()
    cover_check = serializers.SerializerMethodField()
    beyond_registration_term = serializers.SerializerMethodField()

    class Meta:
        model = Renewal
        fields = [
            "id",
            "organization",
            "organization_name",
            "item",
            "state",
            "expires_on",
            "insurance_cover_krw",
            "accreditation_body",
            "certificate_number",
            "original_name",
            "content_type",
            "size",
            "file_url",
            "submitted_at",
            "decided_at",
            "reason",
            "cover_check",
            "beyond_registration_term",
        ]
        read_only_fields = fields

    def get_organization_name(self, obj) -> str:
        return pick(obj.organization.name)

    def get_file_url(self, obj) -> str:
        return reverse("verification-renewal-file", args=[obj.pk])

    def get_beyond_registration_term(self, obj) -> bool:
        return selectors.beyond_registration_term(obj)

    @extend_schema_field(CoverCheckSerializer(allow_null=True))
    def get_cover_check(self, obj):
        return selectors.cover_check(obj)


class OrganizationStatusSerializer(serializers.Serializer):
    organization = serializers.CharField(source="slug")
    name = serializers.SerializerMethodField()
    kind = serializers.CharField()
    items = serializers.SerializerMethodField()

    def get_name(self, obj) -> str:
        return pick(obj.name)

    @extend_schema_field(WatchedSerializer(many=True))
    def get_items(self, obj):
        return WatchedSerializer(selectors.watched_items(obj), many=True).data


class StatusSerializer(serializers.Serializer):
    organizations = OrganizationStatusSerializer(many=True)
    renewals = RenewalSerializer(many=True)


class RenewalInputSerializer(serializers.Serializer):
    organization = serializers.SlugField(help_text="The organization's slug (one you work for).")
    item = serializers.ChoiceField(choices=Item.choices)
    expires_on = serializers.DateField()
    cover_krw = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=10**15)
    body = serializers.ChoiceField(choices=Accreditation.Body.choices, required=False, allow_blank=True)
    certificate_number = serializers.CharField(required=False, allow_blank=True, max_length=60)
    file = serializers.FileField()


class RejectInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
