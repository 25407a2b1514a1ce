from django.urls import path

from medhub.feedback import api

urlpatterns = [
    path("cases/<str:reference>/feedback/", api.CaseFeedback.as_view(), name="api-case-feedback"),
    path("feedback/", api.FeedbackList.as_view(), name="api-feedback"),
    path("feedback/<int:feedback_id>/answer/", api.FeedbackAnswer.as_view(), name="api-feedback-answer"),
    path("feedback/<int:feedback_id>/hide/", api.FeedbackHide.as_view(), name="api-feedback-hide"),
    path("feedback/<int:feedback_id>/restore/", api.FeedbackRestore.as_view(), name="api-feedback-restore"),
    path("institutions/<slug:slug>/feedback/", api.InstitutionFeedback.as_view(), name="api-institution-feedback"),
]
