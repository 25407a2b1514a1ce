"""Forms of the travel pages. They parse; the services decide."""

import zoneinfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medhub.core.countries import country_choices
from medhub.core.forms import TranslatedFormField
from medhub.core.names import clean_latin_name, clean_name
from medhub.travel.models import Entries, Pickup, Traveller, VisaApplication, VisaType

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TripForm(forms.Form):
    arrival_date = forms.DateField(label=_("Arrival"), widget=DATE)
    departure_date = forms.DateField(label=_("Departure"), widget=DATE)
    treatment = forms.CharField(label=_("Planned treatment"), max_length=300)


class VisaForm(forms.Form):
    visa_type = forms.ChoiceField(label=_("Visa type"), choices=[("", _("As suggested")), *VisaType.choices], required=False)
    entries = forms.ChoiceField(label=_("Entries"), choices=[("", _("As allowed")), *Entries.choices], required=False)


class VisaStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=VisaApplication.Status.choices)
    on = forms.DateField(label=_("Date"), widget=DATE, required=False)
    reason = forms.CharField(label=_("Reason for refusal"), max_length=300, required=False)


class TravellerForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Traveller.Role.choices, initial=Traveller.Role.COMPANION)
    relationship = forms.CharField(label=_("Relationship to the patient"), max_length=60, required=False)
    name_native = forms.CharField(label=_("Name in its own script"), max_length=200)
    name_latin = forms.CharField(label=_("Name in Latin letters (as in the passport)"), max_length=200)
    nationality = forms.ChoiceField(label=_("Nationality"))
    passport_number = forms.CharField(label=_("Passport number"), max_length=30)
    birth_date = forms.DateField(label=_("Date of birth"), widget=DATE)

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = country_choices(language)

    # The service applies the same rules; here the error shows at its field.
    def clean_name_native(self):
        return clean_name(self.cleaned_data["name_native"])

    def clean_name_latin(self):
        return clean_latin_name(self.cleaned_data["name_latin"])


class StaySearchForm(forms.Form):
    check_in = forms.DateField(label=_("Check-in"), widget=DATE)
    check_out = forms.DateField(label=_("Check-out"), widget=DATE)
    guests = forms.IntegerField(label=_("Guests"), min_value=1, max_value=12, initial=1)

    def clean(self):
        data = super().clean()
        if data.get("check_in") and data.get("check_out") and data["check_out"] <= data["check_in"]:
            self.add_error("check_out", _("The check-out must come after the check-in."))
        return data


class StayBookForm(StaySearchForm):
    room = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note for the hotel"), max_length=300, required=False)


class PickupForm(forms.Form):
    company = forms.TypedChoiceField(label=_("Transport company"), coerce=int)
    direction = forms.ChoiceField(label=_("Direction"), choices=Pickup.Direction.choices)
    flight = forms.CharField(label=_("Flight"), max_length=12)
    airport = forms.CharField(label=_("Airport"), max_length=80, initial="Incheon International Airport (ICN)")
    pickup_at = forms.DateTimeField(
        label=_("Pickup time (Korean time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    destination = forms.CharField(label=_("To / from"), max_length=200)
    passengers = forms.IntegerField(label=_("Passengers"), min_value=1, max_value=12, initial=1)

    def __init__(self, *args, companies, **kwargs):
        from medhub.core.i18n import pick

        super().__init__(*args, **kwargs)
        self.fields["company"].choices = [(c.id, pick(c.name)) for c in companies]

    def clean_pickup_at(self):
        value = self.cleaned_data["pickup_at"]
        # The form's time is Korean time whatever the coordinator's browser says.
        if timezone.is_naive(value):
            value = value.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
        else:
            value = timezone.make_naive(value, zoneinfo.ZoneInfo(settings.TIME_ZONE)).replace(
                tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
            )
        return value


class PickupAnswerForm(forms.Form):
    driver_name = forms.CharField(label=_("Driver"), max_length=100, required=False)
    driver_phone = forms.CharField(label=_("Driver's phone"), max_length=40, required=False)
    vehicle = forms.CharField(label=_("Vehicle"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class AnswerForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class RoomForm(forms.Form):
    name = TranslatedFormField(label=_("Room"))
    capacity = forms.IntegerField(label=_("Guests"), min_value=1, max_value=12, initial=2)
    rooms_available = forms.IntegerField(label=_("Rooms of this type"), min_value=1, max_value=500, initial=1)
    rack_rate_krw = forms.IntegerField(label=_("Usual rate per night (KRW)"), min_value=0, max_value=100_000_000)
    medical_rate_krw = forms.IntegerField(label=_("Medical-tourist rate per night (KRW)"), min_value=0, max_value=100_000_000)
    is_active = forms.BooleanField(label=_("Offered"), required=False, initial=True)
