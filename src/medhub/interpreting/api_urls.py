from django.urls import path

from medhub.interpreting import api

urlpatterns = [
    path("interpreting/interpreters/", api.InterpreterList.as_view(), name="api-interpreters"),
    path("interpreting/cases/<str:reference>/bookings/", api.CaseBookings.as_view(), name="api-case-interpreter-bookings"),
    path("interpreting/bookings/<int:booking_id>/cancel/", api.BookingCancel.as_view(), name="api-interpreter-booking-cancel"),
    path("interpreting/my/bookings/", api.OwnBookings.as_view(), name="api-own-bookings"),
    path("interpreting/my/bookings/<int:booking_id>/accept/", api.OwnBookingAccept.as_view(), name="api-own-booking-accept"),
    path("interpreting/my/bookings/<int:booking_id>/decline/", api.OwnBookingDecline.as_view(), name="api-own-booking-decline"),
    path("interpreting/my/bookings/<int:booking_id>/hours/", api.OwnBookingHours.as_view(), name="api-own-booking-hours"),
    path("interpreting/my/availability/", api.OwnAvailability.as_view(), name="api-own-availability"),
    path(
        "interpreting/my/availability/<int:availability_id>/",
        api.OwnAvailabilityWindow.as_view(),
        name="api-own-availability-window",
    ),
    path("interpreting/subsidy/programs/", api.ProgramList.as_view(), name="api-subsidy-programs"),
    path("interpreting/subsidy/programs/<int:program_id>/report/", api.ProgramReport.as_view(), name="api-subsidy-report"),
    path("interpreting/subsidy/claims/", api.ClaimList.as_view(), name="api-subsidy-claims"),
    path("interpreting/subsidy/claims/<int:claim_id>/approve/", api.ClaimApprove.as_view(), name="api-subsidy-claim-approve"),
    path("interpreting/subsidy/claims/<int:claim_id>/reject/", api.ClaimReject.as_view(), name="api-subsidy-claim-reject"),
]
