from django.urls import path

from medhub.council import api

urlpatterns = [
    path("council/divisions/", api.DivisionList.as_view(), name="api-council-divisions"),
    path("council/divisions/<int:division_id>/", api.DivisionDetail.as_view(), name="api-council-division"),
    path("council/committees/", api.CommitteeList.as_view(), name="api-council-committees"),
    path("council/members/", api.MemberListCreate.as_view(), name="api-council-members"),
    path("council/members/<int:member_id>/", api.MemberDetail.as_view(), name="api-council-member"),
    path("council/mine/", api.Mine.as_view(), name="api-council-mine"),
    path("council/mine/sharing/", api.MySharing.as_view(), name="api-council-sharing"),
    path("council/meetings/", api.MeetingListCreate.as_view(), name="api-council-meetings"),
    path("council/meetings/<int:meeting_id>/", api.MeetingDetail.as_view(), name="api-council-meeting"),
    path("council/meetings/<int:meeting_id>/reply/", api.MeetingReply.as_view(), name="api-council-reply"),
    path("council/meetings/<int:meeting_id>/attendance/", api.MeetingAttendance.as_view(), name="api-council-attendance"),
    path("council/meetings/<int:meeting_id>/minutes/", api.MeetingMinutes.as_view(), name="api-council-minutes"),
    path("council/meetings/<int:meeting_id>/decisions/", api.MeetingDecisions.as_view(), name="api-council-decisions"),
    path("council/meetings/<int:meeting_id>/actions/", api.MeetingActions.as_view(), name="api-council-meeting-actions"),
    path("council/meetings/<int:meeting_id>/documents/", api.MeetingDocuments.as_view(), name="api-council-documents"),
    path("council/meetings/<int:meeting_id>/cancel/", api.MeetingCancel.as_view(), name="api-council-cancel"),
    path(
        "council/meetings/<int:meeting_id>/certificates/<int:invitation_id>/",
        api.MeetingCertificate.as_view(),
        name="api-council-certificate",
    ),
    path(
        "council/meetings/<int:meeting_id>/participants/",
        api.MeetingParticipants.as_view(),
        name="api-council-participants",
    ),
    path(
        "council/meetings/<int:meeting_id>/participants/attendance/",
        api.MeetingParticipantsAttendance.as_view(),
        name="api-council-participants-attendance",
    ),
    path(
        "council/meetings/<int:meeting_id>/participants/<int:participant_id>/certificate/",
        api.ParticipantCertificate.as_view(),
        name="api-council-participant-certificate",
    ),
    path("council/actions/<int:action_id>/", api.ActionDetail.as_view(), name="api-council-action"),
    path("council/announcements/", api.AnnouncementListCreate.as_view(), name="api-council-announcements"),
    path(
        "council/announcements/<int:announcement_id>/",
        api.AnnouncementDetail.as_view(),
        name="api-council-announcement",
    ),
    path("council/mediations/", api.MediationListCreate.as_view(), name="api-council-mediations"),
    path(
        "council/mediations/<int:mediation_id>/recommendation/",
        api.MediationRecommendation.as_view(),
        name="api-council-recommendation",
    ),
]
