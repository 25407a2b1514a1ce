from django.urls import path

from medhub.privacy import api

urlpatterns = [
    path("me/export/", api.MyDataExport.as_view(), name="api-my-data-export"),
    path("me/deletion-requests/", api.MyDeletionRequests.as_view(), name="api-my-data-deletion-requests"),
]
