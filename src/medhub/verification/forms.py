"""The renewal form (parsing only: the rules are the service's)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from medhub.directory.models import Accreditation
from medhub.verification.models import Item


class RenewalForm(forms.Form):
    item = forms.ChoiceField(label=_("What you renew"), choices=Item.choices)
    expires_on = forms.DateField(
        label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"}), help_text=_("As printed on the certificate.")
    )
    cover_krw = forms.IntegerField(
        label=_("Annual cover (KRW)"),
        required=False,
        min_value=1,
        max_value=10**15,
        help_text=_("For a malpractice insurance only."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    body = forms.ChoiceField(
        label=_("Accrediting body"),
        required=False,
        choices=[("", "—"), *Accreditation.Body.choices],
        help_text=_("For an accreditation only."),
    )
    certificate_number = forms.CharField(label=_("Certificate number"), required=False, max_length=60)
    upload = forms.FileField(label=_("Renewed certificate (PDF, JPEG or PNG)"))

    def __init__(self, *args, institution: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not institution:
            # Agencies and partner services renew their registration only.
            self.fields["item"].choices = [(Item.REGISTRATION.value, Item.REGISTRATION.label)]
            for name in ("cover_krw", "body"):
                del self.fields[name]


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
