"""The registry in the API: entries, prospects and import jobs."""

from rest_framework import serializers

from medhub.core.i18n import pick
from medhub.registry.models import ImportJob, RegistryEntry
from medhub.registry.parsing import error_message


class MatchedOrganizationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.SerializerMethodField()
    hold = serializers.CharField()

    def get_name(self, organization) -> str:
        return pick(organization.name)


class RegistryEntrySerializer(serializers.ModelSerializer):
    matched_organization = MatchedOrganizationSerializer(read_only=True, allow_null=True)

    class Meta:
        model = RegistryEntry
        fields = [
            "id",
            "kind",
            "institution_class",
            "business_type",
            "name",
            "representative",
            "province",
            "district",
            "address",
            "address_detail",
            "status",
            "matched_organization",
            "first_seen",
            "last_seen",
            "changed_at",
        ]
        read_only_fields = fields


class ImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The row number as a spreadsheet shows it.")
    code = serializers.CharField()
    reason = serializers.CharField(help_text="Why the row was refused, in the request's language.")


class ImportJobSerializer(serializers.ModelSerializer):
    errors = serializers.SerializerMethodField()
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "file_name",
            "created_at",
            "state",
            "rows",
            "institutions",
            "facilitators",
            "duplicates",
            "created",
            "updated",
            "unchanged",
            "error_count",
            "errors",
            "progress_done",
            "progress_total",
            "percent",
            "failure",
            "applied_at",
        ]
        read_only_fields = fields

    def get_errors(self, job) -> list[dict]:
        rows = [{"row": e["row"], "code": e["code"], "reason": error_message(e["code"], e.get("value", ""))} for e in job.errors]
        return ImportErrorSerializer(rows, many=True).data


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The registry file: CSV (UTF-8 or CP949) or XLSX.")
