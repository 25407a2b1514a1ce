from django.urls import path

from medhub.partners import api

urlpatterns = [
    path("partner-applications/apply/", api.ApplicationSubmit.as_view(), name="api-partner-apply"),
    path("partner-applications/", api.ApplicationList.as_view(), name="api-partner-applications"),
    path("partner-applications/<int:application_id>/", api.ApplicationDetail.as_view(), name="api-partner-application"),
    path(
        "partner-applications/<int:application_id>/review/",
        api.ApplicationReview.as_view(),
        name="api-partner-application-review",
    ),
    path(
        "partner-applications/<int:application_id>/scores/", api.ApplicationScore.as_view(), name="api-partner-application-score"
    ),
    path(
        "partner-applications/<int:application_id>/request-info/",
        api.ApplicationRequestInfo.as_view(),
        name="api-partner-application-request-info",
    ),
    path(
        "partner-applications/<int:application_id>/approve/",
        api.ApplicationApprove.as_view(),
        name="api-partner-application-approve",
    ),
    path(
        "partner-applications/<int:application_id>/reject/",
        api.ApplicationReject.as_view(),
        name="api-partner-application-reject",
    ),
    path(
        "partner-applications/<int:application_id>/documents/<int:document_id>/",
        api.ApplicationDocumentDownload.as_view(),
        name="api-partner-application-document",
    ),
    path("partner-criteria/", api.CriterionList.as_view(), name="api-partner-criteria"),
]
