"""The public portal: home, search, institutions, offerings, specialties and partner services."""

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from medhub.core import throttle
from medhub.core.i18n import pick
from medhub.core.money import CURRENCY_COOKIE, visitor_currency
from medhub.directory import photos, selectors
from medhub.directory.filters import InstitutionSearchFilter, PartnerFilter
from medhub.directory.models import Organization
from medhub.directory.suggest import suggest_specialties

PAGE_SIZE = 12


def _render(request, template, context, status=200):
    currency = visitor_currency(request)
    response = render(request, template, context, status=status)
    if request.GET.get("currency", "").upper() == currency:
        response.set_cookie(CURRENCY_COOKIE, currency, max_age=60 * 60 * 24 * 365, samesite="Lax")
    return response


def _choices():
    specialty_choices = [(s.code, pick(s.name)) for s in selectors.specialties()]
    district_choices = [(d.code, pick(d.name)) for d in selectors.districts()]
    return specialty_choices, district_choices


@require_GET
def home(request):
    specialty_list = list(selectors.specialties())
    specialty_choices = [(s.code, pick(s.name)) for s in specialty_list]
    district_choices = [(d.code, pick(d.name)) for d in selectors.districts()]
    search = InstitutionSearchFilter(specialty_choices=specialty_choices, district_choices=district_choices)
    return _render(request, "directory/home.html", {"form": search.form, "specialties": specialty_list})


@require_GET
@throttle.limit("search")
def search(request):
    specialty_choices, district_choices = _choices()
    search = InstitutionSearchFilter(request.GET or None, specialty_choices=specialty_choices, district_choices=district_choices)
    context = {"form": search.form, "active_filters": search.active_count()}
    if search.is_bound and not search.is_valid():
        return _render(request, "directory/search.html", context, status=400)
    language = translation.get_language()
    result = selectors.search_institutions(search.criteria(language))
    raw_number = request.GET.get("page", "1")
    number = int(raw_number) if raw_number.isdigit() and int(raw_number) > 0 else 1
    page = selectors.ranked_page(result, number=number, size=PAGE_SIZE)
    if not page.pairs and page.total:
        # Past the last page (an old link): show the last one instead of nothing.
        page = selectors.ranked_page(result, number=page.num_pages, size=PAGE_SIZE)
    institutions = selectors.institutions_for_page(page.pairs, result, language)
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        {
            "page": page,
            "institutions": institutions,
            "result": result,
            "query_string": query.urlencode(),
            "suggested": selectors.specialties()[:8] if not institutions else [],
        }
    )
    return _render(request, "directory/search.html", context)


@require_GET
def institution_detail(request, slug):
    inst = selectors.institution_detail(slug)
    if inst is None:
        raise Http404
    selectors.attach_card_details([inst])
    context = {
        "inst": inst,
        "partners": selectors.partners_near(inst),
        "registration_valid": inst.registration_valid(),
        "insurance_valid": inst.insurance_valid(),
    }
    return _render(request, "directory/institution_detail.html", context)


@require_GET
def offering_detail(request, slug):
    offering = selectors.offering_detail(slug)
    if offering is None:
        raise Http404
    others = selectors.similar_offerings(offering)
    return _render(request, "directory/offering_detail.html", {"offering": offering, "others": others})


@require_GET
def specialty_list(request):
    return _render(request, "directory/specialty_list.html", {"specialties": selectors.specialties()})


@require_GET
def specialty_detail(request, code):
    specialty = selectors.specialties().filter(code=code).first()
    if specialty is None:
        raise Http404
    criteria = selectors.SearchCriteria(specialty=code, visitor_language=translation.get_language())
    result = selectors.search_institutions(criteria)
    page = selectors.ranked_page(result, number=1, size=PAGE_SIZE)
    institutions = selectors.institutions_for_page(page.pairs, result, translation.get_language())
    offerings = list(selectors.offerings(specialty_id=specialty.id)[:8])
    return _render(
        request,
        "directory/specialty_detail.html",
        {"specialty": specialty, "institutions": institutions, "offerings": offerings, "result": result},
    )


@require_GET
def partner_list(request):
    # An unknown kind (an old link) shows every partner rather than an error.
    partners_filter = PartnerFilter(request.GET, queryset=selectors.partner_services())
    valid = partners_filter.is_valid()
    kind = partners_filter.form.cleaned_data.get("kind", "") if valid else ""
    partners = list(partners_filter.qs if valid else selectors.partner_services())
    kinds = [(k.value, k.label) for k in Organization.PARTNER_KINDS]
    return _render(request, "directory/partner_list.html", {"partners": partners, "kind": kind, "kinds": kinds})


@require_POST
@throttle.limit("search", methods=("POST",))
def specialty_suggest(request):
    """The inquiry form's suggestion while the patient writes: ``text`` (POST, so that health
    words stay out of URLs and logs) → the specialties it sounds like, in the page's language."""
    language = translation.get_language()
    by_code = {s.code: s.id for s in selectors.specialty_by_id().values()}
    suggestions = suggest_specialties(request.POST.get("text", ""), language)
    return JsonResponse(
        {
            "suggestions": [
                {
                    "id": by_code.get(s.code),
                    "code": s.code,
                    "name": s.name,
                    "score": s.score,
                    "words": list(s.words),
                    "message": _("This sounds like: %(specialty)s") % {"specialty": s.name},
                }
                for s in suggestions
            ],
            "use": _("Use it"),
        }
    )


@require_GET
def photo_file(request, name):
    """A public copy of a photo. Names carry a random key, so a copy never changes: cached for a
    year. Only names of the copies' form are served, from the photo folder only."""
    match = photos.PUBLIC_NAME.match(name)
    if match is None:
        raise Http404
    path = photos.public_root() / name
    if not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type="image/webp" if match["ext"] == "webp" else "image/jpeg")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response
