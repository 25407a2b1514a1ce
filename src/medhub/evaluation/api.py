"""API v1 of the evaluation: the same rules as the pages (accounts.permissions) and the same
services. Rounds, criteria, figures, scores, results and awards are the hub staff's; the
certificate is also the winner's staff's once published; Partners Day is public."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from medhub.accounts import permissions
from medhub.accounts.authentication import StaffHaveMFA
from medhub.core.api import JSONParser
from medhub.core.views import private_download
from medhub.evaluation import certificates, selectors, services
from medhub.evaluation.models import Award, Criterion, PartnerGroup, Round, RoundStatus
from medhub.evaluation.serializers import (
    EvaluationAwardInputSerializer,
    EvaluationAwardSerializer,
    EvaluationCriterionSerializer,
    EvaluationMoveInputSerializer,
    EvaluationPartnersDaySerializer,
    EvaluationResultSerializer,
    EvaluationRoundInputSerializer,
    EvaluationRoundSerializer,
    EvaluationScoreInputSerializer,
    EvaluationScoreSerializer,
    EvaluationWeightInputSerializer,
)


def _body(exc: DjangoValidationError) -> dict:
    return exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}


def _parse(serializer_class, data) -> dict:
    payload = serializer_class(data=data)
    payload.is_valid(raise_exception=True)
    return payload.validated_data


def _require(allowed: bool) -> None:
    if not allowed:
        raise exceptions.PermissionDenied


class EvaluationAPIView(APIView):
    permission_classes = [StaffHaveMFA]
    parser_classes = [JSONParser]

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            exc = exceptions.ValidationError(_body(exc))
        return super().handle_exception(exc)

    def round(self, round_id) -> Round:
        _require(permissions.may_score_evaluation(self.request.user))
        return get_object_or_404(Round.objects.prefetch_related("criteria"), pk=round_id)


class RoundListCreate(EvaluationAPIView):
    """GET: every evaluation (hub staff). POST: the administrator opens a year's evaluation."""

    @extend_schema(responses=EvaluationRoundSerializer(many=True))
    def get(self, request):
        _require(permissions.may_score_evaluation(request.user))
        rounds = Round.objects.prefetch_related("criteria").order_by("-year")
        return Response(EvaluationRoundSerializer(rounds, many=True).data)

    @extend_schema(request=EvaluationRoundInputSerializer, responses={201: EvaluationRoundSerializer})
    def post(self, request):
        _require(permissions.may_run_evaluation(request.user))
        data = _parse(EvaluationRoundInputSerializer, request.data)
        round_ = services.round_open(actor=request.user, year=data["year"])
        return Response(EvaluationRoundSerializer(self.round(round_.pk)).data, status=status.HTTP_201_CREATED)


class RoundDetail(EvaluationAPIView):
    @extend_schema(responses=EvaluationRoundSerializer)
    def get(self, request, round_id):
        return Response(EvaluationRoundSerializer(self.round(round_id)).data)


class RoundMove(EvaluationAPIView):
    """Moves the evaluation: draft → scoring (computes the figures; back to draft is allowed) →
    published (on the Partners Day page, final)."""

    @extend_schema(request=EvaluationMoveInputSerializer, responses=EvaluationRoundSerializer)
    def post(self, request, round_id):
        round_ = self.round(round_id)
        _require(permissions.may_run_evaluation(request.user))
        data = _parse(EvaluationMoveInputSerializer, request.data)
        services.round_move(actor=request.user, round_id=round_.pk, to_state=data["status"])
        return Response(EvaluationRoundSerializer(self.round(round_.pk)).data)


class RoundCompute(EvaluationAPIView):
    """Recomputes every figure from the data as it is now (in scoring; the same data gives the same figures)."""

    @extend_schema(request=None, responses=EvaluationRoundSerializer)
    def post(self, request, round_id):
        round_ = self.round(round_id)
        services.round_compute(actor=request.user, round_id=round_.pk)
        return Response(EvaluationRoundSerializer(self.round(round_.pk)).data)


class CriterionList(EvaluationAPIView):
    @extend_schema(responses=EvaluationCriterionSerializer(many=True))
    def get(self, request, round_id):
        round_ = self.round(round_id)
        return Response(EvaluationCriterionSerializer(selectors.criteria(round_), many=True).data)


