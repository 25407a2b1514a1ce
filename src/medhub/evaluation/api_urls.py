from django.urls import path

from medhub.evaluation import api

urlpatterns = [
    path("evaluation/rounds/", api.RoundListCreate.as_view(), name="api-evaluation-rounds"),
    path("evaluation/rounds/<int:round_id>/", api.RoundDetail.as_view(), name="api-evaluation-round"),
    path("evaluation/rounds/<int:round_id>/status/", api.RoundMove.as_view(), name="api-evaluation-move"),
    path("evaluation/rounds/<int:round_id>/compute/", api.RoundCompute.as_view(), name="api-evaluation-compute"),
    path("evaluation/rounds/<int:round_id>/criteria/", api.CriterionList.as_view(), name="api-evaluation-criteria"),
    path(
        "evaluation/rounds/<int:round_id>/criteria/<int:criterion_id>/",
        api.CriterionDetail.as_view(),
        name="api-evaluation-criterion",
    ),
    path("evaluation/rounds/<int:round_id>/scores/", api.ScoreListCreate.as_view(), name="api-evaluation-scores"),
    path("evaluation/rounds/<int:round_id>/results/", api.ResultList.as_view(), name="api-evaluation-results"),
    path("evaluation/rounds/<int:round_id>/awards/", api.AwardListCreate.as_view(), name="api-evaluation-awards"),
    path("evaluation/awards/<int:award_id>/", api.AwardDetail.as_view(), name="api-evaluation-award"),
    path(
        "evaluation/awards/<int:award_id>/certificate/",
        api.AwardCertificate.as_view(),
        name="api-evaluation-certificate",
    ),
    path("evaluation/partners-day/<int:year>/", api.PartnersDay.as_view(), name="api-evaluation-partners-day"),
]
