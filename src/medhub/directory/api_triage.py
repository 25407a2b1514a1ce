"""``POST /api/v1/triage/``: which specialties a text is about (public, throttled, decision 0019)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from medhub.core.api import LanguageMixin
from medhub.core.i18n import LANGUAGE_CODES, pick
from medhub.directory import triage
from medhub.directory.selectors import specialty_by_id


class TriageRequestSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=triage.MAX_TEXT,
        trim_whitespace=True,
        help_text=_("What the patient wrote: a search or an inquiry, in any of the hub's languages."),
    )
    lang = serializers.ChoiceField(
        choices=list(LANGUAGE_CODES),
        required=False,
        allow_blank=True,
        help_text=_("The text's language, if known; otherwise it is told from the script."),
    )


class TriageMatchSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(help_text=_("In the content language (?lang= or Accept-Language)."))
    score = serializers.FloatField(help_text=_("0 to 1: the lexicon's words and the model's similarity combined."))
    words = serializers.ListField(child=serializers.CharField(), help_text=_("Words of the text that named it."))
    similarity = serializers.FloatField(allow_null=True, help_text=_("The model's cosine similarity, if it was asked."))


class TriageResponseSerializer(serializers.Serializer):
    lang = serializers.CharField(help_text=_("The language the text was read in."))
    specialties = TriageMatchSerializer(many=True)
    general_words = serializers.ListField(child=serializers.CharField(), help_text=_("Words too general to name a specialty."))


@extend_schema(
    request=TriageRequestSerializer,
    responses={200: TriageResponseSerializer},
    examples=[OpenApiExample("Japanese", value={"text": "整形外科で膝を診てほしい", "lang": "ja"}, request_only=True)],
)
class TriageView(LanguageMixin, APIView):
    """The specialties a text is about, best first, each with a score and the words that matched.

    A text naming none (a general word such as "treatment", or nonsense) gets an empty list.
    """

    throttle_door = "triage"

    def post(self, request):
        form = TriageRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        result = triage.triage(form.validated_data["text"], form.validated_data.get("lang") or None)
        by_id = specialty_by_id()
        return Response(
            {
                "lang": result.lang,
                "specialties": [
                    {
                        "code": match.code,
                        "name": pick(by_id[match.specialty_id].name, self.content_language)
                        if match.specialty_id in by_id
                        else match.code,
                        "score": match.score,
                        "words": list(match.words),
                        "similarity": match.similarity,
                    }
                    for match in result.matches
                ],
                "general_words": list(result.general_words),
            }
        )
