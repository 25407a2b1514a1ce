from django.urls import path

from medhub.scheduling import views

urlpatterns = [
    path("work/slots/", views.slots, name="slots"),
    path("cases/<str:reference>/book/", views.book, name="case-book"),
]
