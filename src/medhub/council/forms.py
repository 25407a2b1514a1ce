"""Forms of the council's pages (the API parses with serializers and calls the same services)."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from medhub.cases.uploads import check_upload
from medhub.core.forms import TranslatedFormField
from medhub.council.models import (
    ActionStatus,
    Answer,
    Audience,
    Committee,
    Division,
    Meeting,
    MeetingKind,
    Member,
    SeatRole,
    VoteChoice,
)
from medhub.directory.models import Organization


class MemberForm(forms.Form):
    person = forms.CharField(label=_("Person (username or email)"), max_length=254)
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), required=False, widget=forms.NumberInput
    )
    division = forms.ModelChoiceField(label=_("Division"), queryset=Division.objects.filter(active=True))
    role = forms.ChoiceField(label=_("Role in the division"), choices=SeatRole.choices, initial=SeatRole.MEMBER)
    title = forms.CharField(label=_("Position"), max_length=120, required=False)
    term_start = forms.DateField(label=_("Term starts"), widget=forms.DateInput(attrs={"type": "date"}))
    term_end = forms.DateField(label=_("Term ends"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    voting = forms.BooleanField(label=_("Votes and counts toward the quorum"), required=False, initial=True)
    committees = forms.ModelMultipleChoiceField(
        label=_("Committees"), queryset=Committee.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    chairs = forms.ModelMultipleChoiceField(
        label=_("Chairs these committees"), queryset=Committee.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, editing: Member | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.all()
        self.fields["organization"].help_text = _("The number of the organization in the directory.")
        self.editing = editing
        if editing is not None:
            del self.fields["person"]

    def clean_person(self):
        value = self.cleaned_data["person"].strip()
        user = (
            get_user_model().objects.filter(username=value).first()
            or get_user_model().objects.filter(email__iexact=value).first()
        )
        if user is None:
            raise forms.ValidationError(_("Nobody has this username or email address."))
        return user

    def seats(self):
        chairs = set(self.cleaned_data.get("chairs") or [])
        committees = set(self.cleaned_data.get("committees") or []) | chairs
        return [(c, SeatRole.CHAIR if c in chairs else SeatRole.MEMBER) for c in committees]


class ShareForm(forms.Form):
    share_email = forms.BooleanField(label=_("Show my email address to the other members"), required=False)
    share_phone = forms.BooleanField(label=_("Show my phone number to the other members"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "title", "division", "committee", "starts_at", "ends_at", "place", "video_url", "agenda", "quorum"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "agenda": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        self.fields["kind"].choices = MeetingKind.choices


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Will you come?"), choices=[c for c in Answer.choices if c[0]], widget=forms.RadioSelect)


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(label=_("Present"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, invitations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(i.member_id), i.member.display_name) for i in invitations]
        self.fields["present"].initial = [str(i.member_id) for i in invitations if i.present]


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=pgettext_lazy("meeting record", "Minutes"), widget=forms.Textarea(attrs={"rows": 10}))


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, voters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.voter_fields = []
        for member in voters:
            name = f"vote_{member.pk}"
            self.fields[name] = forms.ChoiceField(
                label=member.display_name, choices=[("", "—"), *VoteChoice.choices], required=False
            )
            self.voter_fields.append(name)

    def collected_votes(self) -> dict[int, str]:
        return {
            int(name.removeprefix("vote_")): self.cleaned_data[name] for name in self.voter_fields if self.cleaned_data.get(name)
        }


class ActionForm(forms.Form):
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int)
    title = forms.CharField(label=_("Action"), max_length=300)
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, invitations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [(i.member_id, i.member.display_name) for i in invitations]


class ActionStatusForm(forms.Form):
    to_state = forms.ChoiceField(choices=ActionStatus.choices)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Document (PDF, JPEG or PNG)"))

    def clean_file(self):
        return check_upload(self.cleaned_data["file"])


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason (told to the invited members)"), required=False, max_length=500)


class MediationForm(forms.Form):
    complaint = forms.CharField(label=_("Complaint reference"), max_length=20)
    note = forms.CharField(label=_("Why the committee takes it up"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RecommendationForm(forms.Form):
    recommendation = forms.CharField(label=_("The committee's recommendation"), widget=forms.Textarea(attrs={"rows": 6}))


class AnnouncementForm(forms.Form):
    audience = forms.ChoiceField(label=_("To"), choices=Audience.choices)
    division = forms.ModelChoiceField(label=_("Division"), queryset=Division.objects.filter(active=True), required=False)
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.all(), required=False)
    subject = TranslatedFormField(label=_("Subject (Korean required, other languages optional)"))
    body = TranslatedFormField(label=_("Text (Korean required, other languages optional)"))


def default_meeting_initial(kind: str, start) -> dict:
    start = timezone.localtime(start)
    return {"kind": kind, "starts_at": start, "ends_at": start + datetime.timedelta(hours=2)}


def find_person(value: str):
    value = value.strip()
    users = get_user_model().objects
    return users.filter(username=value).first() or users.filter(email__iexact=value).first()


class ParticipantForm(forms.Form):
    person = forms.CharField(label=_("Partner staff member (username or email)"), max_length=254)

    def clean_person(self):
        user = find_person(self.cleaned_data["person"])
        if user is None:
            raise forms.ValidationError(_("Nobody has this username or email address."))
        return user


class ParticipantAttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(label=_("Present"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, participants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(p.pk), p.display_name) for p in participants]
        self.fields["present"].initial = [str(p.pk) for p in participants if p.present]
