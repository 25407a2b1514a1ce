from django.urls import path

from medhub.directory import api, api_triage

urlpatterns = [
    path("institutions/", api.InstitutionList.as_view(), name="api-institutions"),
    path("institutions/<slug:slug>/", api.InstitutionDetail.as_view(), name="api-institution"),
    path("offerings/", api.OfferingList.as_view(), name="api-offerings"),
    path("offerings/<slug:slug>/", api.OfferingDetail.as_view(), name="api-offering"),
    path("specialties/", api.SpecialtyList.as_view(), name="api-specialties"),
    path("specialties/<slug:code>/", api.SpecialtyDetail.as_view(), name="api-specialty"),
    path("practitioners/", api.PractitionerList.as_view(), name="api-practitioners"),
    path("partners/", api.PartnerList.as_view(), name="api-partners"),
    path("photos/", api.PhotoUpload.as_view(), name="api-photos"),
    path("triage/", api_triage.TriageView.as_view(), name="api-triage"),
]
