"""What every page of the main window provides: a stable key, a title, and ``clear()``.

Pages subscribe to the change bus themselves and reload what they show; the main window
never tells a page to refresh. ``clear()`` forgets everything read from the vault (called
when the vault locks).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from socialdesk.domain.changes import Changes
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations


class Page(QWidget):
    key = ""

    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.bus = bus
        self.setObjectName(f"{self.key}Page")
        bus.changed.connect(self.on_changes)

    def title(self) -> str:
        raise NotImplementedError

    def on_changes(self, changes: Changes) -> None:
        """Reload if ``changes`` concern this page (default: nothing to reload)."""

    def clear(self) -> None:
        """Forget everything read from the vault."""

    def holds_vault_data(self) -> bool:
        """True while the page shows something read from the vault (tests, lock check)."""
        return False


@runtime_checkable
class SavesBeforeLock(Protocol):
    """A widget that may hold typed text not saved yet (a case note being written).

    ``before_lock()`` is called on the GUI thread just before the vault locks (and before
    the app quits): it must *queue* its save on the worker (``ops.run_db``), not wait for
    it. Jobs run in order, so the save commits before the lock job that follows it.
    """

    def before_lock(self) -> None: ...


def save_before_lock(root: QWidget) -> None:
    """Ask every widget under ``root`` that :class:`SavesBeforeLock` to queue its save
    now (``findChildren`` also reaches dialogs parented to ``root``)."""
    for widget in root.findChildren(QWidget):
        if isinstance(widget, SavesBeforeLock):
            widget.before_lock()


def heading(text: str, parent: QWidget, scale: float = 1.6) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


class ComingSoonPage(Page):
    """An honest placeholder for a part that is not built yet (no fake data)."""

    def __init__(
        self, key: str, title: str, ops: Operations, bus: ChangeBus, parent: QWidget | None = None
    ) -> None:
        self.key = key
        super().__init__(ops, bus, parent)
        self._title = title
        from socialdesk.i18n import _

        title_label = heading(title, self)
        title_label.setObjectName(f"{key}Title")
        title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        sentence = QLabel(_("This part of SocialDesk arrives in a coming version."), self)
        sentence.setAlignment(Qt.AlignmentFlag.AlignCenter)
        sentence.setWordWrap(True)
        sentence.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title_label)
        layout.addSpacing(6)
        layout.addWidget(sentence)
        layout.addStretch(1)

    def title(self) -> str:
        return self._title
