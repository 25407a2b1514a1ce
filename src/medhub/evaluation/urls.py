from django.urls import path

from medhub.evaluation import views

urlpatterns = [
    path("evaluation/", views.evaluation_rounds, name="evaluation-rounds"),
    path("evaluation/<int:round_id>/", views.evaluation_round, name="evaluation-round"),
    path("evaluation/<int:round_id>/move/", views.evaluation_move, name="evaluation-move"),
    path("evaluation/<int:round_id>/compute/", views.evaluation_compute, name="evaluation-compute"),
    path("evaluation/<int:round_id>/weights/", views.evaluation_weights, name="evaluation-weights"),
    path(
        "evaluation/<int:round_id>/partners/<int:organization_id>/",
        views.evaluation_partner,
        name="evaluation-partner",
    ),
    path("evaluation/<int:round_id>/awards/", views.evaluation_awards, name="evaluation-awards"),
    path("evaluation/awards/<int:award_id>/withdraw/", views.evaluation_award_withdraw, name="evaluation-award-withdraw"),
    path("evaluation/awards/<int:award_id>/certificate.pdf", views.evaluation_certificate, name="evaluation-certificate"),
    path("partners-day/", views.partners_day, name="partners-day"),
    path("partners-day/<int:year>/", views.partners_day, name="partners-day-year"),
]
