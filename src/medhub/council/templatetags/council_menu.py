"""``{% load council_menu %}{% if user|council_member %}``: the header's "My council" link."""

from django import template

from medhub.council.menu import shows_link

register = template.Library()


@register.filter
def council_member(user) -> bool:
    return shows_link(user)
