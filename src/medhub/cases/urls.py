from django.urls import path

from medhub.cases import views, views_translation

urlpatterns = [
    path("inquiry/", views.inquiry_new, name="inquiry"),
    path("inquiry/sent/", views.inquiry_sent, name="inquiry-sent"),
    path("cases/", views.my_cases, name="my-cases"),
    path("cases/verify/<str:token>/", views.case_verify, name="case-verify"),
    path("cases/<str:reference>/", views.case_detail, name="case"),
    path("cases/<str:reference>/documents/<int:document_id>/", views.document_download, name="case-document"),
    path("cases/<str:reference>/messages/", views.message_new, name="case-message"),
    path("cases/<str:reference>/messages/<int:message_id>/translate/", views.message_translate, name="message-translate"),
    path(
        "cases/<str:reference>/quotes/<int:version_id>/translation/",
        views_translation.quote_translation,
        name="quote-translation",
    ),
    path(
        "cases/<str:reference>/messages/<int:message_id>/attachments/<int:attachment_id>/",
        views.message_attachment,
        name="message-attachment",
    ),
    path("work/", views.work_home, name="work-home"),
    path("work/cases/", views.case_board, name="case-board"),
    path("work/cases/<str:reference>/", views.work_case, name="work-case"),
    path("work/cases/<str:reference>/owner/", views.case_assign, name="case-assign"),
    path("work/cases/<str:reference>/follow/", views.case_follow, name="case-follow"),
    path("work/referrals/", views.referrals, name="referrals"),
    path("work/referrals/<str:reference>/", views.referral, name="referral"),
    path("work/inbox/", views.inbox, name="inbox"),
    path("work/inbox/<str:reference>/", views.inbox_case, name="inbox-case"),
]
