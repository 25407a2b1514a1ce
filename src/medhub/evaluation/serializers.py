"""API shapes of the evaluation: rounds, criteria, figures with their sources, committee scores,
ranked results and awards, and the inputs of each step."""

from django.urls import reverse
from rest_framework import serializers

from medhub.core.i18n import pick
from medhub.evaluation import selectors
from medhub.evaluation.models import Award, AwardCategory, CommitteeScore, Criterion, PartnerGroup, Round, RoundStatus


class EvaluationCriterionSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_metric_display", read_only=True)
    lower_is_better = serializers.SerializerMethodField()

    class Meta:
        model = Criterion
        fields = ["id", "metric", "label", "weight", "order", "lower_is_better"]

    def get_lower_is_better(self, obj) -> bool:
        from medhub.evaluation.figures import LOWER_IS_BETTER

        return obj.metric in LOWER_IS_BETTER


class EvaluationRoundSerializer(serializers.ModelSerializer):
    criteria = EvaluationCriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Round
        fields = ["id", "year", "status", "created_at", "computed_at", "published_at", "criteria"]


class EvaluationRoundInputSerializer(serializers.Serializer):
    year = serializers.IntegerField()


class EvaluationMoveInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=RoundStatus.choices)


class EvaluationWeightInputSerializer(serializers.Serializer):
    weight = serializers.IntegerField(min_value=0, max_value=100)


class EvaluationFigureSerializer(serializers.Serializer):
    metric = serializers.CharField(source="criterion.metric")
    weight = serializers.IntegerField(source="criterion.weight")
    value = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    value_text = serializers.SerializerMethodField()
    score = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    source = serializers.JSONField()
    source_text = serializers.SerializerMethodField()

    def get_value_text(self, obj) -> str:
        return selectors.figure_text(obj.criterion.metric, obj.value)

    def get_source_text(self, obj) -> str:
        return selectors.source_text(obj.criterion.metric, obj.source)


class EvaluationResultSerializer(serializers.Serializer):
    organization = serializers.IntegerField(source="result.organization_id")
    organization_name = serializers.SerializerMethodField()
    kind = serializers.CharField(source="result.organization.kind")
    group = serializers.ChoiceField(source="result.group", choices=PartnerGroup.choices)
    rank = serializers.IntegerField(source="result.rank")
    total = serializers.DecimalField(source="result.total", max_digits=5, decimal_places=1)
    figures = EvaluationFigureSerializer(many=True)

    def get_organization_name(self, obj) -> str:
        return pick(obj.result.organization.name)


class EvaluationScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommitteeScore
        fields = ["id", "organization", "score", "note", "entered_at"]


class EvaluationScoreInputSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    score = serializers.IntegerField(min_value=0, max_value=100)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class EvaluationAwardSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="round.year", read_only=True)
    names = serializers.JSONField(source="name")
    name = serializers.SerializerMethodField()
    citations = serializers.JSONField(source="citation")
    citation = serializers.SerializerMethodField()
    winner_name = serializers.SerializerMethodField()
    number = serializers.CharField(read_only=True)
    certificate = serializers.SerializerMethodField()

    class Meta:
        model = Award
        fields = [
            "id",
            "year",
            "number",
            "name",
            "names",
            "category",
            "winner",
            "winner_name",
            "citation",
            "citations",
            "certificate",
        ]

    def get_name(self, obj) -> str:
        return pick(obj.name)

    def get_citation(self, obj) -> str:
        return pick(obj.citation)

    def get_winner_name(self, obj) -> str:
        return pick(obj.winner.name)

    def get_certificate(self, obj) -> str:
        return reverse("api-evaluation-certificate", kwargs={"award_id": obj.pk})


class EvaluationAwardInputSerializer(serializers.Serializer):
    names = serializers.DictField(child=serializers.CharField(allow_blank=True))
    category = serializers.ChoiceField(choices=AwardCategory.choices)
    winner = serializers.IntegerField()
    citations = serializers.DictField(child=serializers.CharField(allow_blank=True))


class EvaluationPodiumPartnerSerializer(serializers.Serializer):
    organization = serializers.IntegerField(source="organization_id")
    name = serializers.SerializerMethodField()
    rank = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=5, decimal_places=1)

    def get_name(self, obj) -> str:
        return pick(obj.organization.name)


class EvaluationPodiumSerializer(serializers.Serializer):
    group = serializers.CharField()
    label = serializers.CharField()
    partners = EvaluationPodiumPartnerSerializer(many=True)


class EvaluationPartnersDaySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    years = serializers.ListField(child=serializers.IntegerField())
    podium = EvaluationPodiumSerializer(many=True)
    awards = EvaluationAwardSerializer(many=True)
