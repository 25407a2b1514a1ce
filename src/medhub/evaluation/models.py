"""The yearly partner evaluation and the awards of Partners Day.

A round (one per year) holds the criteria with their weights, the figures computed from medhub's
own data for that year (a snapshot, each with its source), the committee's scores, and the ranked
results per kind of partner. Awards name a winner with a citation and have a certificate in Korean
and English. Only ``services`` changes these rows (docs/evaluation.md, decision 0027)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from medhub.core.i18n import TranslatedField


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCORING = "scoring", _("Scoring")
    PUBLISHED = "published", _("Published")


class PartnerGroup(models.TextChoices):
    """The kinds of partner ranked separately: a clinic is compared with clinics and hospitals,
    an agency with agencies, a hotel with the other tourism services."""

    INSTITUTIONS = "institutions", _("Medical institutions")
    AGENCIES = "agencies", _("Attraction agencies")
    TOURISM = "tourism", _("Tourism services")


class Metric(models.TextChoices):
    """What a criterion measures. Each but the committee's score is computed from medhub's data."""

    PATIENTS = "patients", _("Foreign patients attracted through the hub")
    ANSWER_TIME = "answer_time", _("Median time to answer a shared case")
    QUOTE_ACCEPTANCE = "quote_acceptance", _("Quote acceptance rate")
    FEEDBACK = "feedback", _("Patient feedback")
    COMPLAINTS = "complaints", _("Complaints upheld")
    ATTENDANCE = "attendance", _("Council and training attendance")
    COMMITTEE = "committee", _("Committee score")


class Round(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(_("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)
    computed_at = models.DateTimeField(_("figures computed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class Criterion(models.Model):
    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="criteria")
    metric = models.CharField(_("measures"), max_length=30, choices=Metric.choices)
    weight = models.PositiveSmallIntegerField(_("weight"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["round_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "metric"], name="evaluation_criterion_once")]

    def __str__(self) -> str:
        return f"{self.round} · {self.get_metric_display()}"


class Figure(models.Model):
    """One partner's figure for one criterion, as computed (or, for the committee's criterion,
    as entered), with its source and its score on 0–100 within the partner's kind. ``value`` is
    empty when the criterion does not apply or nothing happened to measure."""

    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="figures")
    organization = models.ForeignKey(
        "directory.Organization", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="evaluation_figures"
    )
    value = models.DecimalField(_("figure"), max_digits=12, decimal_places=2, null=True, blank=True)
    source = models.JSONField(_("source"), default=dict, blank=True)
    score = models.DecimalField(_("score (0–100)"), max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["criterion_id", "organization_id"]
        constraints = [models.UniqueConstraint(fields=["criterion", "organization"], name="evaluation_figure_once")]

    def __str__(self) -> str:
        return f"{self.criterion} · {self.organization_id}"


class CommitteeScore(models.Model):
    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="committee_scores")
    organization = models.ForeignKey(
        "directory.Organization", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("committee score (0–100)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered"), auto_now=True)

    class Meta:
        verbose_name = _("committee score")
        verbose_name_plural = _("committee scores")
        constraints = [
            models.UniqueConstraint(fields=["round", "organization"], name="evaluation_committee_score_once"),
            models.CheckConstraint(condition=models.Q(score__lte=100), name="evaluation_committee_score_max"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.organization_id} · {self.score}"


class Result(models.Model):
    """One partner's weighted total and rank within its kind, from the latest computation."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="results")
    organization = models.ForeignKey(
        "directory.Organization", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="evaluation_results"
    )
    group = models.CharField(_("kind of partner"), max_length=20, choices=PartnerGroup.choices)
    total = models.DecimalField(_("weighted total"), max_digits=5, decimal_places=1)
    rank = models.PositiveIntegerField(_("rank"))

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["round_id", "group", "rank", "organization_id"]
        constraints = [models.UniqueConstraint(fields=["round", "organization"], name="evaluation_result_once")]

    def __str__(self) -> str:
        return f"{self.round} · {self.group} #{self.rank}"


class AwardCategory(models.TextChoices):
    PARTNER_OF_THE_YEAR = "partner_of_the_year", _("Partner of the year")
    EXCELLENCE = "excellence", _("Excellence")
    HOSPITALITY = "hospitality", _("Hospitality")
    COOPERATION = "cooperation", _("Cooperation")
    SPECIAL = "special", _("Special contribution")


class Award(models.Model):
    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="awards")
    name = TranslatedField(verbose_name=_("name of the award"))
    category = models.CharField(_("category"), max_length=30, choices=AwardCategory.choices)
    winner = models.ForeignKey(
        "directory.Organization", verbose_name=_("winner"), on_delete=models.CASCADE, related_name="evaluation_awards"
    )
    citation = TranslatedField(verbose_name=_("citation"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["round_id", "order", "id"]

    def __str__(self) -> str:
        return f"{self.round} · {self.category} · {self.winner_id}"

    @property
    def number(self) -> str:
        return f"AW-{self.round.year}-{self.pk:03d}"
