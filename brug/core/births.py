"""What other apps do when a child's birth date becomes known in a family.

The families service layer calls `birth_recorded` explicitly, inside its own transaction,
after a child is added or the birth of an expected child is recorded. Apps that depend on the
children's ages register a handler (trajectories: recompute planned ends). Kept in core, like
`core.assignment`, so families never imports the apps that react and no signal hides the call.
"""

from __future__ import annotations

from collections.abc import Callable

# Each handler: handler(*, actor, family, member) -> None
_handlers: list[Callable] = []


def register(handler: Callable) -> None:
    if handler not in _handlers:
        _handlers.append(handler)


def birth_recorded(*, actor, family, member) -> None:
    for handler in list(_handlers):
        handler(actor=actor, family=family, member=member)
