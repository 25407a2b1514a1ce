"""Forms of the partner pages: they parse what was typed and check files by content; the rules
(what each kind must send) are the service's, asked here too so that every error shows at once.
The API reads the same application form, so both doors judge alike."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from medhub.core.forms import TranslatedFormField
from medhub.directory.models import District, Organization
from medhub.partners import services
from medhub.partners.models import REQUIRED_DOCUMENTS, Criterion, DocumentKind, Kind
from medhub.partners.uploads import check_document, check_documents

AMOUNT_MAX = 10**15  # won; more than any certificate states, less than the column holds
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The document fields of the form, by kind of document (the kinds that need each are in the label).
DOCUMENT_FIELDS = [
    DocumentKind.FOREIGN_PATIENT_REGISTRATION,
    DocumentKind.MALPRACTICE_INSURANCE,
    DocumentKind.AGENCY_REGISTRATION,
    DocumentKind.SURETY_INSURANCE,
    DocumentKind.BUSINESS_REGISTRATION,
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def _amount(label, help_text=""):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=AMOUNT_MAX,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class ApplicationForm(forms.Form):
    kind = forms.ChoiceField(label=_("We are a"), choices=Kind.choices, widget=forms.RadioSelect)
    institution_class = forms.ChoiceField(
        label=_("Class of the medical institution"),
        choices=[("", "—"), *Organization.InstitutionClass.choices],
        required=False,
        help_text=_("Medical institutions only."),
    )
    name = forms.CharField(label=_("Name of the organization"), max_length=200)
    name_ko = forms.CharField(label=_("Name in Korean (as registered)"), max_length=200, required=False)
    address = forms.CharField(label=_("Road address"), max_length=300)
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.all(), required=False, empty_label="—")
    phone = forms.CharField(label=_("Phone"), max_length=40, widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    email = forms.EmailField(label=_("Email of the organization"))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    registration_number = forms.CharField(
        label=_("Registration number"),
        max_length=40,
        required=False,
        help_text=_("Medical institutions and agencies: the number on the foreign-patient registration certificate."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=120)
    contact_email = forms.EmailField(
        label=_("Contact person's email"), help_text=_("We write to this address, and the staff account goes to it.")
    )
    contact_phone = forms.CharField(
        label=_("Contact person's phone"), max_length=40, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    contact_language = forms.ChoiceField(label=_("Language for our emails"), choices=settings.LANGUAGES)
    registration_date = forms.DateField(label=_("Registered on"), required=False, widget=DATE)
    insurance_cover_krw = _amount(_("Annual malpractice cover (KRW)"))
    insurance_expires = forms.DateField(label=_("Malpractice insurance ends on"), required=False, widget=DATE)
    surety_amount_krw = _amount(_("Surety insurance amount (KRW)"))
    surety_expires = forms.DateField(label=_("Surety insurance ends on"), required=False, widget=DATE)
    capital_krw = _amount(_("Capital (KRW)"))

    def __init__(self, *args, language: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if language and not self.is_bound:
            self.fields["contact_language"].initial = language
        for kind in DOCUMENT_FIELDS:
            self.fields[f"document_{kind}"] = forms.FileField(
                label=DocumentKind(kind).label,
                required=False,
                help_text=_("PDF, JPEG or PNG, up to %(mb)d MB.") % {"mb": settings.MEDHUB_UPLOAD_MAX_BYTES // (1024 * 1024)},
            )

    def document_field(self, kind):
        return self[f"document_{kind}"]

    def clean(self):
        data = super().clean()
        documents = []
        for kind in DOCUMENT_FIELDS:
            name = f"document_{kind}"
            upload = data.get(name)
            if not upload:
                continue
            try:
                documents.append((kind, check_document(upload)))
            except ValidationError as error:
                self.add_error(name, error)
        data["documents"] = documents
        if "kind" in data:
            try:
                services.check_application(data, documents)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    if field in self.fields and field not in self.errors:
                        self.add_error(field, messages)
                    elif field not in self.fields:
                        self.add_error(None, messages)
        return data


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 6}), required=False, max_length=services.MESSAGE_MAX
    )
    files = MultipleFileField(label=_("Files (optional)"), required=False, help_text=_("PDF, JPEG or PNG."))

    def clean_files(self):
        return check_documents(self.cleaned_data.get("files") or [])


class CriterionForm(forms.ModelForm):
    name = TranslatedFormField(label=_("Name"))

    class Meta:
        model = Criterion
        fields = ["name", "weight", "max_score", "active", "position"]


def kinds_needing(document_kind) -> list[str]:
    """The applicant kinds (values) that send ``document_kind``."""
    return [kind for kind, needed in REQUIRED_DOCUMENTS.items() if document_kind in needed]
