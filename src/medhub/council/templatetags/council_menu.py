"""``{% load council_menu %}{% with link=user|council_link %}``: the header's council link —
"mine" for a council member ("My council"), "hub" for hub staff who are not members ("Council"),
"" for everyone else. Neither costs a query (council.menu; roles are read once per request)."""

from django import template

from medhub.accounts.permissions import may_assist_council
from medhub.council.menu import shows_link

register = template.Library()


@register.filter
def council_link(user) -> str:
    if shows_link(user):
        return "mine"
    if getattr(user, "is_authenticated", False) and may_assist_council(user):
        return "hub"
    return ""
