"""API v1 for cases: session auth for the pages, token auth for staff integrations.

Views parse and authorize, then call the same services as the pages; every query starts from
``selectors.cases_visible_to(request.user)``."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from medhub.accounts import permissions
from medhub.accounts.authentication import StaffHaveMFA
from medhub.cases import access, selectors, services
from medhub.cases.filters import CaseBoardFilter
from medhub.cases.forms import InquiryForm
from medhub.cases.models import CaseAccess, CaseDocument, MessageAttachment, Quote, QuoteVersion
from medhub.cases.serializers import (
    CaseDetailForInstitutionSerializer,
    CaseDetailSerializer,
    CaseEndInputSerializer,
    CaseForInstitutionSerializer,
    CaseSerializer,
    FileSerializer,
    FollowSerializer,
    MessageSerializer,
    OwnerInputSerializer,
    QuoteInputSerializer,
    QuoteVersionSerializer,
    ShareInputSerializer,
)
from medhub.core import throttle
from medhub.core.api import JSONParser
from medhub.core.selectors import hub_languages
from medhub.directory.models import Organization


def case_views_schema(*, many: bool = False):
    """A case as the caller may see it: whole, or an institution's share of it (no contact details).
    The institution's shape is closed in the schema, so exactly one of the two matches an answer."""
    return PolymorphicProxySerializer(
        component_name="CaseView",
        serializers=[CaseSerializer, CaseForInstitutionSerializer],
        resource_type_field_name=None,
        many=many,
    )


def case_detail_views_schema():
    return PolymorphicProxySerializer(
        component_name="CaseDetailView",
        serializers=[CaseDetailSerializer, CaseDetailForInstitutionSerializer],
        resource_type_field_name=None,
    )


class CaseAPIView(APIView):
    permission_classes = [StaffHaveMFA]

    def case(self, reference):
        return get_object_or_404(selectors.cases_visible_to(self.request.user), reference=reference)

    def is_provider(self) -> bool:
        return bool(permissions.institution_ids(self.request.user)) and not permissions.is_hub_staff(self.request.user)

    def rights(self, case) -> access.Rights:
        rights = access.rights_for(self.request.user, case)
        if rights is None:
            raise exceptions.NotFound
        return rights

    def log_opening(self, case, rights, what: str, object_id: int | None = None) -> None:
        """One row of the access log (none for the patient themself)."""
        match = self.request.resolver_match
        services.case_access_log(
            case=case,
            user=self.request.user,
            rights=rights,
            what=what,
            door=CaseAccess.Door.API,
            page=match.url_name if match else "",
            object_id=object_id,
        )

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            exc = exceptions.ValidationError({"detail": exc.messages})
        return super().handle_exception(exc)


def _validation_body(exc: DjangoValidationError) -> dict:
    """A service's refusal as the API answers it: by field when the rule names one."""
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {"detail": exc.messages}


class InquiryCreate(APIView):
    """Anyone may send an inquiry (multipart for documents); the same checks as the page."""

    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request=None, responses={201: None})
    def post(self, request):
        language = translation.get_language()
        form = InquiryForm(request.data, request.FILES, language=language, hub_languages=hub_languages())
        if form.is_bot:
            return Response({"reference": None}, status=status.HTTP_201_CREATED)
        if not form.is_valid():
            return Response(form.errors.get_json_data(), status=status.HTTP_400_BAD_REQUEST)
        try:
            case = services.inquiry_submit(
                data=form.cleaned_data,
                documents=form.cleaned_data["documents"],
                language=language,
                client=throttle.client_address(request),
            )
        except throttle.Throttled as exc:
            return Response(
                {"detail": exc.messages}, status=status.HTTP_429_TOO_MANY_REQUESTS, headers={"Retry-After": str(exc.retry_after)}
            )
        except services.Ineligible as exc:
            return Response({"eligible": False, "reason": exc.reason}, status=status.HTTP_400_BAD_REQUEST)
        except DjangoValidationError as exc:
            return Response(_validation_body(exc), status=status.HTTP_400_BAD_REQUEST)
        return Response({"reference": case.reference, "state": case.state}, status=status.HTTP_201_CREATED)


