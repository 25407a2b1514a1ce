"""API v1 for the patient's own data: the copy and the deletion requests."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from medhub.cases.api import CaseAPIView
from medhub.cases.models import DeletionRequest
from medhub.cases.serializers import DeletionRequestSerializer
from medhub.core.views import private_download
from medhub.privacy import services


class MyDataExport(CaseAPIView):
    """A copy of everything the hub holds about the caller (a ZIP: data.json and the files)."""

    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY})
    def get(self, request):
        return private_download(services.patient_export(request.user), content_type="application/zip", filename="my-data.zip")


class MyDeletionRequests(CaseAPIView):
    """The caller's requests for the deletion of their personal data; POST asks for it."""

    @extend_schema(responses=DeletionRequestSerializer(many=True))
    def get(self, request):
        return Response(DeletionRequestSerializer(DeletionRequest.objects.filter(user=request.user), many=True).data)

    @extend_schema(request=DeletionRequestSerializer, responses={201: DeletionRequestSerializer})
    def post(self, request):
        payload = DeletionRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        asked = services.deletion_request(user=request.user, note=payload.validated_data.get("note", ""))
        return Response(DeletionRequestSerializer(asked).data, status=status.HTTP_201_CREATED)
