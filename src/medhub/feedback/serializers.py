from django.conf import settings
from rest_framework import serializers

from medhub.core.models import FeedbackPublishing
from medhub.feedback.models import CRITERIA, Feedback, HideReason
from medhub.feedback.services import ANSWER_MAX_LENGTH, NOTE_MAX_LENGTH, TEXT_MAX_LENGTH

RATING = {"min_value": 1, "max_value": 5}


class FeedbackRatingsSerializer(serializers.Serializer):
    communication = serializers.IntegerField(**RATING)
    interpretation = serializers.IntegerField(**RATING)
    facilities = serializers.IntegerField(**RATING)
    result = serializers.IntegerField(**RATING)
    price_honesty = serializers.IntegerField(**RATING)


class FeedbackInputSerializer(FeedbackRatingsSerializer):
    paid_amount = serializers.IntegerField(min_value=1, max_value=10**13, help_text="What the patient finally paid.")
    paid_currency = serializers.CharField(min_length=3, max_length=3, help_text="ISO 4217 code, such as KRW or USD.")
    text = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_LENGTH, default="")
    language = serializers.ChoiceField(choices=settings.LANGUAGES, help_text="The language the text is written in.")

    def ratings(self) -> dict:
        return {c: self.validated_data[c] for c in CRITERIA}


class FeedbackAnswerInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=ANSWER_MAX_LENGTH)
    language = serializers.ChoiceField(choices=settings.LANGUAGES)


class FeedbackHideInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(
        choices=HideReason.choices, help_text="A reason from the fixed list: feedback is never hidden for being negative."
    )
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH, default="", help_text="Required with 'other'."
    )


class FeedbackRestoreInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=NOTE_MAX_LENGTH, help_text="Why the feedback is shown again.")


class PublicFeedbackSerializer(serializers.ModelSerializer):
    """A feedback as the public may see it (full publishing): no case, no patient, no amounts."""

    class Meta:
        model = Feedback
        fields = [
            "id",
            *CRITERIA,
            "difference_percent",
            "paid_more",
            "text",
            "language",
            "created_at",
            "answer",
            "answer_language",
            "answered_at",
        ]
        read_only_fields = fields


class FeedbackSerializer(serializers.ModelSerializer):
    """A feedback in full, for the hub's staff, the institution it is about and the patient who gave it."""

    case = serializers.SlugRelatedField(slug_field="reference", read_only=True)
    institution = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    hidden = serializers.BooleanField(source="is_hidden", read_only=True)
    hidden_reason = serializers.CharField(
        read_only=True, help_text="Why the hub hid it (one of the reasons the hide action takes), or empty."
    )

    class Meta:
        model = Feedback
        fields = [
            "id",
            "case",
            "institution",
            *CRITERIA,
            "paid_amount",
            "paid_currency",
            "quoted_amount",
            "quoted_currency",
            "difference_percent",
            "paid_more",
            "text",
            "language",
            "created_at",
            "answer",
            "answer_language",
            "answered_at",
            "hidden",
            "hidden_at",
            "hidden_reason",
            "hidden_note",
        ]
        read_only_fields = fields


class FeedbackAverageSerializer(serializers.Serializer):
    communication = serializers.DecimalField(max_digits=2, decimal_places=1)
    interpretation = serializers.DecimalField(max_digits=2, decimal_places=1)
    facilities = serializers.DecimalField(max_digits=2, decimal_places=1)
    result = serializers.DecimalField(max_digits=2, decimal_places=1)
    price_honesty = serializers.DecimalField(max_digits=2, decimal_places=1)


class FeedbackAggregateSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    averages = FeedbackAverageSerializer()
    overall = serializers.DecimalField(max_digits=2, decimal_places=1)
    paid_more_share = serializers.DecimalField(
        max_digits=3,
        decimal_places=2,
        allow_null=True,
        help_text="Share (0 to 1) of patients who paid more than their accepted quote, of those whose payment could be compared.",
    )


class PublishedFeedbackSerializer(serializers.Serializer):
    """One institution's feedback as the public sees it under the hub's publishing level."""

    institution = serializers.CharField()
    publishing = serializers.ChoiceField(choices=FeedbackPublishing.choices)
    minimum = serializers.IntegerField(help_text="Visible feedbacks an institution needs before anything is published.")
    aggregate = FeedbackAggregateSerializer(allow_null=True)
    feedback = PublicFeedbackSerializer(many=True, help_text="With full publishing only; hidden feedback never.")
