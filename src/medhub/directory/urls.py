from django.urls import path

from medhub.directory import views, views_photos

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("institutions/<slug:slug>/", views.institution_detail, name="institution"),
    path("offerings/<slug:slug>/", views.offering_detail, name="offering"),
    path("suggest/specialty/", views.specialty_suggest, name="specialty-suggest"),
    path("specialties/", views.specialty_list, name="specialties"),
    path("specialties/<slug:code>/", views.specialty_detail, name="specialty"),
    path("partners/", views.partner_list, name="partners"),
    path("work/photos/", views_photos.work_photos, name="work-photos"),
]
