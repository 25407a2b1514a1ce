"""API v1 for feedback: the patient gives it on their case, the institution answers, the hub
administrator hides or restores it, signed-in readers list what they may see, and anyone reads an
institution's published feedback under the hub's publishing level. Views parse, ask
accounts.permissions and call the same services as the pages."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from medhub.accounts import permissions
from medhub.accounts.authentication import StaffHaveMFA
from medhub.cases.selectors import cases_visible_to
from medhub.core.api import LanguageMixin
from medhub.directory.models import Organization, listed
from medhub.feedback import selectors, services
from medhub.feedback.serializers import (
    FeedbackAnswerInputSerializer,
    FeedbackHideInputSerializer,
    FeedbackInputSerializer,
    FeedbackRestoreInputSerializer,
    FeedbackSerializer,
    PublishedFeedbackSerializer,
)

PUBLISHED_ITEMS = 50


def _parse(serializer_class, data):
    payload = serializer_class(data=data)
    payload.is_valid(raise_exception=True)
    return payload


class FeedbackAPIView(LanguageMixin, APIView):
    permission_classes = [StaffHaveMFA]

    def feedback(self, feedback_id):
        """A feedback the caller may read; anyone else learns nothing, not even that it exists."""
        return get_object_or_404(selectors.feedback_visible_to(self.request.user), pk=feedback_id)


class CaseFeedback(FeedbackAPIView):
    """The feedback of a case: read by its patient, the hub's staff and the institution; given by
    the patient, once, when the treatment is over."""

    def case(self, reference):
        return get_object_or_404(cases_visible_to(self.request.user), reference=reference)

    @extend_schema(responses={200: FeedbackSerializer, 404: None})
    def get(self, request, reference):
        case = self.case(reference)
        feedback = selectors.feedback_visible_to(request.user).filter(case=case).first()
        if feedback is None:
            raise exceptions.NotFound
        return Response(FeedbackSerializer(feedback).data)

    @extend_schema(request=FeedbackInputSerializer, responses={201: FeedbackSerializer})
    def post(self, request, reference):
        case = self.case(reference)
        if not permissions.may_give_feedback(request.user, case):
            raise exceptions.PermissionDenied
        payload = _parse(FeedbackInputSerializer, request.data)
        data = payload.validated_data
        feedback = services.feedback_give(
            case_id=case.id,
            actor=request.user,
            ratings=payload.ratings(),
            paid_amount=data["paid_amount"],
            paid_currency=data["paid_currency"],
            text=data["text"],
            language=data["language"],
        )
        return Response(FeedbackSerializer(feedback).data, status=status.HTTP_201_CREATED)


@extend_schema(
    parameters=[
        OpenApiParameter("institution", OpenApiTypes.STR, description="An institution's slug (the hub's staff)."),
        OpenApiParameter("hidden", OpenApiTypes.BOOL, description="Only hidden (true) or only visible (false) feedback."),
    ]
)
class FeedbackList(LanguageMixin, generics.ListAPIView):
    """Every feedback the caller may read: the hub's staff all of it, an institution's staff
    theirs, a patient their own (hidden ones too, marked)."""

    permission_classes = [StaffHaveMFA]
    serializer_class = FeedbackSerializer

    def get_queryset(self):
        user = self.request.user
        institution_id = None
        slug = self.request.query_params.get("institution", "").strip()
        if slug:
            institution_id = Organization.objects.filter(slug=slug).values_list("pk", flat=True).first() or 0
        raw = self.request.query_params.get("hidden", "").strip().lower()
        if raw not in ("", "true", "false"):
            raise exceptions.ValidationError({"hidden": ["Use true or false."]})
        hidden = None if not raw else raw == "true"
        return selectors.work_list(user, institution_id=institution_id, hidden=hidden)


class FeedbackAnswer(FeedbackAPIView):
    """The institution's one answer; the patient is told."""

    @extend_schema(request=FeedbackAnswerInputSerializer, responses={200: FeedbackSerializer})
    def post(self, request, feedback_id):
        feedback = self.feedback(feedback_id)
        if not permissions.may_answer_feedback(request.user, feedback):
            raise exceptions.PermissionDenied
        data = _parse(FeedbackAnswerInputSerializer, request.data).validated_data
        feedback = services.feedback_answer(feedback_id=feedback.pk, actor=request.user, **data)
        return Response(FeedbackSerializer(feedback).data)


class FeedbackHide(FeedbackAPIView):
    """The hub administrator hides a feedback for a reason from the fixed list (never for being negative)."""

    @extend_schema(request=FeedbackHideInputSerializer, responses={200: FeedbackSerializer})
    def post(self, request, feedback_id):
        if not permissions.may_moderate_feedback(request.user):
            raise exceptions.PermissionDenied
        feedback = self.feedback(feedback_id)
        data = _parse(FeedbackHideInputSerializer, request.data).validated_data
        feedback = services.feedback_hide(feedback_id=feedback.pk, actor=request.user, **data)
        return Response(FeedbackSerializer(feedback).data)


class FeedbackRestore(FeedbackAPIView):
    """The hub administrator shows a hidden feedback again, saying why."""

    @extend_schema(request=FeedbackRestoreInputSerializer, responses={200: FeedbackSerializer})
    def post(self, request, feedback_id):
        if not permissions.may_moderate_feedback(request.user):
            raise exceptions.PermissionDenied
        feedback = self.feedback(feedback_id)
        data = _parse(FeedbackRestoreInputSerializer, request.data).validated_data
        feedback = services.feedback_restore(feedback_id=feedback.pk, actor=request.user, **data)
        return Response(FeedbackSerializer(feedback).data)


class InstitutionFeedback(LanguageMixin, APIView):
    """An institution's feedback as the public sees it: nothing while the hub keeps feedback
    internal or the institution has fewer visible feedbacks than the minimum; the aggregate with
    "aggregate"; the aggregate and the latest visible texts (with answers) with "full"."""

    permission_classes = [AllowAny]

    @extend_schema(responses=PublishedFeedbackSerializer)
    def get(self, request, slug):
        institution = get_object_or_404(Organization.objects.filter(listed(), kind=Organization.Kind.INSTITUTION), slug=slug)
        published = selectors.published_for(institution.pk)
        aggregate = None
        if published.aggregate is not None:
            agg = published.aggregate
            aggregate = {
                "count": agg.count,
                "averages": agg.averages,
                "overall": agg.overall,
                "paid_more_share": agg.paid_more_share,
            }
        items = list(published.items[:PUBLISHED_ITEMS]) if published.items is not None else []
        body = {
            "institution": institution.slug,
            "publishing": published.level,
            "minimum": published.minimum,
            "aggregate": aggregate,
            "feedback": items,
        }
        return Response(PublishedFeedbackSerializer(body).data)
