from django.urls import path

from medhub.verification import views

urlpatterns = [
    path("work/verification/", views.renewals_mine, name="verification"),
    path("work/verification/renewals/", views.renewal_queue, name="verification-queue"),
    path("work/verification/renewals/<int:renewal_id>/file/", views.renewal_file, name="verification-renewal-file"),
]
