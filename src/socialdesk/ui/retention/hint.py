"""The Today hint "N files due for deletion": a flat button, hidden when none is due,
that opens the due-for-deletion list. It is a Today section (``clear``,
``holds_vault_data``, ``minute_tick``): ``today_page.add_section(due_hint(ops, bus))``."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.i18n import _
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations


def _count(uow: Any) -> tuple[int, Changes]:
    from socialdesk.services.retention import count_due

    return count_due(uow), NO_CHANGES


class DueForDeletionHint(QPushButton):
    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dueForDeletionHint")
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet("text-align: left; color: #9a5b00;")
        self.ops = ops
        self.bus = bus
        self.count = 0
        self._day = date.today()
        self.dialog: Any = None
        self.clicked.connect(self.open_list)
        bus.changed.connect(self._on_changes)
        self.hide()

    def _on_changes(self, changes: Changes) -> None:
        if changes.vault or changes.clients or changes.notes or changes.settings:
            self.reload()

    def reload(self) -> None:
        if self.ops.vault is None:
            return
        self.ops.run_db(_count, on_success=self._show, owner=self)

    def _show(self, count: int) -> None:
        self.count = count
        if count:
            self.setText(
                _("{count} files due for deletion", count=count)
                if count > 1
                else _("One file due for deletion")
            )
        self.setVisible(count > 0)

    def open_list(self) -> Any:
        from socialdesk.ui.retention.dialog import DueForDeletionDialog

        dialog = DueForDeletionDialog(self.ops, self.bus, parent=self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog

    def minute_tick(self) -> None:
        """A new day may make more files due."""
        if date.today() != self._day:
            self._day = date.today()
            self.reload()

    def clear(self) -> None:
        """The vault locked: forget the count."""
        self.count = 0
        self.setText("")
        self.hide()

    def holds_vault_data(self) -> bool:
        return self.count > 0


def due_hint(ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> DueForDeletionHint:
    """The hint for the Today page, loaded now if the vault is open."""
    hint = DueForDeletionHint(ops, bus, parent)
    hint.reload()
    return hint
