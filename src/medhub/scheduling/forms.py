from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from medhub.scheduling.models import AppointmentKind
from medhub.scheduling.services import MAX_WEEKS


class SlotForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("First slot starts (Korean time)"), widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.IntegerField(label=_("Minutes per slot"), min_value=10, max_value=480, initial=30)
    count = forms.IntegerField(label=_("Number of slots"), min_value=1, max_value=24, initial=4)
    kind = forms.ChoiceField(label=_("Kind"), choices=AppointmentKind.choices)
    weeks = forms.IntegerField(
        label=_("Repeat every week, for how many weeks"),
        min_value=1,
        max_value=MAX_WEEKS,
        initial=1,
        required=False,
        help_text=_("1 publishes this day only."),
    )
    until = forms.DateField(
        label=_("Or repeat every week until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to use the number of weeks."),
    )

    def clean_weeks(self):
        return self.cleaned_data.get("weeks") or 1


class SlotCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the patient is told)"), max_length=300, widget=forms.Textarea(attrs={"rows": 3, "maxlength": 300})
    )


class ConsultNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Consult note for the patient"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": 10_000, "dir": "auto"}),
        help_text=_("What was found, what was done or advised, medication, and what happens next."),
    )
    language = forms.ChoiceField(
        label=_("Written in"),
        choices=settings.LANGUAGES,
        help_text=_("The patient can have it machine-translated; your original is what counts."),
    )
