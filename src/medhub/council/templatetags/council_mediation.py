"""For the complaints' pages, without complaints importing the council: ``{% load
council_mediation %}{% mediation_of complaint as mediation %}`` gives the mediation committee's
work on a complaint (None when it was not taken up); ``{% include
"council/_mediation_note.html" %}`` shows it with a link to the council's page."""

from django import template

from medhub.council.models import Mediation

register = template.Library()


@register.simple_tag
def mediation_of(complaint):
    if complaint is None or not getattr(complaint, "pk", None):
        return None
    return Mediation.objects.select_related("committee").filter(complaint_id=complaint.pk).first()
