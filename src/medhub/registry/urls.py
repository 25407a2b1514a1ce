from django.urls import path

from medhub.registry import views

urlpatterns = [
    path("work/registry/", views.entries, name="registry-entries"),
    path("work/registry/prospects/", views.prospects, name="registry-prospects"),
    path("work/registry/imports/", views.imports, name="registry-imports"),
    path("work/registry/imports/<int:job_id>/", views.import_detail, name="registry-import"),
    path("work/registry/imports/<int:job_id>/progress/", views.import_progress, name="registry-import-progress"),
]