class CaseList(CaseAPIView, generics.ListAPIView):
    """The cases the caller may see: all for the hub, shared ones for an institution, referred
    ones for a facilitator, their own for a patient."""

    def get_serializer_class(self):
        return CaseForInstitutionSerializer if self.is_provider() else CaseSerializer

    # The board's filters and sorts (?sort=deadline|-received|received|status|country|owner,
    # ?following=true, ?owner=me, ...): a bad value is a 400 naming the parameter.
    filter_backends = [DjangoFilterBackend]
    filterset_class = CaseBoardFilter

    def get_queryset(self):
        return selectors.cases_visible_to(self.request.user).select_related("specialty", "owner").order_by("-created_at")

    @extend_schema(responses=case_views_schema(many=True))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CaseDetail(CaseAPIView):
    @extend_schema(responses=case_detail_views_schema())
    def get(self, request, reference):
        case = self.case(reference)
        rights = self.rights(case)
        self.log_opening(case, rights, CaseAccess.What.PAGE)
        versions = QuoteVersion.objects.filter(quote__case=case).select_related("quote__institution")
        context = {"quotes": versions, "rights": rights}
        if self.is_provider():
            context["quotes"] = versions.filter(quote__institution_id__in=permissions.institution_ids(request.user))
            return Response(CaseDetailForInstitutionSerializer(case, context=context).data)
        return Response(CaseDetailSerializer(case, context=context).data)


class CaseShare(CaseAPIView):
    @extend_schema(request=ShareInputSerializer, responses=CaseSerializer)
    def post(self, request, reference):
        if not permissions.is_hub_staff(request.user):
            raise exceptions.PermissionDenied
        case = self.case(reference)
        payload = ShareInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        ids = list(Organization.objects.filter(slug__in=payload.validated_data["institutions"]).values_list("id", flat=True))
        case = services.case_share(case_id=case.id, institution_ids=ids, actor=request.user)
        return Response(CaseSerializer(case).data)


class ShareWithdraw(CaseAPIView):
    """The hub takes the case back from an institution: it is out of the case from now on."""

    @extend_schema(request=None, responses=CaseSerializer)
    def post(self, request, reference, institution):
        if not permissions.is_hub_staff(request.user):
            raise exceptions.PermissionDenied
        case = self.case(reference)
        share = get_object_or_404(case.shares, institution__slug=institution)
        case = services.case_share_withdraw(case_id=case.id, institution_id=share.institution_id, actor=request.user)
        return Response(CaseSerializer(case).data)


class CaseOwner(CaseAPIView):
    """The hub gives the case an owner (one of its staff), another one, or none."""

    @extend_schema(request=OwnerInputSerializer, responses=CaseSerializer)
    def post(self, request, reference):
        permissions.require(permissions.may_assign_cases(request.user))
        case = self.case(reference)
        payload = OwnerInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        email = payload.validated_data["owner"]
        owner_id = None
        if email is not None:
            owner = selectors.possible_owners().filter(email__iexact=email).first()
            if owner is None:
                raise exceptions.ValidationError({"owner": [_("Only a member of the hub's staff can own a case.")]})
            owner_id = owner.pk
        case = services.case_assign(case_id=case.id, owner_id=owner_id, actor=request.user)
        return Response(CaseSerializer(case).data)


class CaseFollow(CaseAPIView):
    """The caller (hub staff) follows the case (POST) or stops following it (DELETE)."""

    def _set(self, request, reference, follow: bool):
        permissions.require(permissions.may_follow_cases(request.user))
        case = self.case(reference)
        following = services.case_follow(case_id=case.id, user=request.user, follow=follow)
        return Response(FollowSerializer({"following": following}).data)

    @extend_schema(request=None, responses=FollowSerializer)
    def post(self, request, reference):
        return self._set(request, reference, True)

    @extend_schema(request=None, responses=FollowSerializer)
    def delete(self, request, reference):
        return self._set(request, reference, False)


class CaseEnd(CaseAPIView):
    """The hub declines, cancels or closes a case as lost, or its patient cancels it, with a reason
    (required: the patient, the coordinator and the institutions still in the case are told it)."""

    @extend_schema(request=CaseEndInputSerializer, responses=CaseSerializer)
    def post(self, request, reference):
        case = self.case(reference)
        payload = CaseEndInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        to_state = payload.validated_data["to_state"]
        permissions.require(permissions.may_end_case(request.user, case, to_state))
        try:
            case = services.case_end(
                case_id=case.id, to_state=to_state, actor=request.user, reason=payload.validated_data["reason"]
            )
        except DjangoValidationError as exc:
            return Response(_validation_body(exc), status=status.HTTP_400_BAD_REQUEST)
        return Response(CaseSerializer(case).data)


