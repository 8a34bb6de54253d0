"""What a service changed, broadcast to every open page so each refreshes itself."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Changes:
    """Flags of the areas a write touched. Combine with ``|``."""

    profile: bool = False
    settings: bool = False
    clients: bool = False
    notes: bool = False
    agenda: bool = False
    billing: bool = False
    plans: bool = False
    partners: bool = False
    vault: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            **{f: getattr(self, f) or getattr(other, f) for f in self.__dataclass_fields__}
        )

    def __bool__(self) -> bool:
        return any(getattr(self, f) for f in self.__dataclass_fields__)


NO_CHANGES = Changes()
