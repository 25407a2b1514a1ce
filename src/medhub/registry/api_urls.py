from django.urls import path

from medhub.registry import api

urlpatterns = [
    path("registry/entries/", api.EntryList.as_view(), name="api-registry-entries"),
    path("registry/prospects/", api.ProspectList.as_view(), name="api-registry-prospects"),
    path("registry/imports/", api.ImportList.as_view(), name="api-registry-imports"),
    path("registry/imports/<int:job_id>/", api.ImportDetail.as_view(), name="api-registry-import"),
    path("registry/imports/<int:job_id>/apply/", api.ImportApply.as_view(), name="api-registry-import-apply"),
]
