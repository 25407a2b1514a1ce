from django.urls import path

from medhub.cases import api

urlpatterns = [
    path("inquiries/", api.InquiryCreate.as_view(), name="api-inquiries"),
    path("cases/", api.CaseList.as_view(), name="api-cases"),
    path("cases/<str:reference>/", api.CaseDetail.as_view(), name="api-case"),
    path("cases/<str:reference>/owner/", api.CaseOwner.as_view(), name="api-case-owner"),
    path("cases/<str:reference>/follow/", api.CaseFollow.as_view(), name="api-case-follow"),
    path("cases/<str:reference>/share/", api.CaseShare.as_view(), name="api-case-share"),
    path("cases/<str:reference>/end/", api.CaseEnd.as_view(), name="api-case-end"),
    path(
        "cases/<str:reference>/shares/<slug:institution>/withdraw/", api.ShareWithdraw.as_view(), name="api-case-share-withdraw"
    ),
    path("cases/<str:reference>/quotes/", api.QuoteSubmit.as_view(), name="api-case-quotes"),
    path("cases/<str:reference>/quotes/<int:quote_id>/accept/", api.QuoteAccept.as_view(), name="api-quote-accept"),
    path("cases/<str:reference>/messages/", api.CaseMessages.as_view(), name="api-case-messages"),
    path(
        "cases/<str:reference>/messages/<int:message_id>/attachments/<int:attachment_id>/",
        api.MessageAttachmentDownload.as_view(),
        name="api-case-message-attachment",
    ),
    path("cases/<str:reference>/documents/", api.CaseDocuments.as_view(), name="api-case-documents"),
    path("cases/<str:reference>/documents/<int:document_id>/", api.CaseDocumentDownload.as_view(), name="api-case-document"),
]
