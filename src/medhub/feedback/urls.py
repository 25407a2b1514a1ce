from django.urls import path

from medhub.feedback import views

urlpatterns = [
    path("cases/<str:reference>/feedback/", views.case_feedback, name="case-feedback"),
    path("work/feedback/", views.work_feedback, name="work-feedback"),
    path("work/feedback/<int:feedback_id>/answer/", views.feedback_answer, name="feedback-answer"),
    path("work/feedback/<int:feedback_id>/moderate/", views.feedback_moderate, name="feedback-moderate"),
]
