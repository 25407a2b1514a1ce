"""Forms of the case pages. Every label and error is translated."""

import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from medhub.cases.models import Messenger
from medhub.cases.rules import CURRENCIES, check_contact, check_desired_dates
from medhub.cases.uploads import check_uploads
from medhub.core.countries import country_choices
from medhub.core.names import clean_name
from medhub.directory.models import Offering, Organization, Specialty

YES_NO = [("no", _("No")), ("yes", _("Yes"))]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class InquiryForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=200)
    contact_email = forms.EmailField(label=_("Email"))
    messenger = forms.ChoiceField(label=_("Messenger (optional)"), choices=[("", "—"), *Messenger.choices], required=False)
    messenger_handle = forms.CharField(label=_("Messenger ID or number"), max_length=100, required=False)
    nationality = forms.ChoiceField(label=_("Nationality"))
    residence_country = forms.ChoiceField(label=_("Country where you live"))
    preferred_language = forms.ChoiceField(label=_("Language for our answers"))
    time_zone = forms.ChoiceField(label=_("Your time zone"))
    problem = forms.CharField(
        label=_("What do you need help with?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("Write in any language: your symptoms or the treatment you are thinking of."),
    )
    specialty = forms.ModelChoiceField(label=_("Specialty (if you know it)"), queryset=Specialty.objects.all(), required=False)
    # "Ask for a quote" on an institution, an offering or a search result: what the patient
    # asked about, by slug (the querysets, set below, hold only what the public may see).
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Organization.objects.none(),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
    )
    offering = forms.ModelChoiceField(
        label=_("Offering"), queryset=Offering.objects.none(), to_field_name="slug", required=False, widget=forms.HiddenInput
    )
    desired_from = forms.DateField(
        label=_("Earliest date you could come"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    desired_to = forms.DateField(label=_("Latest date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    budget_amount = forms.IntegerField(
        label=_("Budget (optional)"), min_value=0, required=False, validators=[MaxValueValidator(10**12)]
    )
    budget_currency = forms.ChoiceField(label=_("Currency"), choices=[("", "—"), *[(c, c) for c in CURRENCIES]], required=False)
    companions = forms.IntegerField(label=_("People coming with you"), min_value=0, max_value=10, initial=0, required=False)
    nhi_member = forms.ChoiceField(
        label=_("Are you enrolled in Korea's National Health Insurance (or a dependant of someone who is)?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    resident_in_korea = forms.ChoiceField(
        label=_("Do you live in Korea as a registered foreign resident or overseas Korean with a residence report?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    documents = MultipleFileField(
        label=_("Medical documents (optional)"),
        required=False,
        help_text=_("PDF, JPEG or PNG, up to 5 files of 10 MB each."),
    )
    consent_health = forms.BooleanField(
        label=_("I agree that the hub processes the health information I send to find care for me.")
    )
    consent_transfer = forms.BooleanField(label=_("I agree that my information is sent to and from Korea for this purpose."))
    # A field people never see: software that fills every field gives itself away.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args, language: str, hub_languages: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        countries = [("", "—"), *country_choices(language)]
        self.fields["nationality"].choices = countries
        self.fields["residence_country"].choices = countries
        self.fields["preferred_language"].choices = hub_languages
        self.fields["preferred_language"].initial = language
        zones = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})
        self.fields["time_zone"].choices = [(z, z) for z in zones]
        self.fields["time_zone"].initial = "Asia/Seoul"
        self.fields["specialty"].label_from_instance = lambda s: str(s)
        from medhub.directory import selectors

        self.fields["institution"].queryset = selectors.published_institutions()
        self.fields["offering"].queryset = selectors.offerings()

    @staticmethod
    def initial_from_query(query) -> dict:
        """What "Ask for a quote" carries in the URL (``?institution=…&offering=…&specialty=…``),
        checked: only a published institution or offering and a known specialty are kept, an
        offering brings its institution and specialty, and anything else is left out."""
        from medhub.directory import selectors

        initial = {}
        code, institution, offering = (str(query.get(name, ""))[:100] for name in ("specialty", "institution", "offering"))
        if offering and (found := selectors.offerings().filter(slug=offering).first()):
            initial.update(offering=found.slug, institution=found.organization.slug, specialty=found.specialty_id)
        elif institution and (found := selectors.published_institutions().filter(slug=institution).first()):
            initial["institution"] = found.slug
        if code and "specialty" not in initial and (specialty := Specialty.objects.filter(code=code).first()):
            initial["specialty"] = specialty.pk
        return initial

    def asked_about(self) -> dict:
        """The institution and offering the inquiry is about, for the page to name them."""
        if self.is_bound and hasattr(self, "cleaned_data"):
            return {"institution": self.cleaned_data.get("institution"), "offering": self.cleaned_data.get("offering")}
        source = self.data if self.is_bound else self.initial
        found = {}
        for name in ("institution", "offering"):
            slug = str(source.get(name) or "")[:100]
            found[name] = self.fields[name].queryset.filter(slug=slug).first() if slug else None
        return found

    def clean_full_name(self):
        # The same rule as the service, here so that the error shows at the field.
        return clean_name(self.cleaned_data["full_name"])

    def clean_documents(self):
        return check_uploads(self.cleaned_data.get("documents") or [])

    def clean(self):
        # The dates are the service's rule, asked here too so that every error shows at once.
        data = super().clean()
        try:
            check_desired_dates(data.get("desired_from"), data.get("desired_to"))
        except ValidationError as error:
            self.add_error(None, error)
        try:
            check_contact(data.get("messenger") or "", data.get("messenger_handle") or "")
        except ValidationError as error:
            self.add_error(None, error)
        if data.get("budget_amount") and not data.get("budget_currency"):
            self.add_error("budget_currency", _("Choose the currency of your budget."))
        offering = data.get("offering")
        if offering is not None:
            if data.get("institution") is None:
                data["institution"] = offering.organization
            elif data["institution"].pk != offering.organization_id:
                self.add_error(None, _("The offering you asked about belongs to another institution."))
            if data.get("specialty") is None:
                data["specialty"] = offering.specialty
        return data

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class TriageForm(forms.Form):
    specialty = forms.ModelChoiceField(label=_("Specialty"), queryset=Specialty.objects.all())


class TransitionForm(forms.Form):
    to_state = forms.CharField(widget=forms.HiddenInput)


class QuoteForm(forms.Form):
    plan = forms.CharField(label=_("Treatment plan"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    items = forms.CharField(
        label=_("Items"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item per line: description | amount. For example: Consultation | 50000"),
        max_length=5000,
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=[(c, c) for c in CURRENCIES], initial="KRW")
    included = forms.CharField(label=_("Included"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)
    excluded = forms.CharField(label=_("Not included"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)
    valid_until = forms.DateField(label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"}))
    stay_days = forms.IntegerField(label=_("Expected stay (days)"), min_value=0, max_value=365, initial=0)
    recovery_days = forms.IntegerField(label=_("Recovery (days)"), min_value=0, max_value=365, initial=0)
    commission_percent = forms.DecimalField(
        label=_("Facilitator commission (%)"), min_value=0, max_value=100, decimal_places=2, required=False
    )

    def clean_items(self):
        items = []
        for number, line in enumerate(self.cleaned_data["items"].splitlines(), start=1):
            if not line.strip():
                continue
            label, sep, amount = line.rpartition("|")
            amount = amount.strip().replace(",", "")
            if not sep or not label.strip() or not amount.isdigit():
                raise forms.ValidationError(
                    _("Line %(number)d: write a description, a | and an amount in whole units.") % {"number": number}
                )
            items.append((label.strip()[:200], int(amount)))
        if not items:
            raise forms.ValidationError(_("Add at least one item."))
        return items

    @staticmethod
    def initial_from(version) -> dict:
        if version is None:
            return {}
        return {
            "plan": version.plan,
            "items": "\n".join(f"{item['label']} | {item['amount']}" for item in version.items),
            "currency": version.currency,
            "included": version.included,
            "excluded": version.excluded,
            "valid_until": version.valid_until,
            "stay_days": version.stay_days,
            "recovery_days": version.recovery_days,
            "commission_percent": version.commission_percent,
        }


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    attachments = MultipleFileField(
        label=_("Attachments (optional)"), required=False, help_text=_("PDF, JPEG or PNG, up to 5 files of 10 MB each.")
    )

    def clean_attachments(self):
        return check_uploads(self.cleaned_data.get("attachments") or [])


class DeletionRequestForm(forms.Form):
    note = forms.CharField(
        label=_("Anything we should know (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account will be closed and my cases can no longer be followed here."), required=True
    )


class DeletionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve: erase the personal data now")), ("refuse", _("Refuse, with a reason"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for refusing (sent to the patient)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
