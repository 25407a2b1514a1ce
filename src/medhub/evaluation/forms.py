"""The evaluation's forms: they parse; the rules are in services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medhub.core.i18n import pick
from medhub.directory.models import Organization
from medhub.evaluation.models import AwardCategory, Criterion


class OpenForm(forms.Form):
    year = forms.IntegerField(label=_("Year evaluated"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


class WeightsForm(forms.Form):
    """One weight field per criterion of the round."""

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"weight_{criterion.pk}"] = forms.IntegerField(
                label=criterion.get_metric_display(), min_value=0, max_value=100, initial=criterion.weight
            )

    def weights(self) -> list[tuple[Criterion, int]]:
        return [(c, self.cleaned_data[f"weight_{c.pk}"]) for c in self.criteria]


class CommitteeScoreForm(forms.Form):
    score = forms.IntegerField(label=_("Committee score (0–100)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class WinnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{pick(obj.name)} · {obj.get_kind_display()}"


class AwardForm(forms.Form):
    name_ko = forms.CharField(label=_("Name of the award (Korean)"), max_length=200)
    name_en = forms.CharField(label=_("Name of the award (English)"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=AwardCategory.choices)
    winner = WinnerField(label=_("Winner"), queryset=Organization.objects.none())
    citation_ko = forms.CharField(label=_("Citation (Korean)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    citation_en = forms.CharField(label=_("Citation (English)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["winner"].queryset = Organization.objects.filter(is_published=True).order_by("kind", "slug")

    def award_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": {"ko": data["name_ko"], "en": data["name_en"]},
            "category": data["category"],
            "citation": {"ko": data["citation_ko"], "en": data["citation_en"]},
            "winner_id": data["winner"].pk,
        }
