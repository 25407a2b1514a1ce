"""API v1 of the directory: read-only, public, in the language the client asks for."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from medhub.accounts import permissions
from medhub.accounts.authentication import StaffHaveMFA
from medhub.core.api import LanguageMixin, Pagination
from medhub.core.i18n import LANGUAGE_CODES
from medhub.directory import answers, selectors, services
from medhub.directory.filters import InstitutionSearchFilter, OfferingFilter, PartnerFilter, PractitionerFilter
from medhub.directory.models import Offering, Organization, Practitioner
from medhub.directory.photos import describe
from medhub.directory.serializers import (
    InstitutionSerializer,
    OfferingSerializer,
    PartnerSerializer,
    PractitionerSerializer,
    SpecialtySerializer,
)

LANG_PARAM = OpenApiParameter(
    "lang", OpenApiTypes.STR, enum=list(LANGUAGE_CODES), description="Content language (else Accept-Language)."
)


class DirectoryAPIView(LanguageMixin, generics.GenericAPIView):
    def get_serializer_context(self):
        return {**super().get_serializer_context(), "language": self.content_language, "today": timezone.localdate()}


class RankedPagination(Pagination):
    """Page-number pagination over ranked search results, the total read with the page."""

    def paginate_queryset(self, queryset, request, view=None):
        self.validate_params(request)
        self.request = request
        number = int(request.query_params.get(self.page_query_param, 1))
        size = self.get_page_size(request)
        self.ranked = selectors.ranked_page(view.search, number=number, size=size)
        if not self.ranked.pairs and number > 1:
            raise exceptions.NotFound(_("There is no page with that number."))
        return selectors.institutions_for_page(self.ranked.pairs, view.search, view.content_language)

    def get_paginated_response(self, data):
        url = self.request.build_absolute_uri()
        page = self.ranked
        return Response(
            {
                "count": page.total,
                "next": replace_query_param(url, self.page_query_param, page.number + 1) if page.has_next() else None,
                "previous": replace_query_param(url, self.page_query_param, page.number - 1) if page.has_previous() else None,
                "results": data,
            }
        )


@extend_schema(
    parameters=[
        LANG_PARAM,
        OpenApiParameter("q", OpenApiTypes.STR, description="Free text in any supported language."),
        OpenApiParameter("specialty", OpenApiTypes.STR, description="Specialty code, e.g. dermatology."),
        OpenApiParameter("language", OpenApiTypes.STR, enum=list(LANGUAGE_CODES), description="Language served."),
        OpenApiParameter("district", OpenApiTypes.STR, description="District code."),
        OpenApiParameter("accreditation", OpenApiTypes.STR, enum=["kahf", "jci"]),
        OpenApiParameter("institution_class", OpenApiTypes.STR, enum=[c for c, _l in Organization.InstitutionClass.choices]),
        OpenApiParameter("offering_kind", OpenApiTypes.STR, enum=[c for c, _l in Offering.Kind.choices]),
        OpenApiParameter("price_min", OpenApiTypes.INT, description="KRW: has an offering costing at least this."),
        OpenApiParameter("price_max", OpenApiTypes.INT, description="KRW: has an offering costing at most this."),
    ]
)
class InstitutionList(DirectoryAPIView, generics.ListAPIView):
    """Institutions ranked by an explained score (specialty, name, language served, accreditation)."""

    serializer_class = InstitutionSerializer
    pagination_class = RankedPagination

    def get_queryset(self):
        form = InstitutionSearchFilter.bound_form(self.request.query_params)
        if not form.is_valid():
            raise translate_validation(form.errors)
        self.search = selectors.search_institutions(
            selectors.SearchCriteria.from_cleaned(form.cleaned_data, self.content_language)
        )
        return Organization.objects.none()  # RankedPagination reads self.search

    def list(self, request, *args, **kwargs):
        # The same request gets the same bytes until the directory changes (directory/answers.py).
        # Throttle, authentication and content negotiation have run; on a miss the parameters are checked.
        if not answers.enabled() or request.accepted_renderer.format != "json":
            return super().list(request, *args, **kwargs)
        key = (request.build_absolute_uri(), request.accepted_media_type, self.content_language)
        kept, stamp = answers.lookup(key)
        # An anonymous answer may be served again before the stack (directory/middleware.py):
        # it is marked with the door the throttle counted it at.
        door = getattr(self, "throttle_door", "api")
        if kept is not None:
            body, content_type = kept
            response = HttpResponse(body, content_type=content_type)
            response.medhub_keep_door = door
            return response
        response = super().list(request, *args, **kwargs)

        def keep(rendered):
            if rendered.status_code == 200:
                answers.keep(key, stamp, rendered.content, rendered["Content-Type"])
                rendered.medhub_keep_door = door

        response.add_post_render_callback(keep)
        return response


@extend_schema(parameters=[LANG_PARAM])
class InstitutionDetail(DirectoryAPIView, generics.RetrieveAPIView):
    serializer_class = InstitutionSerializer

    def get_object(self):
        inst = selectors.institution_detail(self.kwargs["slug"])
        if inst is None:
            raise Http404
        selectors.attach_card_details([inst])
        return inst


@extend_schema(parameters=[LANG_PARAM])
class OfferingList(DirectoryAPIView, generics.ListAPIView):
    serializer_class = OfferingSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = OfferingFilter

    def get_queryset(self):
        return selectors.offerings().prefetch_related("photos", "price_changes")


@extend_schema(parameters=[LANG_PARAM])
class OfferingDetail(DirectoryAPIView, generics.RetrieveAPIView):
    serializer_class = OfferingSerializer

    def get_object(self):
        offering = selectors.offering_detail(self.kwargs["slug"])
        if offering is None:
            raise Http404
        return offering


@extend_schema(parameters=[LANG_PARAM])
class SpecialtyList(DirectoryAPIView, generics.ListAPIView):
    serializer_class = SpecialtySerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.specialties()


@extend_schema(parameters=[LANG_PARAM])
class SpecialtyDetail(DirectoryAPIView, generics.RetrieveAPIView):
    serializer_class = SpecialtySerializer
    lookup_field = "code"

    def get_queryset(self):
        return selectors.specialties()


@extend_schema(parameters=[LANG_PARAM])
class PractitionerList(DirectoryAPIView, generics.ListAPIView):
    serializer_class = PractitionerSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = PractitionerFilter

    def get_queryset(self):
        return selectors.practitioners().prefetch_related("photos")


@extend_schema(parameters=[LANG_PARAM])
class PartnerList(DirectoryAPIView, generics.ListAPIView):
    serializer_class = PartnerSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = PartnerFilter

    def get_queryset(self):
        return selectors.partner_services()


@extend_schema(
    request={
        "multipart/form-data": {
            "type": "object",
            "properties": {
                "file": {"type": "string", "format": "binary", "description": "JPEG, PNG or WebP."},
                "institution": {"type": "string", "description": "Slug: a photo of the institution."},
                "offering": {"type": "string", "description": "Slug: a photo of the offering."},
                "practitioner": {"type": "integer", "description": "Id: a photo of the doctor."},
                **{f"alt_{code}": {"type": "string"} for code in LANGUAGE_CODES},
            },
            "required": ["file"],
        }
    },
    responses={201: OpenApiTypes.OBJECT},
)
class PhotoUpload(APIView):
    """Adds a photo to an institution, one of its offerings or doctors (exactly one of
    ``institution``, ``offering``, ``practitioner``): the hub's staff for any, an institution's
    staff for theirs. The file is checked by content; alt text per language as ``alt_<code>``."""

    permission_classes = [StaffHaveMFA]
    parser_classes = [MultiPartParser]

    def post(self, request):
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated
        named = [name for name in ("institution", "offering", "practitioner") if request.data.get(name)]
        if len(named) != 1:
            raise exceptions.ValidationError({"detail": [_("Name exactly one of institution, offering or practitioner.")]})
        value = str(request.data[named[0]])
        if named[0] == "institution":
            target = Organization.objects.filter(kind=Organization.Kind.INSTITUTION, slug=value).first()
            organization_id = target.pk if target else None
        elif named[0] == "offering":
            target = Offering.objects.filter(slug=value).first()
            organization_id = target.organization_id if target else None
        else:
            target = Practitioner.objects.filter(pk=int(value)).first() if value.isdigit() else None
            organization_id = target.organization_id if target else None
        if target is None or not permissions.may_manage_photos(request.user, organization_id):
            raise exceptions.NotFound  # what one may not manage is not said to exist
        upload = request.FILES.get("file")
        if upload is None:
            raise exceptions.ValidationError({"file": [_("Choose a photo file.")]})
        alt = {code: str(request.data[f"alt_{code}"]).strip()[:300] for code in LANGUAGE_CODES if request.data.get(f"alt_{code}")}
        try:
            photo = services.photo_add(target=target, upload=upload, alt=alt, actor=request.user)
        except DjangoValidationError as error:
            raise exceptions.ValidationError({"file": error.messages}) from error
        return Response(describe(photo, request.LANGUAGE_CODE), status=status.HTTP_201_CREATED)
