from django import forms
from django.core.exceptions import ValidationError

from medhub.notifications import channels, rules
from medhub.notifications.models import Channel, Preference

ADDRESS_OF = {Channel.TELEGRAM: "telegram_chat_id", Channel.WHATSAPP: "whatsapp_number", Channel.LINE: "line_user_id"}


class PreferenceForm(forms.ModelForm):
    """Only the channels the hub configured are offered."""

    class Meta:
        model = Preference
        fields = ["email", "telegram", "telegram_chat_id", "whatsapp", "whatsapp_number", "line", "line_user_id"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for channel, field in ADDRESS_OF.items():
            if not channels.configured(channel):
                del self.fields[channel]
                del self.fields[field]
        if "whatsapp_number" in self.fields:
            self.fields["whatsapp_number"].widget.input_type = "tel"
            self.fields["whatsapp_number"].widget.attrs["autocomplete"] = "tel"

    def clean(self):
        data = super().clean()
        try:
            return rules.clean_choices(data)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
            return data
