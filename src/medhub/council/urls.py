from django.urls import path

from medhub.council import views

urlpatterns = [
    path("council/", views.council_home, name="council-home"),
    path("council/mine/", views.council_mine, name="council-mine"),
    path("council/mine/calendar.ics", views.council_calendar, name="council-calendar"),
    path("council/members/", views.council_directory, name="council-directory"),
    path("council/members/new/", views.council_member_new, name="council-member-new"),
    path("council/members/<int:member_id>/", views.council_member_edit, name="council-member-edit"),
    path("council/meetings/", views.council_meetings, name="council-meetings"),
    path("council/meetings/new/", views.council_meeting_new, name="council-meeting-new"),
    path("council/meetings/<int:meeting_id>/", views.council_meeting, name="council-meeting"),
    path("council/meetings/<int:meeting_id>/meeting.ics", views.council_meeting_ics, name="council-meeting-ics"),
    path(
        "council/meetings/<int:meeting_id>/documents/<int:document_id>/",
        views.council_document,
        name="council-document",
    ),
    path(
        "council/meetings/<int:meeting_id>/certificates/<int:invitation_id>.pdf",
        views.council_certificate,
        name="council-certificate",
    ),
    path("council/trainings/<int:meeting_id>/", views.council_training, name="council-training"),
    path(
        "council/trainings/<int:meeting_id>/certificates/<int:participant_id>.pdf",
        views.council_participant_certificate,
        name="council-participant-certificate",
    ),
    path("council/reply/<str:token>/", views.council_reply, name="council-reply"),
    path("council/reply/<str:token>/meeting.ics", views.council_reply_ics, name="council-reply-ics"),
    path("council/actions/<int:action_id>/", views.council_action, name="council-action"),
    path("council/announcements/", views.council_announcements, name="council-announcements"),
    path("council/announcements/new/", views.council_announcement_new, name="council-announcement-new"),
    path("council/announcements/<int:announcement_id>/", views.council_announcement, name="council-announcement"),
    path("council/mediation/", views.council_mediations, name="council-mediations"),
    path("council/mediation/<int:mediation_id>/", views.council_mediation, name="council-mediation"),
]
