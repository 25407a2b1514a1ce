from django import forms
from django.utils.translation import gettext_lazy as _

from medhub.scheduling.models import AppointmentKind


class SlotForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("First slot starts (Korean time)"), widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.IntegerField(label=_("Minutes per slot"), min_value=10, max_value=480, initial=30)
    count = forms.IntegerField(label=_("Number of slots"), min_value=1, max_value=24, initial=4)
    kind = forms.ChoiceField(label=_("Kind"), choices=AppointmentKind.choices)
