from django.urls import path

from medhub.verification import api

urlpatterns = [
    path("verification/", api.MyVerification.as_view(), name="api-verification"),
    path("verification/renewals/", api.Renewals.as_view(), name="api-verification-renewals"),
    path(
        "verification/renewals/<int:renewal_id>/confirm/",
        api.RenewalConfirm.as_view(),
        name="api-verification-renewal-confirm",
    ),
    path(
        "verification/renewals/<int:renewal_id>/reject/",
        api.RenewalReject.as_view(),
        name="api-verification-renewal-reject",
    ),
]
