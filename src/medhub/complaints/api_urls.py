from django.urls import path

from medhub.complaints import api

urlpatterns = [
    path("complaints/", api.ComplaintListCreate.as_view(), name="api-complaints"),
    path("complaints/mine/", api.MyComplaintList.as_view(), name="api-my-complaints"),
    path("complaints/mine/<str:reference>/", api.MyComplaintDetail.as_view(), name="api-my-complaint"),
    path("complaints/mine/<str:reference>/withdraw/", api.MyComplaintWithdraw.as_view(), name="api-my-complaint-withdraw"),
    path("complaints/mine/<str:reference>/messages/", api.MyComplaintMessage.as_view(), name="api-my-complaint-messages"),
    path("complaints/organization/", api.OrganizationComplaintList.as_view(), name="api-organization-complaints"),
    path(
        "complaints/organization/<str:reference>/",
        api.OrganizationComplaintDetail.as_view(),
        name="api-organization-complaint",
    ),
    path(
        "complaints/organization/<str:reference>/answers/",
        api.OrganizationComplaintAnswer.as_view(),
        name="api-organization-complaint-answer",
    ),
    path("complaints/<str:reference>/", api.ComplaintDetail.as_view(), name="api-complaint"),
    path("complaints/<str:reference>/status/", api.ComplaintStatusChange.as_view(), name="api-complaint-status"),
    path("complaints/<str:reference>/referral/", api.ComplaintReferral.as_view(), name="api-complaint-referral"),
    path("complaints/<str:reference>/packet/", api.ComplaintPacket.as_view(), name="api-complaint-packet"),
    path("complaints/<str:reference>/messages/", api.ComplaintHubMessage.as_view(), name="api-complaint-messages"),
]
