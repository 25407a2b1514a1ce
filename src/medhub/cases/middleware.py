"""Pages and API answers that carry personal data are never stored by a browser or a proxy.

One rule, keyed on the URL patterns (docs/personal-data.md): every URL of one case (a pattern
with a ``reference``), and the named lists and downloads below that show patients' data. The
answer gets ``Cache-Control: private, no-store`` whatever its status.
"""

from django.utils.cache import patch_cache_control

# URL names, besides every pattern of one case (those with a ``reference``), whose answers carry
# personal data: lists of cases and bookings, the patient's own data, downloads, feeds.
PERSONAL_DATA_URL_NAMES = frozenset(
    {
        # cases
        "case-board",
        "inbox",
        "referrals",
        "work-home",
        "my-data",
        "my-data-export",
        "deletion-requests",
        "deletion-request",
        "api-cases",
        "api-my-data-export",
        "api-my-data-deletion-requests",
        # travel, interpreting, scheduling
        "partner-bookings",
        "partner-stay-answer",
        "partner-pickup-answer",
        "interpreter-home",
        "subsidy-claims",
        "subsidy-report",
        "slots",
        "ical-feed",
        "api-partner-bookings",
        "api-partner-stay-answer",
        "api-partner-pickup-answer",
        "api-own-bookings",
        "api-own-booking-accept",
        "api-own-booking-decline",
        "api-own-booking-hours",
        "api-interpreter-booking-cancel",
        "api-subsidy-claims",
        "api-subsidy-claim-approve",
        "api-subsidy-claim-reject",
        "api-subsidy-report",
    }
)


def carries_personal_data(match) -> bool:
    """Whether the resolved URL is one whose answers carry personal data."""
    if match is None:
        return False
    return "reference" in match.kwargs or match.url_name in PERSONAL_DATA_URL_NAMES


class PersonalDataNoStoreMiddleware:
    """Adds ``Cache-Control: private, no-store`` to every answer of a personal-data URL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if carries_personal_data(getattr(request, "resolver_match", None)):
            patch_cache_control(response, private=True, no_store=True)
        return response
