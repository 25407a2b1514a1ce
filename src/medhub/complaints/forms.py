"""Forms of the complaint pages. Every label and error is translated; the rules themselves are
the services' (the API calls the same ones)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from medhub.cases.forms import MultipleFileField
from medhub.cases.uploads import check_uploads
from medhub.complaints.models import ComplaintCategory, ComplaintSubject
from medhub.complaints.services import HUB_OUTCOMES, NOTE_MAX_LENGTH, TEXT_MAX_LENGTH
from medhub.core.i18n import pick
from medhub.directory.models import Organization


def organization_choices_queryset():
    """Every organization in the directory, published or not, held by the registry or not: a
    complaint is about what happened, and a clinic that has since closed is still answerable."""
    return Organization.objects.only("id", "slug", "kind", "name").order_by("kind", "slug")


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{pick(obj.name)} · {obj.get_kind_display()}"


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.reference} · {obj.get_state_display()}"


class ComplaintForm(forms.Form):
    subject = forms.ChoiceField(
        label=_("Who is the complaint about?"), choices=ComplaintSubject.choices, widget=forms.RadioSelect
    )
    organization = OrganizationChoiceField(
        label=_("Institution, agency or service"),
        queryset=Organization.objects.none(),
        to_field_name="slug",
        required=False,
        help_text=_("Choose it when the complaint is about an organization in the directory."),
    )
    category = forms.ChoiceField(label=_("What is the complaint about?"), choices=[("", "—"), *ComplaintCategory.choices])
    broker_details = forms.CharField(
        label=_("The broker"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For illegal brokering: the name, phone number, website or social-media account of the person or business."),
    )
    case = CaseChoiceField(
        label=_("Your case (if the complaint is about one)"), queryset=None, to_field_name="reference", required=False
    )
    text = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=TEXT_MAX_LENGTH,
        help_text=_("Write in your own language: what happened, when, and what you would like the outcome to be."),
    )
    documents = MultipleFileField(
        label=_("Documents (optional)"),
        required=False,
        help_text=_("Receipts, bills, messages or photos: PDF, JPEG or PNG, up to 5 files of 10 MB each."),
    )
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    # A field people never see: software that fills every field gives itself away.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organization_choices_queryset()
        signed_in = user is not None and user.is_authenticated
        if signed_in:
            from medhub.cases.models import Case

            self.fields["case"].queryset = Case.objects.filter(patient=user).order_by("-created_at")
            self.fields["name"].initial = user.get_full_name()
            self.fields["email"].initial = user.email
        else:
            from medhub.cases.models import Case

            self.fields["case"].queryset = Case.objects.none()
            del self.fields["case"]
            self.fields["name"].required = True
            self.fields["email"].required = True
            self.fields["email"].help_text = _("We send a link to confirm it; your complaint is handled once you follow it.")

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    @property
    def has_cases(self) -> bool:
        return "case" in self.fields and self.fields["case"].queryset.exists()

    def clean_documents(self):
        return check_uploads(self.cleaned_data.get("documents") or [])


class OutcomeForm(forms.Form):
    to_state = forms.ChoiceField(label=_("Outcome"), choices=[(s.value, s.label) for s in HUB_OUTCOMES])
    note = forms.CharField(
        label=_("What was decided and why"), widget=forms.Textarea(attrs={"rows": 3}), max_length=NOTE_MAX_LENGTH
    )


class ReferralForm(forms.Form):
    # Shown on the same page as the outcome form: ids of its own, so each label finds its field.
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "referral_%s")
        super().__init__(*args, **kwargs)

    referred_on = forms.DateField(label=_("Referred to K-medi on"), widget=forms.DateInput(attrs={"type": "date"}))
    kmedi_reference = forms.CharField(label=_("K-medi reference"), max_length=60, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=NOTE_MAX_LENGTH, required=False)


class KmediOutcomeForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "kmedi_%s")
        super().__init__(*args, **kwargs)

    kmedi_reference = forms.CharField(label=_("K-medi reference"), max_length=60, required=False)
    outcome = forms.CharField(
        label=_("K-medi outcome"), widget=forms.Textarea(attrs={"rows": 2}), max_length=NOTE_MAX_LENGTH, required=False
    )
    outcome_on = forms.DateField(label=_("Outcome date"), widget=forms.DateInput(attrs={"type": "date"}), required=False)


class BodyForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_MAX_LENGTH)


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("Why (optional)"), widget=forms.Textarea(attrs={"rows": 2}), max_length=NOTE_MAX_LENGTH, required=False
    )
