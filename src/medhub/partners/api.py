"""API v1 for partner applications: the same form, services and permissions as the pages.

Submitting is public (multipart, throttled per client address in the service); everything else
is for the hub's staff, through a session that passed TOTP or a staff token."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from medhub.accounts import permissions
from medhub.accounts.authentication import StaffHaveMFA
from medhub.core import throttle
from medhub.core.api import LanguageMixin
from medhub.core.views import protect_private_file
from medhub.partners import selectors, services
from medhub.partners.filters import ApplicationFilter
from medhub.partners.forms import ApplicationForm
from medhub.partners.models import Application, ApplicationDocument, Criterion
from medhub.partners.serializers import (
    ApplicationDetailSerializer,
    ApplicationMessageInputSerializer,
    ApplicationReasonInputSerializer,
    ApplicationReceiptSerializer,
    ApplicationScoreInputSerializer,
    ApplicationSerializer,
    ApplicationSubmitSerializer,
    ScreeningCriterionSerializer,
)


def _errors(exc: DjangoValidationError) -> dict:
    return exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}


class ApplicationSubmit(APIView):
    """Anyone may apply (multipart/form-data with the certificates); the page's checks apply."""

    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ApplicationSubmitSerializer},
        responses={201: ApplicationReceiptSerializer, 400: OpenApiResponse(description="The errors by field."), 429: None},
    )
    def post(self, request):
        language = translation.get_language()
        form = ApplicationForm(request.data, request.FILES, language=language)
        if not form.is_valid():
            return Response(form.errors.get_json_data(), status=status.HTTP_400_BAD_REQUEST)
        try:
            application = services.application_submit(
                data=form.cleaned_data,
                documents=form.cleaned_data["documents"],
                language=language,
                client=throttle.client_address(request),
            )
        except throttle.Throttled as exc:
            return Response(
                {"detail": exc.messages}, status=status.HTTP_429_TOO_MANY_REQUESTS, headers={"Retry-After": str(exc.retry_after)}
            )
        except DjangoValidationError as exc:
            return Response(_errors(exc), status=status.HTTP_400_BAD_REQUEST)
        return Response({"reference": application.reference, "status": application.status}, status=status.HTTP_201_CREATED)


class StaffView(LanguageMixin, APIView):
    permission_classes = [StaffHaveMFA]

    def check_reviewer(self):
        if not permissions.may_review_applications(self.request.user):
            raise exceptions.PermissionDenied(_("Only the hub's staff review applications."))

    def check_decider(self):
        if not permissions.may_decide_applications(self.request.user):
            raise exceptions.PermissionDenied(_("Only the hub's administrator decides on applications."))

    def application(self, application_id: int) -> Application:
        self.check_reviewer()
        return get_object_or_404(selectors.applications_visible_to(self.request.user), pk=application_id)

    def detail(self, application_id: int, *, code=status.HTTP_200_OK) -> Response:
        application = selectors.application_for_review(self.request.user, application_id)
        application.review_count = application.reviews.count()
        return Response(ApplicationDetailSerializer(application).data, status=code)

    def finalize_response(self, request, response, *args, **kwargs):
        # Applicants' contact details and certificates: never kept by a browser or a proxy.
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            exc = exceptions.ValidationError(_errors(exc))
        return super().handle_exception(exc)


class ApplicationList(StaffView, generics.ListAPIView):
    """The applications, newest first; ``?status=``, ``?kind=``, ``?overdue=true``."""

    serializer_class = ApplicationSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApplicationFilter
    queryset = Application.objects.none()  # the model, for the schema; get_queryset scopes the rows

    def get_queryset(self):
        self.check_reviewer()
        return selectors.application_list(self.request.user)


class ApplicationDetail(StaffView):
    @extend_schema(responses=ApplicationDetailSerializer)
    def get(self, request, application_id):
        self.application(application_id)
        return self.detail(application_id)


class ApplicationReview(StaffView):
    """Start the review of a submitted application."""

    @extend_schema(request=None, responses=ApplicationDetailSerializer)
    def post(self, request, application_id):
        self.application(application_id)
        services.application_review_start(application_id=application_id, actor=request.user)
        return self.detail(application_id)


class ApplicationScore(StaffView):
    """The caller's scores (one set per reviewer, replaced by a new post until the decision)."""

    @extend_schema(request=ApplicationScoreInputSerializer, responses=ApplicationDetailSerializer)
    def post(self, request, application_id):
        self.application(application_id)
        payload = ApplicationScoreInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.application_score(
            application_id=application_id,
            actor=request.user,
            scores=payload.validated_data["scores"],
            comment=payload.validated_data.get("comment", ""),
        )
        return self.detail(application_id)


class ApplicationRequestInfo(StaffView):
    @extend_schema(request=ApplicationMessageInputSerializer, responses=ApplicationDetailSerializer)
    def post(self, request, application_id):
        self.application(application_id)
        payload = ApplicationMessageInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.application_request_info(
            application_id=application_id, actor=request.user, message=payload.validated_data["message"]
        )
        return self.detail(application_id)


class ApplicationApprove(StaffView):
    @extend_schema(request=None, responses=ApplicationDetailSerializer)
    def post(self, request, application_id):
        self.application(application_id)
        self.check_decider()
        services.application_approve(application_id=application_id, actor=request.user)
        return self.detail(application_id)


class ApplicationReject(StaffView):
    @extend_schema(request=ApplicationReasonInputSerializer, responses=ApplicationDetailSerializer)
    def post(self, request, application_id):
        self.application(application_id)
        self.check_decider()
        payload = ApplicationReasonInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.application_reject(application_id=application_id, actor=request.user, reason=payload.validated_data["reason"])
        return self.detail(application_id)


class ApplicationDocumentDownload(StaffView):
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, application_id, document_id):
        from django.http import FileResponse

        application = self.application(application_id)
        document = get_object_or_404(ApplicationDocument, application=application, pk=document_id)
        services.document_opened(document=document, actor=request.user)
        response = FileResponse(
            document.file.open("rb"), content_type=document.content_type, as_attachment=True, filename=document.original_name
        )
        return protect_private_file(response)


class CriterionList(StaffView, generics.ListAPIView):
    """The screening criteria (active and retired), for reviewers."""

    serializer_class = ScreeningCriterionSerializer
    pagination_class = None
    queryset = Criterion.objects.none()

    def get_queryset(self):
        self.check_reviewer()
        return Criterion.objects.order_by("position", "id")
