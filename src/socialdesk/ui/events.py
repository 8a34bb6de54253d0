"""The change broadcast: after every successful write, one signal tells every open page
what changed, and each page decides for itself whether to reload.

Pages never call each other to say "refresh" (see ARCHITECTURE §1).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from socialdesk.domain.changes import Changes

#: Broadcast after an unlock: everything a page shows may have changed.
VAULT_OPENED = Changes(vault=True)


class ChangeBus(QObject):
    """``changed`` carries a :class:`~socialdesk.domain.changes.Changes` value."""

    changed = Signal(object)

    def publish(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)
