from django.urls import path

from medhub.accounts import views

urlpatterns = [
    path("accounts/2fa/enrol/", views.enrol, name="mfa-enrol"),
    path("work/tokens/", views.api_tokens, name="api-tokens"),
]
