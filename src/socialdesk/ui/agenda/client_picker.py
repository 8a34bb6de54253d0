"""Choose the people of an appointment: type to search (on the DB worker), Enter or
double-click to add; several people make a group session. Chosen people are listed as
chips; Delete or the Remove button takes one out."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.clients import ClientPage
from socialdesk.i18n import _
from socialdesk.ui.ops import Operations

DEBOUNCE_MS = 150
SEARCH_LIMIT = 20
ID_ROLE = Qt.ItemDataRole.UserRole
CHIPS_STYLE = (
    "QListWidget#appointmentClients { background: transparent; border: none; }"
    "QListWidget#appointmentClients::item { border: 1px solid #8fb0e8; border-radius: 10px;"
    " background: #e8f0fd; color: #0b3d91; padding: 2px 8px; margin: 2px; }"
    "QListWidget#appointmentClients::item:selected { background: #b9cff5; }"
)


def search_op(text: str) -> Any:
    def op(uow: Any) -> tuple[ClientPage, Changes]:
        from socialdesk.services.clients_list import list_clients

        return list_clients(uow, text=text, limit=SEARCH_LIMIT), NO_CHANGES

    return op


class ClientPicker(QWidget):
    """``changed()`` when the chosen people change."""

    changed = Signal()

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appointmentClientPicker")
        self.ops = ops
        self._generation = 0
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("appointmentClientSearch")
        self.search_edit.setPlaceholderText(_("Type a name or a file number to add a person"))
        self.search_edit.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setObjectName("appointmentClientResults")
        self.results.setMaximumHeight(self.fontMetrics().height() * 7)
        self.results.hide()
        self.chosen = QListWidget(self)
        self.chosen.setObjectName("appointmentClients")
        self.chosen.setFlow(QListView.Flow.LeftToRight)
        self.chosen.setWrapping(True)
        self.chosen.setResizeMode(QListView.ResizeMode.Adjust)
        self.chosen.setStyleSheet(CHIPS_STYLE)
        self.chosen.hide()
        self.remove_button = QPushButton(_("Remove"), self)
        self.remove_button.setObjectName("removeAppointmentClient")
        self.remove_button.setToolTip(_("Remove the selected person from the appointment"))
        self.remove_button.hide()
        chips = QHBoxLayout()
        chips.setContentsMargins(0, 0, 0, 0)
        chips.addWidget(self.chosen, 1)
        chips.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(chips)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.results)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.search)
        self.search_edit.textEdited.connect(lambda _t: self._debounce.start())
        self.search_edit.installEventFilter(self)
        self.results.itemActivated.connect(self._result_activated)
        self.chosen.installEventFilter(self)
        self.remove_button.clicked.connect(self.remove_selected)

    # ---- chosen people -----------------------------------------------------------------
    def client_ids(self) -> tuple[int, ...]:
        return tuple(int(self.chosen.item(i).data(ID_ROLE)) for i in range(self.chosen.count()))

    def add_client(self, client_id: int, name: str) -> None:
        if client_id in self.client_ids():
            return
        item = QListWidgetItem(f"{name}  ×")
        item.setData(ID_ROLE, client_id)
        item.setToolTip(_("Select and press Delete to remove"))
        self.chosen.addItem(item)
        self._chosen_changed()

    def remove_client(self, client_id: int) -> None:
        for row in range(self.chosen.count()):
            if int(self.chosen.item(row).data(ID_ROLE)) == client_id:
                self.chosen.takeItem(row)
                self._chosen_changed()
                return

    def remove_selected(self) -> None:
        item = self.chosen.currentItem()
        if item is not None:
            self.remove_client(int(item.data(ID_ROLE)))

    def _chosen_changed(self) -> None:
        has = self.chosen.count() > 0
        self.chosen.setVisible(has)
        self.remove_button.setVisible(has)
        self._fit_chips()
        self.changed.emit()

    def _fit_chips(self) -> None:
        """As tall as the chips need (wrapped on up to three lines, then it scrolls)."""
        self.chosen.doItemsLayout()
        line = self.chosen.sizeHintForRow(0) if self.chosen.count() else 0
        bottom = max(
            (
                self.chosen.visualItemRect(self.chosen.item(i)).bottom()
                for i in range(self.chosen.count())
            ),
            default=0,
        )
        height = min(max(bottom, line) + 8, line * 3 + 8)
        self.chosen.setFixedHeight(max(height, line + 8))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.chosen.count():
            self._fit_chips()

    # ---- search ------------------------------------------------------------------------
    def search(self) -> None:
        self._debounce.stop()
        text = self.search_edit.text().strip()
        self._generation += 1
        generation = self._generation
        if not text:
            self._show_results(generation, None)
            return
        self.ops.run_db(
            search_op(text),
            on_success=lambda page: self._show_results(generation, page),
            owner=self,
        )

    def _show_results(self, generation: int, page: ClientPage | None) -> None:
        if generation != self._generation:
            return
        self.results.clear()
        chosen = set(self.client_ids())
        for row in page.rows if page is not None else ():
            if row.id in chosen:
                continue
            text = f"{row.display_name} — {row.file_number}"
            if row.city:
                text += f" ({row.city})"
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, row.id)
            item.setData(ID_ROLE + 1, row.display_name)
            self.results.addItem(item)
        if page is not None and not page.rows:
            item = QListWidgetItem(_("No one matches this search."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(item)
        self.results.setVisible(self.results.count() > 0)
        if self.results.count() and self.results.item(0).flags() & Qt.ItemFlag.ItemIsEnabled:
            self.results.setCurrentRow(0)

    def add_current_result(self) -> None:
        item = self.results.currentItem()
        if item is not None and self.results.isVisible():
            self._result_activated(item)

    def _result_activated(self, item: QListWidgetItem) -> None:
        client_id = item.data(ID_ROLE)
        if client_id is None:
            return
        self.add_client(int(client_id), str(item.data(ID_ROLE + 1)))
        self.search_edit.clear()
        self.results.clear()
        self.results.hide()
        self.search_edit.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            searching = watched is self.search_edit
            arrows = key in (Qt.Key.Key_Down, Qt.Key.Key_Up)
            if searching and arrows and self.results.isVisible() and self.results.count():
                row = self.results.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                self.results.setCurrentRow(max(0, min(self.results.count() - 1, row)))
                return True
            enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if searching and enter and self.search_edit.text().strip():
                # Enter adds the person found; it must not save the dialog meanwhile.
                if self._debounce.isActive():
                    self.search()
                self.add_current_result()
                return True
            if watched is self.chosen and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.remove_selected()
                return True
        return super().eventFilter(watched, event)

    def is_searching(self) -> bool:
        return self._debounce.isActive()
