from django.urls import path

from medhub.travel import api

urlpatterns = [
    path("cases/<str:reference>/travel/", api.CaseTravel.as_view(), name="api-case-travel"),
    path("cases/<str:reference>/travel/trip/", api.CaseTrip.as_view(), name="api-case-trip"),
    path("cases/<str:reference>/travel/visa/", api.CaseVisa.as_view(), name="api-case-visa"),
    path("cases/<str:reference>/travel/visa/status/", api.CaseVisaStatus.as_view(), name="api-case-visa-status"),
    path("cases/<str:reference>/travel/visa/checklist/", api.CaseVisaChecklist.as_view(), name="api-case-visa-checklist"),
    path("cases/<str:reference>/travel/travellers/", api.CaseTravellers.as_view(), name="api-case-travellers"),
    path("cases/<str:reference>/travel/stays/", api.CaseStays.as_view(), name="api-case-stays"),
    path("cases/<str:reference>/travel/pickups/", api.CasePickups.as_view(), name="api-case-pickups"),
    path(
        "cases/<str:reference>/travel/stays/<int:booking_id>/cancel/",
        api.CaseStayCancel.as_view(),
        name="api-case-stay-cancel",
    ),
    path(
        "cases/<str:reference>/travel/pickups/<int:booking_id>/cancel/",
        api.CasePickupCancel.as_view(),
        name="api-case-pickup-cancel",
    ),
    path("cases/<str:reference>/itinerary/", api.CaseItinerary.as_view(), name="api-case-itinerary"),
    path("travel/rooms/", api.Rooms.as_view(), name="api-travel-rooms"),
    path("travel/bookings/", api.PartnerBookings.as_view(), name="api-partner-bookings"),
    path("travel/bookings/stays/<int:stay_id>/answer/", api.PartnerStayAnswer.as_view(), name="api-partner-stay-answer"),
    path("travel/bookings/pickups/<int:pickup_id>/answer/", api.PartnerPickupAnswer.as_view(), name="api-partner-pickup-answer"),
]
