"""The wording of each kind of notification. A kind is ``<app>.<event>``; the feature app words
its own events in ``<app>/email/<event>_subject.txt`` (the title, and the email's subject) and
``<app>/email/<event>.txt`` (the text, and the email's body), so the email and the in-app
notification say the same. Events the app has no wording for fall back to
``notifications/kinds/<event>…`` (the patient's notices that their case was sent to institutions
and that a hotel or a driver answered)."""

from django.template import TemplateDoesNotExist
from django.template.loader import get_template


def template_base(kind: str) -> str:
    app, _, event = kind.partition(".")
    if not app or not event:
        raise ValueError(f"a notification kind is <app>.<event>, not {kind!r}")
    for base in (f"{app}/email/{event}", f"notifications/kinds/{event}"):
        try:
            get_template(f"{base}_subject.txt")
        except TemplateDoesNotExist:
            continue
        return base
    raise TemplateDoesNotExist(f"{app}/email/{event}_subject.txt")
