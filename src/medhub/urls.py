from allauth.account import views as allauth_views
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from medhub.accounts.views import admin_login
from medhub.core import throttle
from medhub.core import views as core_views
from medhub.directory import views as directory_views
from medhub.directory.sitemaps import SITEMAPS
from medhub.scheduling import views as scheduling_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="django.contrib.sitemaps.views.sitemap"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include("medhub.directory.api_urls")),
    path("api/v1/", include("medhub.cases.api_urls")),
    path("api/v1/", include("medhub.scheduling.api_urls")),
    path("api/v1/", include("medhub.privacy.api_urls")),
    path("api/v1/", include("medhub.interpreting.api_urls")),
    path("api/v1/", include("medhub.travel.api_urls")),
    path("api/v1/", include("medhub.notifications.api_urls")),
    path("api/v1/", include("medhub.registry.api_urls")),
    path("api/v1/", include("medhub.verification.api_urls")),
    path("api/v1/", include("medhub.partners.api_urls")),
    path("api/v1/", include("medhub.complaints.api_urls")),
    path("api/v1/", include("medhub.feedback.api_urls")),
    path("api/v1/", include("medhub.council.api_urls")),
    path("api/v1/", include("medhub.evaluation.api_urls")),
    path("hooks/", include("medhub.notifications.hook_urls")),
    path("ical/<str:token>.ics", scheduling_views.feed, name="ical-feed"),
    path("photos/<str:name>", directory_views.photo_file, name="photo-file"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
]

urlpatterns += i18n_patterns(
    # The admin has no password door of its own: its login sends to the one sign-in (password,
    # then TOTP for staff, with the same throttle).
    path("admin/login/", admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    path("", include("medhub.accounts.urls")),
    # Doors that send email to whatever address is typed: throttled per client address.
    path(
        "accounts/password/reset/",
        throttle.limit("account-email", methods=("POST",))(allauth_views.password_reset),
        name="account_reset_password",
    ),
    path(
        "accounts/login/code/",
        throttle.limit("account-email", methods=("POST",))(allauth_views.request_login_code),
        name="account_request_login_code",
    ),
    path("accounts/", include("allauth.urls")),
    path("", include("medhub.scheduling.urls")),
    path("", include("medhub.interpreting.urls")),
    path("", include("medhub.travel.urls")),
    path("", include("medhub.privacy.urls")),
    path("", include("medhub.notifications.urls")),
    path("", include("medhub.registry.urls")),
    path("", include("medhub.verification.urls")),
    path("", include("medhub.partners.urls")),
    path("", include("medhub.complaints.urls")),
    path("", include("medhub.feedback.urls")),
    path("", include("medhub.council.urls")),
    path("", include("medhub.evaluation.urls")),
    path("", include("medhub.cases.urls")),
    path("", include("medhub.directory.urls")),
    prefix_default_language=True,
)

handler404 = "medhub.core.views.not_found"
handler500 = "medhub.core.views.server_error"
