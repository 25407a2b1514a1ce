from django.urls import path

from medhub.complaints import views

urlpatterns = [
    path("complaints/", views.complaint_home, name="complaint-home"),
    path("complaints/new/", views.complaint_new, name="complaint-new"),
    path("complaints/sent/", views.complaint_sent, name="complaint-sent"),
    path("complaints/verify/<str:token>/", views.complaint_verify, name="complaint-verify"),
    path("complaints/status/<str:token>/", views.complaint_status, name="complaint-status"),
    path("complaints/mine/", views.complaint_mine, name="complaint-mine"),
    path("complaints/mine/<str:reference>/", views.complaint_mine_detail, name="complaint-mine-detail"),
    path("complaints/hub/", views.complaint_list, name="complaint-list"),
    path("complaints/hub/<str:reference>/", views.complaint_work, name="complaint-work"),
    path("complaints/hub/<str:reference>/packet.zip", views.complaint_packet, name="complaint-packet"),
    path("complaints/organization/", views.complaint_organization, name="complaint-organization"),
    path(
        "complaints/organization/<str:reference>/",
        views.complaint_organization_detail,
        name="complaint-organization-detail",
    ),
    path(
        "complaints/<str:reference>/documents/<int:document_id>/",
        views.complaint_document,
        name="complaint-document",
    ),
]