class QuoteSubmit(CaseAPIView):
    """An institution sends a quote, or a revision (a new version), for a case shared with it."""

    @extend_schema(request=QuoteInputSerializer, responses={201: QuoteVersionSerializer})
    def post(self, request, reference):
        institutions = permissions.institution_ids(request.user)
        if not institutions:
            raise exceptions.PermissionDenied
        case = self.case(reference)
        institution_id = case.shares.filter(institution_id__in=institutions).values_list("institution_id", flat=True).first()
        payload = QuoteInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = {**payload.validated_data, "items": [(i["label"], i["amount"]) for i in payload.validated_data["items"]]}
        version = services.quote_submit(case_id=case.id, institution_id=institution_id, actor=request.user, data=data)
        return Response(QuoteVersionSerializer(version).data, status=status.HTTP_201_CREATED)


class QuoteAccept(CaseAPIView):
    @extend_schema(request=None, responses=CaseSerializer)
    def post(self, request, reference, quote_id):
        case = self.case(reference)
        if case.patient_id != request.user.pk:
            raise exceptions.PermissionDenied
        get_object_or_404(Quote, case=case, pk=quote_id)
        case = services.quote_accept(case_id=case.id, quote_id=quote_id, actor=request.user)
        return Response(CaseSerializer(case).data)


class CaseMessages(CaseAPIView):
    """The conversations of a case the caller may read: all of them for the hub and the patient,
    its own for an institution, the general one for the referring facilitator."""

    @extend_schema(responses=MessageSerializer(many=True))
    def get(self, request, reference):
        case = self.case(reference)
        rights = self.rights(case)
        self.log_opening(case, rights, CaseAccess.What.MESSAGES)
        messages = list(
            selectors.thread(case, reader_language=translation.get_language(), conversations=rights.readable).select_related(
                "institution"
            )
        )
        access.label_authors(case, rights, messages)
        return Response(MessageSerializer(messages, many=True, context={"rights": rights}).data)

    @extend_schema(request=MessageSerializer, responses={201: MessageSerializer})
    def post(self, request, reference):
        case = self.case(reference)
        rights = self.rights(case)
        payload = MessageSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        conversation = services.DEFAULT_CONVERSATION
        if "institution" in payload.validated_data:
            institution = payload.validated_data["institution"]
            conversation = institution.id if institution is not None else None
        message = services.message_post(
            case_id=case.id,
            author=request.user,
            body=payload.validated_data["body"],
            language=translation.get_language(),
            attachments=[],
            conversation=conversation,
        )
        access.label_authors(case, rights, [message])
        return Response(MessageSerializer(message, context={"rights": rights}).data, status=status.HTTP_201_CREATED)


FILE_RESPONSE = {(200, "application/octet-stream"): OpenApiTypes.BINARY}


class CaseDocuments(CaseAPIView):
    """The case's health documents, for those who may open them: the patient, the hub and the
    institutions still in the case; never the referring facilitator."""

    @extend_schema(responses=FileSerializer(many=True))
    def get(self, request, reference):
        case = self.case(reference)
        rights = self.rights(case)
        if not rights.documents:
            raise exceptions.PermissionDenied(_("Health documents are for the patient, the hub and the treating institutions."))
        self.log_opening(case, rights, CaseAccess.What.DOCUMENTS)
        return Response(FileSerializer(case.documents.all(), many=True).data)


class CaseDocumentDownload(CaseAPIView):
    @extend_schema(responses=FILE_RESPONSE)
    def get(self, request, reference, document_id):
        from medhub.cases.views import private_file_response

        case = self.case(reference)
        rights = self.rights(case)
        if not rights.documents:
            raise exceptions.NotFound
        document = get_object_or_404(CaseDocument, case=case, pk=document_id)
        self.log_opening(case, rights, CaseAccess.What.DOCUMENT, document.id)
        return private_file_response(document)


class MessageAttachmentDownload(CaseAPIView):
    @extend_schema(responses=FILE_RESPONSE)
    def get(self, request, reference, message_id, attachment_id):
        from medhub.cases.views import private_file_response

        case = self.case(reference)
        rights = self.rights(case)
        attachment = get_object_or_404(
            MessageAttachment.objects.select_related("message"), message__case=case, message_id=message_id, pk=attachment_id
        )
        if not rights.can_open_attachment(attachment):
            raise exceptions.NotFound
        self.log_opening(case, rights, CaseAccess.What.ATTACHMENT, attachment.id)
        return private_file_response(attachment)
