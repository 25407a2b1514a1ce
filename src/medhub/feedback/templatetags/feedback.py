"""Feedback's parts of pages drawn by lower apps, which load this library in their templates and so
never import feedback (feedback sits above cases and directory on the app map; decision 0024):

- ``{% case_feedback_call case %}`` on the patient's case page: "Give feedback" when they may,
  "Your feedback" once given;
- ``{% feedback_due cases as due %}`` on "My cases": the ids of the cases awaiting feedback (one query);
- ``{% institution_feedback inst %}`` on the institution page: what the hub publishes of its feedback.
"""

from django import template

from medhub.feedback import selectors
from medhub.feedback.models import Feedback

register = template.Library()


@register.inclusion_tag("feedback/_case_call.html", takes_context=True)
def case_feedback_call(context, case):
    user = context["request"].user
    if not (user.is_authenticated and case.patient_id == user.pk):
        return {"show": False}
    given = Feedback.objects.filter(case=case).exists()
    allowed = not given and selectors.eligibility(user, case).allowed
    return {"show": given or allowed, "given": given, "case": case}


@register.simple_tag(takes_context=True)
def feedback_due(context, cases) -> set[int]:
    return selectors.cases_awaiting_feedback(context["request"].user, [case.pk for case in cases])


@register.inclusion_tag("feedback/_institution_feedback.html")
def institution_feedback(institution):
    published = selectors.published_for(institution.pk)
    items = list(published.items[:10]) if published.items is not None else []
    return {"published": published, "aggregate": published.aggregate, "items": items, "institution": institution}
