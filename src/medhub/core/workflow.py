"""Declared status workflows: for every status field, the moves it may make, in one table.

Each app declares its tables in its own ``workflow.py`` (``cases``, ``interpreting``,
``travel``) and names the fields a table governs (``"travel.Stay.status"``). Services change a
status only through ``Workflow.move``, which refuses a move the table does not declare with a
translated error naming both states. ``registry()`` lists every table by the field it governs;
a test checks that no status field is left without one (decision 0010).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _


class TransitionError(ValidationError):
    """A move the workflow does not declare; the message is translated and names both states."""


_REGISTRY: dict[str, "Workflow"] = {}


class Workflow:
    """The allowed moves between the values of one ``TextChoices`` class.

    ``transitions`` maps every state to the states it may become; a state with no exits is
    final. ``refusal`` is the (lazily translated) message for a refused move, with
    ``%(from)s`` and ``%(to)s`` for the states' labels. ``governs`` names the model fields
    (``"app_label.Model.field"``) the table rules; they are registered on creation.
    """

    def __init__(
        self,
        name: str,
        choices: type[models.TextChoices],
        transitions: dict[str, set[str]],
        *,
        refusal,
        governs: tuple[str, ...] = (),
    ):
        values = set(choices.values)
        missing = values - set(transitions)
        unknown = (set(transitions) | {s for exits in transitions.values() for s in exits}) - values
        if missing or unknown:
            raise ValueError(f"workflow {name}: states without a row {sorted(missing)}, unknown states {sorted(unknown)}")
        self.name = name
        self.choices = choices
        self.transitions = transitions
        self.final = frozenset(state for state, exits in transitions.items() if not exits)
        self.refusal = refusal
        self.governs = tuple(governs)
        for target in self.governs:
            if target in _REGISTRY and _REGISTRY[target] is not self:
                raise ValueError(f"{target} is already governed by workflow {_REGISTRY[target].name}")
            _REGISTRY[target] = self

    def __repr__(self) -> str:
        return f"<Workflow {self.name}>"

    def allowed(self, from_state: str, to_state: str) -> bool:
        return to_state in self.transitions.get(from_state, set())

    def next_states(self, state: str) -> list:
        """The states ``state`` may become, as choices members in their declared order."""
        exits = self.transitions.get(state, set())
        return [member for member in self.choices if member.value in exits]

    def is_final(self, state: str) -> bool:
        return state in self.final

    def label(self, state: str) -> str:
        return self.choices(state).label if state in self.choices.values else str(state)

    def check(self, from_state: str, to_state: str, *, error: type[ValidationError] = TransitionError) -> None:
        """Raises ``error`` (a ``ValidationError``; an app passes its own, such as
        ``CaseError``) unless the table declares the move."""
        if to_state not in self.choices.values:
            raise error(_("“%(state)s” is not a status this can take.") % {"state": to_state}, code="unknown_state")
        if not self.allowed(from_state, to_state):
            raise error(self.refusal % {"from": self.label(from_state), "to": self.label(to_state)}, code="transition")

    def move(self, obj, to_state: str, *, field: str = "status", error: type[ValidationError] = TransitionError) -> str:
        """Checks the move and sets ``obj.<field>``; returns the state it left. The caller saves
        (inside its transaction, with the row locked)."""
        previous = getattr(obj, field)
        self.check(previous, to_state, error=error)
        setattr(obj, field, to_state)
        return previous


def registry() -> dict[str, Workflow]:
    """Every declared workflow by the field it governs (``"travel.Stay.status"``), after
    importing each installed app's ``workflow`` module."""
    autodiscover_modules("workflow")
    return dict(_REGISTRY)


def governing(model: type[models.Model], field: str = "status") -> Workflow | None:
    return registry().get(f"{model._meta.app_label}.{model.__name__}.{field}")
