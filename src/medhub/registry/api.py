"""API v1 for the registry: entries and prospects (hub staff), import jobs (hub administrators).
The same services, scopes and permissions as the pages."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from medhub.accounts import permissions
from medhub.accounts.authentication import StaffHaveMFA
from medhub.registry import selectors, services
from medhub.registry.filters import EntryFilter, ProspectFilter
from medhub.registry.models import ImportJob, RegistryEntry
from medhub.registry.serializers import ImportJobSerializer, ImportUploadSerializer, RegistryEntrySerializer


class RegistryStaff:
    permission_classes = [StaffHaveMFA]

    def check_staff(self):
        if not permissions.may_see_registry(self.request.user):
            raise exceptions.PermissionDenied(_("Only the hub's staff may see the registry."))


class RegistryAdmin:
    permission_classes = [StaffHaveMFA]

    def check_admin(self):
        if not permissions.may_import_registry(self.request.user):
            raise exceptions.PermissionDenied(_("Only the hub's administrators may import the registry."))


class EntryList(RegistryStaff, generics.ListAPIView):
    """The hub's copy of the registry; ``?q=`` searches names and addresses."""

    serializer_class = RegistryEntrySerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = EntryFilter
    queryset = RegistryEntry.objects.none()  # the model, for the schema; get_queryset scopes the rows

    def get_queryset(self):
        self.check_staff()
        return selectors.entries_visible_to(self.request.user).order_by("normalized_name", "pk")


class ProspectList(RegistryStaff, generics.ListAPIView):
    """Active registered bodies in the hub's region that are not in the directory: partners to invite."""

    serializer_class = RegistryEntrySerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProspectFilter
    queryset = RegistryEntry.objects.none()

    def get_queryset(self):
        self.check_staff()
        return selectors.prospects(self.request.user)


class ImportList(RegistryAdmin, generics.ListAPIView):
    """Registry imports, newest first (GET); a new upload (POST, multipart ``file``): the answer is
    the job, previewed when the preview is ready (at once in the single-machine default)."""

    serializer_class = ImportJobSerializer
    parser_classes = [MultiPartParser]
    queryset = ImportJob.objects.none()

    def get_queryset(self):
        self.check_admin()
        return selectors.jobs_visible_to(self.request.user)

    @extend_schema(request={"multipart/form-data": ImportUploadSerializer}, responses={201: ImportJobSerializer})
    def post(self, request):
        self.check_admin()
        data = ImportUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = services.import_upload(upload=data.validated_data["file"], actor=request.user)
        job.refresh_from_db()
        return Response(ImportJobSerializer(job).data, status=status.HTTP_201_CREATED)


class ImportDetail(RegistryAdmin, APIView):
    """One import: its state, counts, refused rows and progress (poll it while it applies)."""

    @extend_schema(responses=ImportJobSerializer)
    def get(self, request, job_id: int):
        self.check_admin()
        job = get_object_or_404(selectors.jobs_visible_to(request.user), pk=job_id)
        return Response(ImportJobSerializer(job).data)


class ImportApply(RegistryAdmin, APIView):
    """Applies a previewed import in the background (202). A job already applied or applying is a 400."""

    @extend_schema(request=None, responses={202: ImportJobSerializer})
    def post(self, request, job_id: int):
        self.check_admin()
        job = get_object_or_404(selectors.jobs_visible_to(request.user), pk=job_id)
        job = services.import_apply(job=job, actor=request.user)
        job.refresh_from_db()
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
