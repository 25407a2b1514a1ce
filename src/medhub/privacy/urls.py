from django.urls import path

from medhub.privacy import views

urlpatterns = [
    path("my-data/", views.my_data, name="my-data"),
    path("my-data/export.zip", views.my_data_export, name="my-data-export"),
    path("work/deletion-requests/", views.deletion_requests, name="deletion-requests"),
    path("work/deletion-requests/<int:request_id>/", views.deletion_request, name="deletion-request"),
]
