from django.urls import path

from medhub.scheduling import api

urlpatterns = [
    path("slots/", api.SlotsPublish.as_view(), name="api-slots-publish"),
    path("cases/<str:reference>/slots/", api.CaseSlots.as_view(), name="api-case-slots"),
    path("cases/<str:reference>/appointments/", api.CaseBook.as_view(), name="api-case-book"),
]
