"""Writes to feedback. Each service holds the rule, owns its transaction, writes the audit row and
tells the people concerned (notifications are stored in the same transaction; their delivery
goes through the outbox after commit)."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from medhub.accounts.models import Membership, Role
from medhub.cases.models import Case
from medhub.core.audit import log_action
from medhub.core.models import ExchangeRate
from medhub.core.selectors import latest_rates
from medhub.feedback import selectors
from medhub.feedback.models import CRITERIA, Feedback, HideReason, criterion_labels

TEXT_MAX_LENGTH = 5000
ANSWER_MAX_LENGTH = 3000
NOTE_MAX_LENGTH = 300
# Paying in another currency than the quote's, the two amounts meet at the day's rates: a
# difference within this many percent is the exchange, not a higher price.
EXCHANGE_TOLERANCE_PERCENT = Decimal("1.0")
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


class FeedbackError(ValidationError):
    """A request feedback cannot honour (not allowed now, bad value); the message is translated."""


# -- checks -----------------------------------------------------------------------------------


def _check_ratings(ratings: dict) -> dict[str, int]:
    labels = criterion_labels()
    errors, clean = {}, {}
    for criterion in CRITERIA:
        value = ratings.get(criterion)
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if isinstance(value, bool) or number < 1 or number > 5 or str(value).strip() != str(number):
            errors[criterion] = _("Rate “%(criterion)s” from 1 to 5.") % {"criterion": labels[criterion]}
        clean[criterion] = number
    if errors:
        raise FeedbackError(errors, code="rating")
    return clean


def _check_language(language: str, field: str = "language") -> str:
    if language not in LANGUAGE_CODES:
        raise FeedbackError({field: _("Choose one of the hub's languages.")}, code="language")
    return language


def _check_text(text: str, field: str, max_length: int, *, required: bool = False) -> str:
    text = (text or "").strip()
    if required and not text:
        raise FeedbackError({field: _("This field is required.")}, code="required")
    if len(text) > max_length:
        raise FeedbackError(
            {field: _("Keep it under %(max)d characters.") % {"max": max_length}},
            code="too_long",
        )
    return text


def _to_krw(amount: int, currency: str, rates) -> Decimal | None:
    if currency == "KRW":
        return Decimal(amount)
    rate = rates.get(currency)
    return None if rate is None else Decimal(amount) * rate.krw_per_unit


def compare_with_quote(
    *, paid_amount: int, paid_currency: str, quoted_amount: int, quoted_currency: str
) -> tuple[Decimal | None, bool]:
    """What the patient paid against the accepted quote: the difference in percent of the quote
    (one decimal; positive when they paid more) and whether they paid more. In the quote's own
    currency the comparison is exact; across currencies it goes through KRW at the latest rates,
    and a difference within ``EXCHANGE_TOLERANCE_PERCENT`` is not counted as paying more. A
    currency with no rate is refused (the patient may enter the amount in the quote's currency)."""
    if paid_currency == quoted_currency:
        paid, quoted = Decimal(paid_amount), Decimal(quoted_amount)
        tolerance = Decimal(0)
    else:
        rates = latest_rates()
        paid, quoted = _to_krw(paid_amount, paid_currency, rates), _to_krw(quoted_amount, quoted_currency, rates)
        if paid is None or (quoted is None and quoted_currency != paid_currency):
            missing = paid_currency if paid is None else quoted_currency
            raise FeedbackError(
                {
                    "paid_currency": _(
                        "medhub has no exchange rate for %(currency)s: enter the amount in %(quote)s, the quote's currency."
                    )
                    % {"currency": missing, "quote": quoted_currency}
                },
                code="currency",
            )
        tolerance = EXCHANGE_TOLERANCE_PERCENT
    if not quoted:
        return None, False
    difference = ((paid - quoted) / quoted * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return difference, difference > tolerance


def _check_payment(paid_amount, paid_currency: str) -> tuple[int, str]:
    try:
        amount = int(paid_amount)
    except (TypeError, ValueError):
        amount = -1
    if isinstance(paid_amount, bool) or amount < 1 or amount > 10**13:
        raise FeedbackError({"paid_amount": _("Enter what you finally paid as a whole number.")}, code="paid_amount")
    currency = (paid_currency or "").strip().upper()
    if not ExchangeRate.is_known_currency(currency):
        raise FeedbackError({"paid_currency": _("Enter a three-letter currency code such as USD.")}, code="currency")
    return amount, currency


# -- who is told ------------------------------------------------------------------------------


def _institution_staff(institution_id: int):
    ids = Membership.objects.filter(role=Role.PROVIDER_STAFF, organization_id=institution_id).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk")


def _tell_patient(feedback: Feedback, kind: str, context: dict | None = None) -> None:
    from medhub.notifications.services import notify

    if feedback.patient_id is None:
        return
    link = lambda _user: reverse("case-feedback", kwargs={"reference": feedback.case.reference})  # noqa: E731
    notify(feedback.patient, f"feedback.{kind}", {"feedback": feedback, "case": feedback.case, **(context or {})}, link=link)


# -- the services -----------------------------------------------------------------------------


@transaction.atomic
def feedback_give(
    *, case_id: int, actor, ratings: dict, paid_amount, paid_currency: str, text: str = "", language: str
) -> Feedback:
    """The patient of a case whose treatment is over rates the institution that treated them (the
    one whose quote they accepted), once: five ratings from 1 to 5, what they finally paid (shown
    against the accepted quote) and, if they like, a text in their language."""
    from medhub.notifications.services import notify

    case = Case.objects.select_for_update().filter(pk=case_id).first()
    if case is None:
        raise FeedbackError(_("This case does not exist."), code="no_case")
    verdict = selectors.eligibility(actor, case)
    if not verdict.allowed:
        raise FeedbackError(verdict.message, code=verdict.code)
    clean = _check_ratings(ratings)
    amount, currency = _check_payment(paid_amount, paid_currency)
    text = _check_text(text, "text", TEXT_MAX_LENGTH)
    language = _check_language(language)
    quote, version = selectors.accepted_quote(case)
    difference, paid_more = compare_with_quote(
        paid_amount=amount, paid_currency=currency, quoted_amount=version.total, quoted_currency=version.currency
    )
    feedback = Feedback(
        case=case,
        institution=quote.institution,
        patient=actor,
        paid_amount=amount,
        paid_currency=currency,
        quoted_amount=version.total,
        quoted_currency=version.currency,
        difference_percent=difference,
        paid_more=paid_more,
        text=text,
        language=language,
        **clean,
    )
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError as exc:  # given at the same moment through another door
        raise FeedbackError(_("You have already given feedback on this case; it can be given once."), code="given") from exc
    log_action(
        feedback,
        "feedback.feedback.given",
        case=case,
        actor=actor,
        data={
            "institution": quote.institution.slug,
            **clean,
            "difference_percent": None if difference is None else str(difference),
        },
    )
    for user in _institution_staff(quote.institution_id):
        link = lambda _user, pk=feedback.pk: f"{reverse('work-feedback')}#feedback-{pk}"  # noqa: E731 - in their language
        notify(user, "feedback.received", {"feedback": feedback, "case": case}, link=link)
    return feedback


def _locked(feedback_id: int) -> Feedback:
    feedback = Feedback.objects.select_for_update().filter(pk=feedback_id).select_related("case").first()
    if feedback is None:
        raise FeedbackError(_("This feedback does not exist."), code="no_feedback")
    return feedback


@transaction.atomic
def feedback_answer(*, feedback_id: int, actor, text: str, language: str) -> Feedback:
    """The institution answers a feedback about it, once; the patient is told."""
    from medhub.accounts import permissions

    feedback = _locked(feedback_id)
    if not permissions.may_answer_feedback(actor, feedback):
        raise FeedbackError(_("Only the institution this feedback is about can answer it."), code="not_institution")
    if feedback.answered_at is not None:
        raise FeedbackError(_("This feedback has already been answered; an answer is given once."), code="answered")
    feedback.answer = _check_text(text, "text", ANSWER_MAX_LENGTH, required=True)
    feedback.answer_language = _check_language(language)
    feedback.answered_at = timezone.now()
    feedback.answered_by = actor
    feedback.save(update_fields=["answer", "answer_language", "answered_at", "answered_by"])
    log_action(feedback, "feedback.feedback.answered", case=feedback.case_id, actor=actor, data={"language": language})
    _tell_patient(feedback, "answered")
    return feedback


@transaction.atomic
def feedback_hide(*, feedback_id: int, actor, reason: str, note: str = "") -> Feedback:
    """The hub administrator hides a feedback from everyone but the hub, the institution and the
    patient, for a reason from the fixed list (``HideReason``: never because it is negative); "other"
    needs a note. The patient is told why."""
    from medhub.accounts import permissions

    if not permissions.may_moderate_feedback(actor):
        raise FeedbackError(_("Only the hub administrator moderates feedback."), code="not_admin")
    feedback = _locked(feedback_id)
    if reason not in HideReason.values:
        raise FeedbackError(
            {"reason": _("Choose a reason from the list. Feedback is never hidden for being negative.")}, code="reason"
        )
    note = _check_text(note, "note", NOTE_MAX_LENGTH, required=reason == HideReason.OTHER)
    if feedback.hidden_at is not None:
        raise FeedbackError(_("This feedback is already hidden."), code="hidden")
    feedback.hidden_at = timezone.now()
    feedback.hidden_reason = reason
    feedback.hidden_note = note
    feedback.save(update_fields=["hidden_at", "hidden_reason", "hidden_note"])
    log_action(feedback, "feedback.feedback.hidden", case=feedback.case_id, actor=actor, data={"reason": reason, "note": note})
    label = HideReason(reason).label
    _tell_patient(feedback, "hidden", {"reason": f"{label}. {note}".strip() if note else str(label)})
    return feedback


@transaction.atomic
def feedback_restore(*, feedback_id: int, actor, note: str) -> Feedback:
    """The hub administrator shows a hidden feedback again, saying why; the patient is told."""
    from medhub.accounts import permissions

    if not permissions.may_moderate_feedback(actor):
        raise FeedbackError(_("Only the hub administrator moderates feedback."), code="not_admin")
    feedback = _locked(feedback_id)
    note = _check_text(note, "note", NOTE_MAX_LENGTH, required=True)
    if feedback.hidden_at is None:
        raise FeedbackError(_("This feedback is not hidden."), code="not_hidden")
    before = {"reason": feedback.hidden_reason, "note": feedback.hidden_note}
    feedback.hidden_at = None
    feedback.hidden_reason = ""
    feedback.hidden_note = ""
    feedback.save(update_fields=["hidden_at", "hidden_reason", "hidden_note"])
    log_action(feedback, "feedback.feedback.restored", case=feedback.case_id, actor=actor, data={"note": note, "was": before})
    _tell_patient(feedback, "restored", {"reason": note})
    return feedback
