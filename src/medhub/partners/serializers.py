"""API shapes of partner applications."""

from django.conf import settings
from rest_framework import serializers

from medhub.core.i18n import pick
from medhub.directory.models import Organization
from medhub.partners.forms import AMOUNT_MAX
from medhub.partners.models import Application, ApplicationDocument, InfoRequest, Kind, Review


class ApplicationSubmitSerializer(serializers.Serializer):
    """What the public form sends (multipart/form-data). The page's form checks it: the same
    rules by kind, files checked by content."""

    kind = serializers.ChoiceField(choices=Kind.choices)
    institution_class = serializers.ChoiceField(choices=Organization.InstitutionClass.choices, required=False)
    name = serializers.CharField(max_length=200)
    name_ko = serializers.CharField(max_length=200, required=False)
    address = serializers.CharField(max_length=300)
    district = serializers.IntegerField(required=False, help_text="A district's id (GET /api/v1/districts/).")
    phone = serializers.CharField(max_length=40)
    email = serializers.EmailField()
    website = serializers.URLField(required=False)
    registration_number = serializers.CharField(max_length=40, required=False)
    contact_name = serializers.CharField(max_length=120)
    contact_email = serializers.EmailField()
    contact_phone = serializers.CharField(max_length=40, required=False)
    contact_language = serializers.ChoiceField(choices=settings.LANGUAGES)
    registration_date = serializers.DateField(required=False)
    insurance_cover_krw = serializers.IntegerField(min_value=0, max_value=AMOUNT_MAX, required=False)
    insurance_expires = serializers.DateField(required=False)
    surety_amount_krw = serializers.IntegerField(min_value=0, max_value=AMOUNT_MAX, required=False)
    surety_expires = serializers.DateField(required=False)
    capital_krw = serializers.IntegerField(min_value=0, max_value=AMOUNT_MAX, required=False)
    document_fp_registration = serializers.FileField(required=False, help_text="Institutions.")
    document_malpractice_insurance = serializers.FileField(required=False, help_text="Institutions.")
    document_agency_registration = serializers.FileField(required=False, help_text="Agencies.")
    document_surety_insurance = serializers.FileField(required=False, help_text="Agencies.")
    document_business_registration = serializers.FileField(required=False, help_text="Tourism services.")


class ApplicationReceiptSerializer(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.CharField()


class ApplicationDocumentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ApplicationDocument
        fields = ["id", "kind", "original_name", "content_type", "size", "created_at", "url"]

    def get_url(self, document) -> str:
        from django.urls import reverse

        return reverse(
            "api-partner-application-document", kwargs={"application_id": document.application_id, "document_id": document.id}
        )


class ApplicationInfoRequestSerializer(serializers.ModelSerializer):
    documents = ApplicationDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = InfoRequest
        fields = ["id", "message", "requested_at", "answer", "answered_at", "documents"]


class ApplicationSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    overdue = serializers.SerializerMethodField()
    review_count = serializers.IntegerField(read_only=True)
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "reference",
            "kind",
            "institution_class",
            "status",
            "name",
            "name_ko",
            "district",
            "submitted_at",
            "decided_at",
            "overdue",
            "review_count",
        ]

    def get_overdue(self, application) -> bool:
        return application.is_overdue()


class ApplicationCheckSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    outcome = serializers.ChoiceField(choices=["pass", "fail", "unknown", "n/a"])
    detail = serializers.CharField()


class ApplicationScoreSetSerializer(serializers.ModelSerializer):
    reviewer = serializers.CharField(source="reviewer.username")
    scores = serializers.SerializerMethodField()
    weighted_percent = serializers.FloatField(allow_null=True)

    class Meta:
        model = Review
        fields = ["reviewer", "comment", "updated_at", "scores", "weighted_percent"]

    def get_scores(self, review) -> dict[str, int]:
        return {str(s.criterion_id): s.value for s in review.scores.all()}


class ScreeningCriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()
    weight = serializers.IntegerField()
    max_score = serializers.IntegerField()
    active = serializers.BooleanField()

    def get_name(self, criterion) -> str:
        return pick(criterion.name)


class ApplicationDetailSerializer(ApplicationSerializer):
    documents = serializers.SerializerMethodField()
    info_requests = ApplicationInfoRequestSerializer(many=True, read_only=True)
    checks = serializers.SerializerMethodField()
    reviews = serializers.SerializerMethodField()
    average_percent = serializers.SerializerMethodField()
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta(ApplicationSerializer.Meta):
        fields = [
            *ApplicationSerializer.Meta.fields,
            "address",
            "phone",
            "email",
            "website",
            "registration_number",
            "contact_name",
            "contact_email",
            "contact_phone",
            "contact_language",
            "registration_date",
            "insurance_cover_krw",
            "insurance_expires",
            "surety_amount_krw",
            "surety_expires",
            "capital_krw",
            "decision_reason",
            "organization",
            "documents",
            "info_requests",
            "checks",
            "reviews",
            "average_percent",
        ]

    def get_documents(self, application) -> ApplicationDocumentSerializer(many=True):
        return ApplicationDocumentSerializer(
            [d for d in application.documents.all() if d.info_request_id is None], many=True
        ).data

    def get_checks(self, application) -> ApplicationCheckSerializer(many=True):
        from medhub.partners.checks import run_checks

        return ApplicationCheckSerializer(run_checks(application, documents=list(application.documents.all())), many=True).data

    def _board(self, application):
        from medhub.partners.selectors import score_board

        if getattr(self, "_cached_board", None) is None:
            self._cached_board = score_board(application)
        return self._cached_board

    def get_reviews(self, application) -> ApplicationScoreSetSerializer(many=True):
        board = self._board(application)
        for review in board.reviews:
            review.weighted_percent = board.percent.get(review.id)
        return ApplicationScoreSetSerializer(board.reviews, many=True).data

    def get_average_percent(self, application) -> float | None:
        return self._board(application).average_percent


class ApplicationScoreInputSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=1000),
        help_text='A score for every active criterion, by the criterion\'s id: {"3": 4, "4": 5}.',
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)

    def validate_scores(self, value):
        out = {}
        for key, score in value.items():
            if not str(key).isdigit() or len(str(key)) > 9:
                raise serializers.ValidationError(f"{key!r} is not a criterion id.")
            out[int(key)] = score
        return out


class ApplicationMessageInputSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=4000)


class ApplicationReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
