"""Forms of the registry pages: the upload and the list filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from medhub.directory.models import Organization
from medhub.registry.models import RegistryEntry


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Registry file"),
        help_text=_("The national registry as the public data portal publishes it: CSV (UTF-8 or CP949) or Excel (XLSX)."),
    )


class EntryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or address"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any status")), *RegistryEntry.Status.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind")), *RegistryEntry.Kind.choices])
    matched = forms.ChoiceField(
        label=_("In the directory"),
        required=False,
        choices=[("", _("Either")), ("yes", _("In the directory")), ("no", _("Not in the directory"))],
    )
    organization = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)


class ProspectFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind")), *RegistryEntry.Kind.choices])
    institution_class = forms.ChoiceField(
        label=_("Class"), required=False, choices=[("", _("Any class")), *Organization.InstitutionClass.choices]
    )
    district = forms.ChoiceField(label=_("District (시군구)"), required=False)

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("Any district")), *((d, d) for d in districts if d)]
