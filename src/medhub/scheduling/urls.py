from django.urls import path

from medhub.scheduling import views

urlpatterns = [
    path("work/slots/", views.slots, name="slots"),
    path("work/slots/day/", views.slots_day, name="slots-today"),
    path("work/slots/day/<str:day>/", views.slots_day, name="slots-day"),
    path("work/slots/<int:slot_id>/delete/", views.slot_delete, name="slot-delete"),
    path("work/slots/<int:slot_id>/cancel/", views.slot_cancel, name="slot-cancel"),
    path("cases/<str:reference>/book/", views.book, name="case-book"),
    path("cases/<str:reference>/appointments/<int:appointment_id>/note/", views.consult_note, name="consult-note"),
    path(
        "cases/<str:reference>/appointments/<int:appointment_id>/note/translation/",
        views.consult_note_translation,
        name="consult-note-translation",
    ),
]
