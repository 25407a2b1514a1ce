from django.urls import path

from medhub.travel import views

urlpatterns = [
    path("work/cases/<str:reference>/travel/", views.case_travel, name="case-travel"),
    path("work/cases/<str:reference>/travel/letter-<str:language>.pdf", views.invitation_letter, name="invitation-letter"),
    path("cases/<str:reference>/itinerary/", views.itinerary, name="itinerary"),
    path("cases/<str:reference>/itinerary.pdf", views.itinerary_pdf, name="itinerary-pdf"),
    path("cases/<str:reference>/itinerary.ics", views.itinerary_ics, name="itinerary-ics"),
    path("work/bookings/", views.partner_bookings, name="partner-bookings"),
    path("work/bookings/stays/<int:stay_id>/", views.partner_stay_answer, name="partner-stay-answer"),
    path("work/bookings/pickups/<int:pickup_id>/", views.partner_pickup_answer, name="partner-pickup-answer"),
    path("work/rooms/", views.partner_rooms, name="partner-rooms"),
]
