"""Plain endpoints: health check, robots.txt and the error pages."""

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from medhub.core.cache import ping as cache_ping


@never_cache
@require_GET
def healthz(request):
    """Each part the site depends on, with its state. 503 when the database is down (nothing can
    be served); 200 with "degraded" when only the cache or the broker is down (pages still work:
    a cache miss is not an error, and side effects wait for the broker)."""
    checks = {"database": "ok", "cache": "ok", "broker": "ok" if settings.CELERY_BROKER_URL else "in-process"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        checks["database"] = "unreachable"
    if not cache_ping(cache):
        checks["cache"] = "unreachable"
    if settings.CELERY_BROKER_URL and not _broker_answers():
        checks["broker"] = "unreachable"
    if checks["database"] != "ok":
        return JsonResponse({"status": "error", **checks}, status=503)
    degraded = any(value == "unreachable" for value in checks.values())
    return JsonResponse({"status": "degraded" if degraded else "ok", **checks})


def _broker_answers() -> bool:
    from kombu.exceptions import OperationalError

    from medhub.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=0, timeout=0.5)
    except (OperationalError, OSError):
        return False
    return True


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /*/admin/",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('django.contrib.sitemaps.views.sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


# A private file is never a page: a browser that opens it anyway runs and loads nothing from it.
PRIVATE_FILE_POLICY = "default-src 'none'; sandbox; frame-ancestors 'none'"


def protect_private_file(response: HttpResponse) -> HttpResponse:
    """The headers of every private file: its declared type only, nothing cached, nothing run."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = PRIVATE_FILE_POLICY
    response["Cache-Control"] = "private, no-store"
    return response


def private_download(body: bytes, *, content_type: str, filename: str) -> HttpResponse:
    """A document made for one person (letter, itinerary, report) as a download nobody caches."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return protect_private_file(response)
