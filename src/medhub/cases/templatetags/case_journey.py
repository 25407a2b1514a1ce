"""``{% case_journey case rights as j %}``: the case's journey (cases.journey) for a template;
``{% case_journey case glance=True as j %}`` reads only the case's row (the board)."""

from django import template

from medhub.cases.journey import Facts, journey

register = template.Library()


@register.simple_tag
def case_journey(case, rights=None, glance=False):
    return journey(case, rights, facts=Facts() if glance else None)
