from django.urls import path

from medhub.partners import views

urlpatterns = [
    path("partners/apply/", views.apply, name="partner-apply"),
    path("partners/apply/sent/", views.apply_sent, name="partner-apply-sent"),
    path("partners/apply/answer/<str:token>/", views.answer, name="partner-application-answer"),
    path("partners/welcome/<str:uid>/<str:token>/", views.welcome, name="partner-welcome"),
    path("work/partners/applications/", views.application_list, name="partner-applications"),
    path("work/partners/applications/<int:application_id>/", views.application_detail, name="partner-application"),
    path(
        "work/partners/applications/<int:application_id>/documents/<int:document_id>/",
        views.document_download,
        name="partner-application-document",
    ),
    path("work/partners/criteria/", views.criteria, name="partner-criteria"),
]
