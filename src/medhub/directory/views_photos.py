"""The institution's photos, from the staff's workspace (decision 0018): an institution's staff
see the photos of their institution, its offerings and its doctors, add one (checked by content,
alt text per language) and remove one (confirmed on a second page). The page parses and
authorizes (``permissions.may_manage_photos``); ``services.photo_add``/``photo_remove`` do the work."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from medhub.accounts import permissions
from medhub.core.confirm import confirm_page, confirmed
from medhub.core.forms import form_errors
from medhub.core.i18n import LANGUAGE_CODES, pick
from medhub.directory import services
from medhub.directory.models import Offering, Organization, Photo, Practitioner

MAX_ALT = 300


def alt_languages(language: str) -> list[str]:
    """The languages whose alt text is asked for first and required: the staff member's language
    and English (the alt text every reader can fall back on)."""
    codes = [language if language in LANGUAGE_CODES else "en", "en"]
    return list(dict.fromkeys(codes))


class PhotoUploadForm(forms.Form):
    """A photo and its alt text: required in ``languages`` (the staff's and English), optional
    in each other language of the hub, so that every reader hears a description in their own."""

    target = forms.ChoiceField(label=gettext_lazy("Photo of"))
    upload = forms.FileField(
        label=gettext_lazy("Photo file"),
        help_text=gettext_lazy("JPEG, PNG or WebP. Resized copies are made for phones and large screens."),
    )

    def __init__(self, *args, targets, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = targets
        self.required_languages = list(languages)
        self.other_languages = [code for code in LANGUAGE_CODES if code not in self.required_languages]
        for code in [*self.required_languages, *self.other_languages]:
            info = translation.get_language_info(code)
            label = _("Description for people who cannot see the photo (%(language)s)") % {"language": info["name_local"]}
            field = forms.CharField(label=label, max_length=MAX_ALT, required=code in self.required_languages)
            field.widget.attrs.update({"lang": code, "dir": "rtl" if info["bidi"] else "ltr"})
            self.fields[f"alt_{code}"] = field
        self.fields["upload"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"

    def main_fields(self) -> list:
        """The photo, its target and the required alt texts: shown open."""
        others = {f"alt_{code}" for code in self.other_languages}
        return [field for field in self if field.name not in others]

    def other_alt_fields(self) -> list:
        """The alt texts of the hub's other languages: folded away unless one is filled or wrong."""
        return [self[f"alt_{code}"] for code in self.other_languages]

    def others_open(self) -> bool:
        return any(field.errors or (field.value() or "").strip() for field in self.other_alt_fields())

    def alt(self) -> dict:
        return {name[4:]: value.strip() for name, value in self.cleaned_data.items() if name.startswith("alt_") and value.strip()}


def _institution(request) -> Organization:
    """The institution whose photos the page manages: one the user works in (``?institution=``
    picks among several). Anyone else is refused."""
    own = sorted(permissions.institution_ids(request.user))
    permissions.require(bool(own))
    slug = request.GET.get("institution") or request.POST.get("institution") or ""
    institutions = Organization.objects.filter(pk__in=own, kind=Organization.Kind.INSTITUTION)
    institution = institutions.filter(slug=slug).first() if slug else institutions.order_by("pk").first()
    if institution is None:
        raise Http404
    permissions.require(permissions.may_manage_photos(request.user, institution.pk))
    return institution


def _targets(institution: Organization) -> dict[str, object]:
    """Everything of the institution a photo can show, by the value the form posts."""
    found: dict[str, object] = {f"organization-{institution.pk}": institution}
    for offering in Offering.objects.filter(organization=institution).order_by("pk"):
        found[f"offering-{offering.pk}"] = offering
    for practitioner in Practitioner.objects.filter(organization=institution).order_by("pk"):
        found[f"practitioner-{practitioner.pk}"] = practitioner
    return found


def _label(target) -> str:
    if isinstance(target, Organization):
        return _("The institution: %(name)s") % {"name": pick(target.name)}
    if isinstance(target, Offering):
        return _("Treatment: %(name)s") % {"name": pick(target.name)}
    return _("Doctor: %(name)s") % {"name": pick(target.name)}


def _photos_of(institution: Organization):
    return (
        Photo.objects.filter(organization=institution)
        | Photo.objects.filter(offering__organization=institution)
        | Photo.objects.filter(practitioner__organization=institution)
    )


def _groups(targets: dict) -> list[tuple[str, str, list]]:
    by_target: dict[str, list] = {key: [] for key in targets}
    institution = next(iter(targets.values()))
    for p in _photos_of(institution).order_by("position", "pk"):
        key = (
            f"organization-{p.organization_id}"
            if p.organization_id
            else f"offering-{p.offering_id}"
            if p.offering_id
            else f"practitioner-{p.practitioner_id}"
        )
        if key in by_target:
            by_target[key].append(p)
    return [(key, _label(target), by_target[key]) for key, target in targets.items()]


@login_required
@require_http_methods(["GET", "POST"])
def work_photos(request):
    institution = _institution(request)
    targets = _targets(institution)
    here = reverse("work-photos")
    if len(permissions.institution_ids(request.user)) > 1:
        here = f"{here}?institution={institution.slug}"
    languages = alt_languages(translation.get_language())
    choices = [(key, _label(target)) for key, target in targets.items()]
    form = PhotoUploadForm(targets=choices, languages=languages)
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "remove":
            pk = request.POST.get("photo", "")
            photo = _photos_of(institution).filter(pk=int(pk)).first() if pk.isdigit() else None
            if photo is None:
                raise Http404
            if not confirmed(request):
                return confirm_page(
                    request,
                    title=_("Remove this photo?"),
                    consequence=_("The photo disappears from the public pages at once. This cannot be undone."),
                    button=_("Yes, remove the photo"),
                    back=here,
                    fields=request.POST,
                    danger=True,
                )
            services.photo_remove(photo=photo, actor=request.user)
            return redirect(here)
        if action != "add":
            raise Http404
        form = PhotoUploadForm(request.POST, request.FILES, targets=choices, languages=languages)
        if form.is_valid():
            try:
                services.photo_add(
                    target=targets[form.cleaned_data["target"]],
                    upload=form.cleaned_data["upload"],
                    alt=form.alt(),
                    actor=request.user,
                )
                return redirect(here)
            except ValidationError as exc:
                error = " ".join(exc.messages)
        else:
            error = form_errors(form)
    context = {
        "institution": institution,
        "groups": _groups(targets),
        "form": form,
        "error": error,
        "several": len(permissions.institution_ids(request.user)) > 1,
    }
    return render(request, "directory/work_photos.html", context, status=400 if error else 200)