class CriterionDetail(EvaluationAPIView):
    """PATCH: the administrator changes a criterion's weight (0 to 100) until the round is published."""

    @extend_schema(request=EvaluationWeightInputSerializer, responses=EvaluationCriterionSerializer)
    def patch(self, request, round_id, criterion_id):
        round_ = self.round(round_id)
        _require(permissions.may_run_evaluation(request.user))
        criterion = get_object_or_404(Criterion, pk=criterion_id, round=round_)
        data = _parse(EvaluationWeightInputSerializer, request.data)
        criterion = services.criterion_weigh(actor=request.user, criterion_id=criterion.pk, weight=data["weight"])
        return Response(EvaluationCriterionSerializer(criterion).data)


class ScoreListCreate(EvaluationAPIView):
    """The committee's scores (0 to 100 per partner). POST enters or replaces one (hub staff, in scoring)."""

    @extend_schema(responses=EvaluationScoreSerializer(many=True))
    def get(self, request, round_id):
        round_ = self.round(round_id)
        return Response(EvaluationScoreSerializer(round_.committee_scores.order_by("organization_id"), many=True).data)

    @extend_schema(request=EvaluationScoreInputSerializer, responses={201: EvaluationScoreSerializer})
    def post(self, request, round_id):
        round_ = self.round(round_id)
        data = _parse(EvaluationScoreInputSerializer, request.data)
        entry = services.committee_score_enter(
            actor=request.user,
            round_id=round_.pk,
            organization_id=data["organization"],
            score=data["score"],
            note=data.get("note", ""),
        )
        return Response(EvaluationScoreSerializer(entry).data, status=status.HTTP_201_CREATED)


class ResultList(EvaluationAPIView):
    """The ranked table of one kind of partner, each with its figures, scores and sources."""

    @extend_schema(
        parameters=[OpenApiParameter("group", enum=PartnerGroup.values, default=PartnerGroup.INSTITUTIONS)],
        responses=EvaluationResultSerializer(many=True),
    )
    def get(self, request, round_id):
        round_ = self.round(round_id)
        group = request.query_params.get("group", PartnerGroup.INSTITUTIONS)
        if group not in PartnerGroup.values:
            raise exceptions.ValidationError(
                {"group": [_("Choose one of: %(groups)s.") % {"groups": ", ".join(PartnerGroup.values)}]}
            )
        return Response(EvaluationResultSerializer(selectors.ranked(round_, group), many=True).data)


class AwardListCreate(EvaluationAPIView):
    """GET: the round's awards (hub staff). POST: the administrator gives one (name and citation in
    Korean and English at least)."""

    @extend_schema(responses=EvaluationAwardSerializer(many=True))
    def get(self, request, round_id):
        round_ = self.round(round_id)
        return Response(EvaluationAwardSerializer(selectors.awards(round_), many=True).data)

    @extend_schema(request=EvaluationAwardInputSerializer, responses={201: EvaluationAwardSerializer})
    def post(self, request, round_id):
        round_ = self.round(round_id)
        _require(permissions.may_run_evaluation(request.user))
        data = _parse(EvaluationAwardInputSerializer, request.data)
        award = services.award_give(
            actor=request.user,
            round_id=round_.pk,
            winner_id=data["winner"],
            name=data["names"],
            category=data["category"],
            citation=data["citations"],
        )
        return Response(EvaluationAwardSerializer(award).data, status=status.HTTP_201_CREATED)


class AwardDetail(EvaluationAPIView):
    @extend_schema(responses={204: None})
    def delete(self, request, award_id):
        _require(permissions.may_run_evaluation(request.user))
        award = get_object_or_404(Award, pk=award_id)
        services.award_withdraw(actor=request.user, award_id=award.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AwardCertificate(EvaluationAPIView):
    """The award's certificate, one page in Korean and one in English: hub staff, and the winner's
    staff once the round is published."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, award_id):
        award = get_object_or_404(Award.objects.select_related("round", "winner"), pk=award_id)
        published = award.round.status == RoundStatus.PUBLISHED
        if not permissions.may_download_award_certificate(request.user, award, published=published):
            raise exceptions.NotFound
        return private_download(
            certificates.certificate_pdf(award), content_type="application/pdf", filename=certificates.filename(award)
        )


class PartnersDay(APIView):
    """The public results of a published year: the top partners of each kind and the awards."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses=EvaluationPartnersDaySerializer)
    def get(self, request, year):
        round_ = selectors.published_round(year)
        if round_ is None:
            raise Http404
        payload = {
            "year": round_.year,
            "years": selectors.published_years(),
            "podium": [
                {"group": group, "label": str(label), "partners": results} for group, label, results in selectors.podium(round_)
            ],
            "awards": list(round_.awards.all()),
        }
        return Response(EvaluationPartnersDaySerializer(payload).data)
