from django.urls import path

from medhub.scheduling import api

urlpatterns = [
    path("slots/", api.SlotsPublish.as_view(), name="api-slots-publish"),
    path("slots/<int:slot_id>/", api.SlotDetail.as_view(), name="api-slot"),
    path("slots/<int:slot_id>/cancel/", api.SlotCancel.as_view(), name="api-slot-cancel"),
    path("cases/<str:reference>/slots/", api.CaseSlots.as_view(), name="api-case-slots"),
    path("cases/<str:reference>/appointments/", api.CaseBook.as_view(), name="api-case-book"),
    path("cases/<str:reference>/appointments/<int:appointment_id>/note/", api.ConsultNoteView.as_view(), name="api-consult-note"),
    path(
        "cases/<str:reference>/appointments/<int:appointment_id>/note/translation/",
        api.ConsultNoteTranslation.as_view(),
        name="api-consult-note-translation",
    ),
]
