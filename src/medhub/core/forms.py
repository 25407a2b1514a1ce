"""Form pieces shared by every app: one input per supported language for translated fields."""

import json

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def form_errors(form) -> str:
    """Every error of a form in one line, for pages that show a single notice."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


class TranslatedWidget(forms.MultiWidget):
    """One text area per supported language; list values are edited one item per line."""

    template_name = "core/widgets/translated.html"

    def __init__(self, attrs=None):
        self.languages = list(settings.LANGUAGES)
        widgets = {code: forms.Textarea(attrs={"rows": 2, "lang": code, **(attrs or {})}) for code, _name in self.languages}
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                value = {}
        value = value or {}
        out = []
        for code, _name in self.languages:
            item = value.get(code, "")
            out.append("\n".join(item) if isinstance(item, list) else item)
        return out

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, (code, label) in zip(context["widget"]["subwidgets"], self.languages, strict=True):
            subwidget["language_code"] = code
            subwidget["language_name"] = label
        return context


class TranslatedFormField(forms.Field):
    widget = TranslatedWidget

    def __init__(self, *args, encoder=None, decoder=None, **kwargs):
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, dict):
            return {code: text for code, text in value.items() if text}
        if isinstance(value, list | tuple):
            codes = [code for code, _name in settings.LANGUAGES]
            return {code: text.strip() for code, text in zip(codes, value, strict=False) if text and text.strip()}
        if value in (None, ""):
            return {}
        raise ValidationError(_("Enter the text for at least one language."))

    def prepare_value(self, value):
        return value


class TranslatedListFormField(TranslatedFormField):
    """A translated list (such as what an offering includes): one item per line in each language."""

    def to_python(self, value):
        texts = super().to_python(value)
        return {code: [line.strip() for line in text.splitlines() if line.strip()] for code, text in texts.items()}
