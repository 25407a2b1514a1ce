"""The one audit mechanism: every service that changes something writes what it did here.

Each app owns its action codes. It declares them with their labels in its own ``audit.py``,
which its ``AppConfig.ready`` imports::

    register({"travel.traveller.removed": _("Traveller removed")})

A code is ``<app>.<thing>.<what happened>``. ``register(..., timeline=True)`` marks the actions
the case's timeline shows (to the patient, the hub and the referring agency); every other action
is kept for the record and the admin only.

A service calls ``log_action(obj, "travel.traveller.removed", actor=user, case=case, data={...})``
inside its transaction, so the entry is written if and only if the change is. ``log_action``
refuses a code nobody registered, so a typo fails the first test that runs the service. ``data``
says what changed; a service that deletes personal data records that it did, never the data.
"""

from __future__ import annotations

import re

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured

CODE = re.compile(r"^[a-z]+(\.[a-z_]+){2}$")

_labels: dict[str, object] = {}
_timeline: set[str] = set()


class UnknownAction(LookupError):
    """An action code no app registered."""


def register(actions: dict, *, timeline: bool = False) -> None:
    """Declares action codes and their (lazily translated) labels; called from an app's audit.py."""
    for code, text in actions.items():
        if not CODE.match(code):
            raise ImproperlyConfigured(f"Audit action {code!r} is not <app>.<thing>.<what happened>.")
        if code in _labels and _labels[code] is not text:
            raise ImproperlyConfigured(f"Audit action {code!r} is registered twice.")
        _labels[code] = text
        if timeline:
            _timeline.add(code)


def registered() -> dict:
    """Every registered code and its label."""
    return dict(_labels)


def label(code: str) -> str:
    """The action's label in the active language (the code itself for an unknown one)."""
    return str(_labels.get(code, code))


def timeline_actions() -> frozenset:
    """The codes the case's timeline shows."""
    return frozenset(_timeline)


def log_action(obj, action: str, *, actor=None, case=None, data: dict | None = None):
    """Writes one entry of the audit log and returns it.

    ``obj`` is the model instance acted on (saved; log a deletion before deleting), or None.
    ``case`` is the case (or its id) the action belongs to; when left out, the object's own
    ``case_id`` is taken if it has one. An anonymous ``actor`` is recorded as nobody."""
    from medhub.core.models import LogEntry

    if action not in _labels:
        raise UnknownAction(f"Audit action {action!r} is not registered; add it to the app's audit.py.")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if case is None:
        case_id = getattr(obj, "case_id", None)
    else:
        case_id = getattr(case, "pk", case)
    return LogEntry.objects.create(
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=obj.pk if obj is not None else None,
        case_id=case_id,
        actor=actor,
        data=data or {},
    )
