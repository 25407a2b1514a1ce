"""An award's certificate: one page in Korean and one in English, whatever the reader's language
(the certificate is handed over at the Partners Day ceremony and shown to foreign partners).
WeasyPrint is imported only when one is made (travel.documents.html_to_pdf), with the Noto fonts
of MEDHUB_PDF_FONTS."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from medhub.core.i18n import pick
from medhub.core.selectors import hub_settings
from medhub.evaluation.models import Award

LANGUAGES = ("ko", "en")


def filename(award: Award) -> str:
    return f"{award.number}.pdf"


def certificate_pdf(award: Award) -> bytes:
    from medhub.travel.documents import html_to_pdf

    pages = []
    for language in LANGUAGES:
        with translation.override(language):
            pages.append(
                render_to_string(
                    "evaluation/pdf/_certificate_page.html",
                    {
                        "LANG": language,
                        "award": award,
                        "year": award.round.year,
                        "name": pick(award.name, language),
                        "citation": pick(award.citation, language),
                        "winner": pick(award.winner.name, language),
                        "category": award.get_category_display(),
                        "number": award.number,
                        "hub_name": pick(hub_settings().name, language) or "medhub",
                    },
                )
            )
    html = render_to_string("evaluation/pdf/certificate.html", {"pages": pages, "fonts": settings.MEDHUB_PDF_FONTS})
    return html_to_pdf(html)
