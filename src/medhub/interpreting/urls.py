from django.urls import path

from medhub.interpreting import views

urlpatterns = [
    path("work/cases/<str:reference>/interpreters/", views.case_interpreters, name="case-interpreters"),
    path("work/interpreting/", views.interpreter_home, name="interpreter-home"),
    path("work/interpreting/availability/", views.availability, name="interpreter-availability"),
    path("work/subsidy/", views.subsidy_claims, name="subsidy-claims"),
    path("work/subsidy/<int:program_id>/report/", views.subsidy_report, name="subsidy-report"),
]
