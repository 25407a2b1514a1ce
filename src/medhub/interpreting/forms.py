"""Forms of the interpretation pages. Every label and error is translated."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from medhub.directory.models import Organization
from medhub.interpreting.models import MAX_HOURS, Purpose, SubsidyProgram
from medhub.interpreting.services import program_check


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Interpreting language"), choices=settings.LANGUAGES)


class BookingForm(forms.Form):
    appointment = forms.TypedChoiceField(label=_("Appointment"), coerce=int)
    interpreter = forms.TypedChoiceField(label=_("Interpreter"), coerce=int)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, widget=forms.HiddenInput)
    minutes = forms.IntegerField(
        label=_("Length (minutes)"),
        min_value=10,
        max_value=24 * 60,
        required=False,
        help_text=_("Leave empty for the appointment's length; a surgery may need longer."),
    )

    def __init__(self, *args, appointments=(), interpreters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appointment"].choices = [(a.id, str(a.id)) for a in appointments]
        self.fields["interpreter"].choices = [(i.id, i.display_name) for i in interpreters]


class DeclineForm(forms.Form):
    booking = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class HoursForm(forms.Form):
    booking = forms.IntegerField(widget=forms.HiddenInput)
    hours = forms.DecimalField(
        label=_("Hours worked"), max_digits=5, decimal_places=2, min_value=Decimal("0.01"), max_value=MAX_HOURS
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=500, required=False)
    over_reason = forms.CharField(label=_("Reason for hours beyond the booking"), max_length=300, required=False)


class AvailabilityForm(forms.Form):
    """A window in which the interpreter can work, on one day, in Korean time."""

    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("From (Korean time)"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Until (Korean time)"), widget=forms.TimeInput(attrs={"type": "time"}))


class RejectForm(forms.Form):
    claim = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ProgramForm(forms.ModelForm):
    institutions = forms.ModelMultipleChoiceField(
        label=_("Qualifying institutions"),
        queryset=Organization.objects.filter(kind=Organization.Kind.INSTITUTION).order_by("slug"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SubsidyProgram
        fields = [
            "year",
            "name",
            "total_budget_krw",
            "cap_per_case_krw",
            "cap_per_hour_krw",
            "counts_consultation",
            "counts_surgery",
            "counts_teleconsult",
            "all_institutions",
            "institutions",
        ]

    def _post_clean(self):
        # The program's rules are the service's (program_check); asked here once the instance
        # holds the typed values, so that the page and the admin show them at the fields.
        super()._post_clean()
        try:
            program_check(program=self.instance, institutions=self.cleaned_data.get("institutions") or [])
        except ValidationError as error:
            self.add_error(None, error)
