"""API v1 of the directory: read-only, public, in the language the client asks for."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from medhub.core.api import LanguageMixin, Pagination
from medhub.core.i18n import LANGUAGE_CODES
from medhub.directory import selectors
from medhub.directory.forms import InstitutionSearchForm
from medhub.directory.models import Offering, Organization
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


def _search_form(request) -> InstitutionSearchForm:
    specialty_index, district_index = selectors.specialty_and_district_index()
    form = InstitutionSearchForm(
        request.query_params,
        specialty_choices=[(code, code) for code in specialty_index],
        district_choices=[(code, code) for code in district_index],
    )
    if not form.is_valid():
        errors = form.errors.get_json_data()
        raise exceptions.ValidationError({name: [error["message"] for error in items] for name, items in errors.items()})
    return form


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
        form = _search_form(self.request)
        criteria = selectors.SearchCriteria.from_cleaned(form.cleaned_data, self.content_language)
        self.search = selectors.search_institutions(criteria)
        return Organization.objects.none()  # RankedPagination reads self.search


@extend_schema(parameters=[LANG_PARAM])
class InstitutionDetail(DirectoryAPIView, generics.RetrieveAPIView):
    serializer_class = InstitutionSerializer

    def get_object(self):
        inst = selectors.institution_detail(self.kwargs["slug"])
        if inst is None:
            raise Http404
        selectors.attach_card_details([inst])
        return inst


@extend_schema(
    parameters=[
        LANG_PARAM,
        OpenApiParameter("specialty", OpenApiTypes.STR),
        OpenApiParameter("kind", OpenApiTypes.STR, enum=[c for c, _l in Offering.Kind.choices]),
        OpenApiParameter("institution", OpenApiTypes.STR, description="Institution slug."),
    ]
)
class OfferingList(DirectoryAPIView, generics.ListAPIView):
    serializer_class = OfferingSerializer

    def get_queryset(self):
        params = self.request.query_params
        specialty_index, _districts = selectors.specialty_and_district_index()
        errors = {}
        specialty_id = None
        if params.get("specialty"):
            specialty_id = specialty_index.get(params["specialty"])
            if specialty_id is None:
                errors["specialty"] = [_unknown("specialty", params["specialty"])]
        kind = params.get("kind", "")
        if kind and kind not in Offering.Kind.values:
            errors["kind"] = [_unknown("kind", kind)]
        institution_id = None
        if params.get("institution"):
            institution_id = (
                selectors.published_institutions().filter(slug=params["institution"]).values_list("id", flat=True).first()
            )
            if institution_id is None:
                errors["institution"] = [_unknown("institution", params["institution"])]
        if errors:
            raise exceptions.ValidationError(errors)
        return selectors.offerings(specialty_id=specialty_id, kind=kind, institution_id=institution_id)


def _unknown(field: str, value: str) -> str:
    messages = {
        "specialty": _("There is no specialty with the code “%(value)s”."),
        "district": _("There is no district with the code “%(value)s”."),
        "institution": _("There is no published institution “%(value)s”."),
        "kind": _("“%(value)s” is not a kind this list knows."),
    }
    return messages[field] % {"value": value}


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


@extend_schema(
    parameters=[
        LANG_PARAM,
        OpenApiParameter("institution", OpenApiTypes.STR, description="Institution slug."),
        OpenApiParameter("specialty", OpenApiTypes.STR),
    ]
)
class PractitionerList(DirectoryAPIView, generics.ListAPIView):
    serializer_class = PractitionerSerializer

    def get_queryset(self):
        params = self.request.query_params
        specialty_index, _districts = selectors.specialty_and_district_index()
        errors, institution_id, specialty_id = {}, None, None
        if params.get("institution"):
            institution_id = (
                selectors.published_institutions().filter(slug=params["institution"]).values_list("id", flat=True).first()
            )
            if institution_id is None:
                errors["institution"] = [_unknown("institution", params["institution"])]
        if params.get("specialty"):
            specialty_id = specialty_index.get(params["specialty"])
            if specialty_id is None:
                errors["specialty"] = [_unknown("specialty", params["specialty"])]
        if errors:
            raise exceptions.ValidationError(errors)
        return selectors.practitioners(institution_id=institution_id, specialty_id=specialty_id)


@extend_schema(
    parameters=[
        LANG_PARAM,
        OpenApiParameter("kind", OpenApiTypes.STR, enum=[k.value for k in Organization.PARTNER_KINDS]),
        OpenApiParameter("district", OpenApiTypes.STR),
    ]
)
class PartnerList(DirectoryAPIView, generics.ListAPIView):
    serializer_class = PartnerSerializer

    def get_queryset(self):
        params = self.request.query_params
        _specialties, district_index = selectors.specialty_and_district_index()
        errors, district_id = {}, None
        kind = params.get("kind", "")
        if kind and kind not in Organization.PARTNER_KINDS:
            errors["kind"] = [_unknown("kind", kind)]
        if params.get("district"):
            district_id = district_index.get(params["district"])
            if district_id is None:
                errors["district"] = [_unknown("district", params["district"])]
        if errors:
            raise exceptions.ValidationError(errors)
        return selectors.partner_services(kind=kind, district_id=district_id)
