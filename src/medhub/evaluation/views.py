"""The evaluation's pages: the hub's rounds with their ranked tables, figures and sources,
committee scores and awards; the award certificate; the public Partners Day page. Views parse,
authorize through accounts.permissions and call evaluation.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medhub.accounts import permissions
from medhub.accounts.permissions import require
from medhub.core.confirm import confirm_page, confirmed
from medhub.core.views import private_download
from medhub.directory.models import Organization
from medhub.evaluation import certificates, forms, selectors, services
from medhub.evaluation.figures import group_of
from medhub.evaluation.models import Award, PartnerGroup, Round, RoundStatus
from medhub.evaluation.workflow import ROUND


def _errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _flash(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_rounds(request):
    require(permissions.may_score_evaluation(request.user))
    may_run = permissions.may_run_evaluation(request.user)
    form = forms.OpenForm(request.POST or None)
    if request.method == "POST":
        require(may_run)
        if form.is_valid():
            try:
                round_ = services.round_open(actor=request.user, year=form.cleaned_data["year"])
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, _("The evaluation is open as a draft: check the weights, then start scoring."))
                return redirect("evaluation-round", round_id=round_.pk)
        status = 400
    else:
        status = 200
    context = {"rounds": selectors.rounds(), "form": form, "may_run": may_run}
    return render(request, "evaluation/rounds.html", context, status=status)


def _group(request) -> str:
    group = request.GET.get("group", PartnerGroup.INSTITUTIONS)
    return group if group in PartnerGroup.values else PartnerGroup.INSTITUTIONS


@login_required
@require_GET
def evaluation_round(request, round_id):
    require(permissions.may_score_evaluation(request.user))
    round_ = get_object_or_404(Round, pk=round_id)
    group = _group(request)
    may_run = permissions.may_run_evaluation(request.user)
    criteria = selectors.criteria(round_)
    context = {
        "round": round_,
        "criteria": criteria,
        "total_weight": sum(c.weight for c in criteria),
        "group": group,
        "groups": PartnerGroup.choices,
        "lines": selectors.ranked(round_, group),
        "may_run": may_run,
        "next_states": ROUND.next_states(round_.status) if may_run else [],
        "weights_form": forms.WeightsForm(criteria=criteria) if may_run and round_.status != RoundStatus.PUBLISHED else None,
        "award_count": round_.awards.count(),
    }
    return render(request, "evaluation/round.html", context)


@login_required
@require_POST
def evaluation_move(request, round_id):
    require(permissions.may_run_evaluation(request.user))
    round_ = get_object_or_404(Round, pk=round_id)
    to_state = request.POST.get("to", "")
    if to_state == RoundStatus.PUBLISHED and round_.status == RoundStatus.SCORING and not confirmed(request):
        return confirm_page(
            request,
            title=_("Publish the evaluation of %(year)s?") % {"year": round_.year},
            consequence=_(
                "The ranking and the awards go on the public Partners Day page, and the figures, weights and awards "
                "can no longer change."
            ),
            told=_("The staff of each award's winner are told."),
            button=_("Publish"),
            back=reverse("evaluation-round", kwargs={"round_id": round_.pk}),
            fields=request.POST.dict(),
        )
    try:
        services.round_move(actor=request.user, round_id=round_.pk, to_state=to_state)
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("The evaluation is now “%(status)s”.") % {"status": ROUND.label(to_state)})
    return redirect("evaluation-round", round_id=round_.pk)


@login_required
@require_POST
def evaluation_compute(request, round_id):
    require(permissions.may_score_evaluation(request.user))
    round_ = get_object_or_404(Round, pk=round_id)
    try:
        services.round_compute(actor=request.user, round_id=round_.pk)
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("Figures recomputed from the data as it is now."))
    return redirect("evaluation-round", round_id=round_.pk)


@login_required
@require_POST
def evaluation_weights(request, round_id):
    require(permissions.may_run_evaluation(request.user))
    round_ = get_object_or_404(Round, pk=round_id)
    form = forms.WeightsForm(request.POST, criteria=selectors.criteria(round_))
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("evaluation-round", round_id=round_.pk)
    try:
        services.criteria_weigh(
            actor=request.user, round_id=round_.pk, weights={criterion.pk: weight for criterion, weight in form.weights()}
        )
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("Weights saved."))
    return redirect("evaluation-round", round_id=round_.pk)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_partner(request, round_id, organization_id):
    require(permissions.may_score_evaluation(request.user))
    round_ = get_object_or_404(Round, pk=round_id)
    organization = get_object_or_404(Organization, pk=organization_id)
    entered = round_.committee_scores.filter(organization=organization).first()
    form = forms.CommitteeScoreForm(
        request.POST or None, initial={"score": entered.score, "note": entered.note} if entered else None
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.committee_score_enter(
                    actor=request.user,
                    round_id=round_.pk,
                    organization_id=organization.pk,
                    score=form.cleaned_data["score"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, _("Committee score saved; the ranking is recomputed."))
                return redirect("evaluation-partner", round_id=round_.pk, organization_id=organization.pk)
        status = 400
    figures = selectors.partner_figures(round_, organization.pk)
    rows = [
        {
            "figure": f,
            "value": selectors.figure_text(f.criterion.metric, f.value),
            "source": selectors.source_text(f.criterion.metric, f.source),
            "links": selectors.source_links(f.criterion.metric, f.source),
            "more": f.source.get("more", 0),
        }
        for f in figures
    ]
    context = {
        "round": round_,
        "organization": organization,
        "group": group_of(organization.kind),
        "result": round_.results.filter(organization=organization).first(),
        "rows": rows,
        "form": form if round_.status == RoundStatus.SCORING else None,
    }
    return render(request, "evaluation/partner.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_awards(request, round_id):
    require(permissions.may_score_evaluation(request.user))
    round_ = get_object_or_404(Round, pk=round_id)
    may_run = permissions.may_run_evaluation(request.user)
    form = forms.AwardForm(request.POST or None)
    status = 200
    if request.method == "POST":
        require(may_run)
        if form.is_valid():
            try:
                services.award_give(actor=request.user, round_id=round_.pk, **form.award_fields())
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, _("Award added."))
                return redirect("evaluation-awards", round_id=round_.pk)
        status = 400
    context = {
        "round": round_,
        "awards": selectors.awards(round_),
        "form": form if may_run and round_.status != RoundStatus.PUBLISHED else None,
        "may_run": may_run,
    }
    return render(request, "evaluation/awards.html", context, status=status)


@login_required
@require_POST
def evaluation_award_withdraw(request, award_id):
    require(permissions.may_run_evaluation(request.user))
    award = get_object_or_404(Award, pk=award_id)
    try:
        services.award_withdraw(actor=request.user, award_id=award.pk)
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("Award withdrawn."))
    return redirect("evaluation-awards", round_id=award.round_id)


@login_required
@require_GET
def evaluation_certificate(request, award_id):
    award = get_object_or_404(Award.objects.select_related("round", "winner"), pk=award_id)
    require(
        permissions.may_download_award_certificate(request.user, award, published=award.round.status == RoundStatus.PUBLISHED)
    )
    return private_download(
        certificates.certificate_pdf(award), content_type="application/pdf", filename=certificates.filename(award)
    )


@require_GET
def partners_day(request, year=None):
    """The public page of the year's results and awards: published rounds only."""
    round_ = selectors.published_round(year)
    if year is not None and round_ is None:
        raise Http404
    downloadable = set()
    if round_ is not None and request.user.is_authenticated:
        downloadable = {
            a.pk for a in round_.awards.all() if permissions.may_download_award_certificate(request.user, a, published=True)
        }
    context = {
        "round": round_,
        "years": selectors.published_years(),
        "podium": selectors.podium(round_) if round_ else [],
        "awards": list(round_.awards.all()) if round_ else [],
        "downloadable": downloadable,
        "may_score": permissions.may_score_evaluation(request.user),
    }
    return render(request, "evaluation/partners_day.html", context)
