"""Machine translation of a quote version for its reader (cases/translation.py)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from medhub.cases import access
from medhub.cases.models import QuoteVersion
from medhub.cases.translation import TranslationError, TranslationUnavailable, translated_quote_version
from medhub.cases.views import _case_and_rights


@login_required
@require_GET
def quote_translation(request, reference, version_id):
    """The quote version with its plan and items in the reader's language, beside the original;
    where no translation server is set (or it fails), the page says so and shows the original."""
    case, rights = _case_and_rights(request, reference)
    version = get_object_or_404(QuoteVersion.objects.select_related("quote"), quote__case=case, pk=version_id)
    if not rights.can_read(version.quote.institution_id):
        raise Http404
    target = translation.get_language()
    translated, problem = None, ""
    try:
        translated = translated_quote_version(version, target=target)
    except TranslationUnavailable:
        problem = _("Machine translation is not available on this hub. The original is shown.")
    except TranslationError:
        problem = _("The translation service did not answer. The original is shown.")
    context = {
        "case": case,
        "version": version,
        "translated": translated,
        "problem": problem,
        "back": access.page_of(rights, case),
        "target": target,
    }
    return render(request, "cases/quote_translation.html", context, status=200)
