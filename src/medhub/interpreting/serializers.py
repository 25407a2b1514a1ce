"""API representations of interpretation. Interpreters get the minimum they need: the case's
reference, never the patient's name or contact details."""

from decimal import Decimal

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from medhub.core.api import id_field
from medhub.core.i18n import languages_from_db, pick
from medhub.interpreting.models import (
    MAX_HOURS,
    Certification,
    Interpreter,
    InterpreterBooking,
    Purpose,
    SubsidyClaim,
    SubsidyProgram,
)


class InterpreterCertificationSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="national | other")

    class Meta:
        model = Certification
        fields = ["kind", "language", "number", "year"]


class InterpreterSerializer(serializers.ModelSerializer):
    languages = serializers.SerializerMethodField()
    certifications = InterpreterCertificationSerializer(many=True, read_only=True)

    class Meta:
        model = Interpreter
        fields = ["id", "display_name", "phone", "languages", "hourly_rate_krw", "certifications"]

    def get_languages(self, interpreter) -> list[str]:
        return languages_from_db(interpreter.languages)


class SubsidyClaimSummarySerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="pending | approved | rejected")

    class Meta:
        model = SubsidyClaim
        fields = ["id", "status", "hours", "amount_krw"]


class InterpreterBookingSerializer(serializers.ModelSerializer):
    """A booking as the hub's coordinators see it."""

    case = serializers.CharField(source="appointment.case.reference", read_only=True)
    institution = serializers.CharField(source="appointment.slot.institution.slug", read_only=True)
    interpreter = serializers.IntegerField(source="interpreter.id", read_only=True)
    interpreter_name = serializers.CharField(source="interpreter.display_name", read_only=True)
    status = serializers.CharField(read_only=True, help_text="requested | accepted | declined | cancelled")
    claim = serializers.SerializerMethodField()

    class Meta:
        model = InterpreterBooking
        fields = [
            "id",
            "appointment",
            "case",
            "institution",
            "interpreter",
            "interpreter_name",
            "purpose",
            "language",
            "starts_at",
            "ends_at",
            "status",
            "decline_reason",
            "hours_logged",
            "logged_at",
            "hours_over_reason",
            "claim",
        ]

    @extend_schema_field(SubsidyClaimSummarySerializer(allow_null=True))
    def get_claim(self, booking):
        claim = getattr(booking, "subsidy_claim", None)
        return SubsidyClaimSummarySerializer(claim).data if claim else None


class OwnInterpreterBookingSerializer(serializers.ModelSerializer):
    """A booking as its interpreter sees it: where, when, what for; nothing about the patient."""

    case = serializers.CharField(source="appointment.case.reference", read_only=True)
    institution = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text="requested | accepted | declined | cancelled")
    max_hours = serializers.DecimalField(max_digits=5, decimal_places=2, read_only=True)
    claim = serializers.SerializerMethodField()

    class Meta:
        model = InterpreterBooking
        fields = [
            "id",
            "case",
            "institution",
            "purpose",
            "language",
            "starts_at",
            "ends_at",
            "status",
            "decline_reason",
            "hours_logged",
            "logged_at",
            "log_note",
            "hours_over_reason",
            "max_hours",
            "claim",
        ]

    def get_institution(self, booking) -> str:
        return pick(booking.appointment.slot.institution.name)

    @extend_schema_field(SubsidyClaimSummarySerializer(allow_null=True))
    def get_claim(self, booking):
        claim = getattr(booking, "subsidy_claim", None)
        return SubsidyClaimSummarySerializer(claim).data if claim else None


class InterpreterBookingInputSerializer(serializers.Serializer):
    appointment = id_field()
    interpreter = id_field()
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES, required=False, help_text="Default: the language the patient asked for."
    )
    minutes = serializers.IntegerField(
        min_value=10, max_value=24 * 60, required=False, help_text="Default: the length of the appointment's slot."
    )


class BookingCancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300, help_text="Why (the interpreter and the patient are told)"
    )


class BookingDeclineInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class BookingHoursInputSerializer(serializers.Serializer):
    hours = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=Decimal("0.01"), max_value=MAX_HOURS)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    over_reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, help_text="Required when the hours exceed max_hours."
    )


class AvailabilitySerializer(serializers.Serializer):
    """A window in which the interpreter can work (at most 24 hours)."""

    id = serializers.IntegerField(read_only=True)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class ClaimRejectInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class SubsidyProgramSerializer(serializers.ModelSerializer):
    institutions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = SubsidyProgram
        fields = [
            "id",
            "year",
            "name",
            "total_budget_krw",
            "remaining_krw",
            "cap_per_case_krw",
            "cap_per_hour_krw",
            "counts_consultation",
            "counts_surgery",
            "counts_teleconsult",
            "all_institutions",
            "institutions",
        ]


class SubsidyClaimSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="program.year", read_only=True)
    case = serializers.CharField(source="case.reference", read_only=True)
    booking = serializers.IntegerField(source="booking.id", read_only=True)
    interpreter = serializers.CharField(source="booking.interpreter.display_name", read_only=True)
    institution = serializers.CharField(source="booking.appointment.slot.institution.slug", read_only=True)
    purpose = serializers.CharField(source="booking.purpose", read_only=True)
    starts_at = serializers.DateTimeField(source="booking.starts_at", read_only=True)
    status = serializers.CharField(read_only=True, help_text="pending | approved | rejected")
    decided_by = serializers.SlugRelatedField(slug_field="email", read_only=True)

    class Meta:
        model = SubsidyClaim
        fields = [
            "id",
            "year",
            "case",
            "booking",
            "interpreter",
            "institution",
            "purpose",
            "starts_at",
            "hours",
            "amount_krw",
            "status",
            "reject_reason",
            "decided_by",
            "decided_at",
        ]
