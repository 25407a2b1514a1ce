"""The feedback pages' forms: they parse what was typed; the rules are in services.py."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from medhub.feedback.models import CRITERIA, HideReason, criterion_labels

STARS = [(str(n), str(n)) for n in range(1, 6)]


class FeedbackForm(forms.Form):
    paid_amount = forms.IntegerField(
        label=_("What you finally paid"),
        min_value=1,
        help_text=_("The total you paid the institution, as a whole number, for example 1650000."),
    )
    paid_currency = forms.CharField(label=_("Currency"), max_length=3, min_length=3)
    text = forms.CharField(
        label=_("Tell others about your treatment (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )
    language = forms.ChoiceField(label=_("Language you write in"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = criterion_labels()
        for criterion in reversed(CRITERIA):
            field = forms.TypedChoiceField(
                label=labels[criterion], choices=STARS, coerce=int, widget=forms.RadioSelect(attrs={"class": "stars"})
            )
            self.fields = {criterion: field, **self.fields}

    def ratings(self) -> dict:
        return {c: self.cleaned_data[c] for c in CRITERIA}


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Your institution's answer"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"})
    )
    language = forms.ChoiceField(label=_("Language of the answer"), choices=settings.LANGUAGES)


class HideForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why it is hidden"), choices=HideReason.choices)
    note = forms.CharField(label=_("Note (required for another reason)"), max_length=300, required=False)


class RestoreForm(forms.Form):
    note = forms.CharField(label=_("Why it is shown again"), max_length=300)
