"""Global search (Ctrl+K): results while typing, filters, Enter opens the client file.

Each keystroke restarts a short timer; when it fires, one search runs on the worker.
Answers carry the number of the request that asked for them, so a slow answer to an old
keystroke never replaces the results of a newer one. The dialog only asks: it emits
``open_requested(client_id, note_id | None)`` and the main window opens the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.notes import NoteType
from socialdesk.domain.search import SearchHit
from socialdesk.i18n import _
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.notes.dialogs import error_message
from socialdesk.ui.notes.format import from_qdate
from socialdesk.ui.ops import Operations
from socialdesk.ui.search.results import SearchHitDelegate, SearchResultsModel

DEBOUNCE_MS = 200
RESULT_LIMIT = 50
_NO_DATE = QDate(1900, 1, 1)


@dataclass(frozen=True, slots=True)
class SearchRequest:
    text: str
    client_id: int | None
    note_type_code: str | None
    date_from: date | None
    date_to: date | None


def _search_op(request: SearchRequest) -> Any:
    def op(uow: Any) -> tuple[list[SearchHit], Changes]:
        from socialdesk.services.search import search

        hits = search(
            uow,
            request.text,
            client_id=request.client_id,
            note_type_code=request.note_type_code,
            date_from=request.date_from,
            date_to=request.date_to,
            limit=RESULT_LIMIT,
        )
        return hits, NO_CHANGES

    return op


def _types_op(uow: Any) -> tuple[list[NoteType], Changes]:
    from socialdesk.services.notes import list_note_types

    return list_note_types(uow, include_inactive=True), NO_CHANGES


def _date_edit(parent: QWidget, name: str) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    edit.setMinimumDate(_NO_DATE)
    edit.setSpecialValueText(_("any date"))
    edit.setDate(_NO_DATE)
    return edit


class SearchDialog(QDialog):
    """``open_requested(client_id, note_id | None)`` when a result is chosen."""

    open_requested = Signal(int, object)

    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchDialog")
        self.setWindowTitle(_("Search"))
        self.ops = ops
        self._sequence = 0
        self._answered = 0
        self._open_when_answered = False
        self._types_loaded = False
        self._last_request: SearchRequest | None = None

        self.field = QLineEdit(self)
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText(_("Search clients and case notes…"))
        self.field.setClearButtonEnabled(True)
        font = self.field.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.field.setFont(font)
        self.field.setMinimumHeight(self.field.sizeHint().height() + 8)
        self.field.installEventFilter(self)

        self.client_combo = QComboBox(self)
        self.client_combo.setObjectName("searchClientFilter")
        self.client_combo.addItem(_("All clients"), None)
        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("searchTypeFilter")
        self.type_combo.addItem(_("All note types"), None)
        self.from_edit = _date_edit(self, "searchDateFrom")
        self.to_edit = _date_edit(self, "searchDateTo")
        filters = QHBoxLayout()
        filters.addWidget(self.client_combo, 2)
        filters.addWidget(self.type_combo, 2)
        filters.addSpacing(8)
        filters.addWidget(QLabel(_("From:"), self))
        filters.addWidget(self.from_edit, 1)
        filters.addWidget(QLabel(_("to:"), self))
        filters.addWidget(self.to_edit, 1)

        self.model = SearchResultsModel(self)
        self.results = QListView(self)
        self.results.setObjectName("searchResults")
        self.results.setModel(self.model)
        self.results.setItemDelegate(SearchHitDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setAccessibleName(_("Search results"))
        self.results.activated.connect(lambda index: self.open_result(index.row()))

        self.status_label = QLabel(self)
        self.status_label.setObjectName("searchStatus")
        self.status_label.setStyleSheet("color: palette(placeholder-text);")
        self.status_label.setWordWrap(True)
        keys = QLabel(_("Enter opens · ↑ ↓ choose · Esc closes"), self)
        keys.setStyleSheet("color: palette(placeholder-text);")
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(keys)

        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addLayout(filters)
        layout.addWidget(self.results, 1)
        layout.addLayout(bottom)
        self.resize(760, 520)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_search)
        self.field.textChanged.connect(self._schedule)
        for combo in (self.client_combo, self.type_combo):
            combo.currentIndexChanged.connect(self._schedule)
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(self._schedule)
        bus.changed.connect(self._on_changes)
        self._show_status()

    # -- opening
    def open_for(self, *, client_id: int | None = None, client_name: str = "") -> None:
        """Show the dialog; from a client file, results are limited to that client."""
        while self.client_combo.count() > 1:
            self.client_combo.removeItem(1)
        if client_id is not None:
            self.client_combo.addItem(
                _("Only {name}", name=client_name) if client_name else _("This client only"),
                client_id,
            )
            self.client_combo.setCurrentIndex(1)
        else:
            self.client_combo.setCurrentIndex(0)
        self.client_combo.setEnabled(client_id is not None)
        if not self._types_loaded:
            self.ops.run_db(_types_op, on_success=self._types_loaded_ok, owner=self)
        self.show()
        self.raise_()
        self.activateWindow()
        self.field.setFocus()
        self.field.selectAll()
        if self.field.text().strip():
            self._schedule()

    def _types_loaded_ok(self, types: list[NoteType]) -> None:
        current = self.type_combo.currentData()
        blocked = self.type_combo.blockSignals(True)
        try:
            while self.type_combo.count() > 1:
                self.type_combo.removeItem(1)
            for note_type in types:
                if note_type.active or note_type.code == current:
                    self.type_combo.addItem(note_type.label, note_type.code)
            index = self.type_combo.findData(current) if current else 0
            self.type_combo.setCurrentIndex(max(0, index))
        finally:
            self.type_combo.blockSignals(blocked)
        self.model.set_type_labels({t.code: t.label for t in types})
        self.results.viewport().update()
        self._types_loaded = True

    # -- searching
    def request(self) -> SearchRequest:
        def day(edit: QDateEdit) -> date | None:
            value = edit.date()
            return None if value == _NO_DATE else from_qdate(value)

        return SearchRequest(
            text=self.field.text().strip(),
            client_id=self.client_combo.currentData(),
            note_type_code=self.type_combo.currentData(),
            date_from=day(self.from_edit),
            date_to=day(self.to_edit),
        )

    def _schedule(self, *_args: object) -> None:
        self.timer.start()

    def run_search(self) -> None:
        self.timer.stop()
        request = self.request()
        self._sequence += 1
        sequence = self._sequence
        self._last_request = request
        self._open_when_answered = False
        if not request.text:
            self._answered = sequence
            self.model.set_hits([])
            self._show_status()
            return
        self.status_label.setText(_("Searching…"))
        self.ops.run_db(
            _search_op(request),
            on_success=lambda hits: self._show_hits(sequence, hits),
            on_error=lambda error: self._search_failed(sequence, error),
            owner=self,
        )

    def _show_hits(self, sequence: int, hits: list[SearchHit]) -> None:
        if sequence != self._sequence:
            return
        self._answered = sequence
        self.model.set_hits(hits)
        if hits:
            self.results.setCurrentIndex(self.model.index(0))
        self._show_status()
        if self._open_when_answered:
            self._open_when_answered = False
            self.open_result(0)

    def _search_failed(self, sequence: int, error: BaseException) -> bool:
        if sequence == self._sequence:
            self._answered = sequence
            self._open_when_answered = False
            self.model.set_hits([])
            self.status_label.setText(error_message(error))
        return True

    def _show_status(self) -> None:
        count = self.model.rowCount()
        request = self._last_request
        if request is None or not request.text:
            text = _("Type a name, a file number or words of a note.")
        elif count == 0:
            text = _("Nothing found.")
        elif count >= RESULT_LIMIT:
            text = _("The first {count} results.", count=count)
        elif count == 1:
            text = _("1 result.")
        else:
            text = _("{count} results.", count=count)
        self.status_label.setText(text)

    def _on_changes(self, changes: Changes) -> None:
        if changes.settings or changes.vault:
            self._types_loaded = False
        if self.isVisible() and (changes.notes or changes.clients) and self.field.text().strip():
            self._schedule()

    # -- choosing
    def open_result(self, row: int | None = None) -> None:
        if row is None:
            current = self.results.currentIndex()
            row = current.row() if current.isValid() else 0
        hit = self.model.hit(row)
        if hit is None:
            return
        self.accept()
        self.open_requested.emit(hit.client_id, hit.note_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.field
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.timer.isActive():
                    self.run_search()
                if (
                    self._answered != self._sequence
                    and self._last_request
                    and self._last_request.text
                ):
                    self._open_when_answered = True  # Enter right after typing
                else:
                    self.open_result()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move(key)
                return True
        return super().eventFilter(watched, event)

    def _move(self, key: int) -> None:
        count = self.model.rowCount()
        if not count:
            return
        current = self.results.currentIndex()
        row = current.row() if current.isValid() else -1
        step = {
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_PageDown: 8,
            Qt.Key.Key_PageUp: -8,
        }[key]  # type: ignore[index]
        row = min(count - 1, max(0, row + step))
        self.results.setCurrentIndex(self.model.index(row))

    # -- lock
    def clear(self) -> None:
        self.timer.stop()
        self._sequence += 1
        self._answered = self._sequence
        self._open_when_answered = False
        self._last_request = None
        self._types_loaded = False
        blocked = [w.blockSignals(True) for w in (self.field, self.client_combo, self.type_combo)]
        try:
            self.field.clear()
            while self.client_combo.count() > 1:
                self.client_combo.removeItem(1)
            while self.type_combo.count() > 1:
                self.type_combo.removeItem(1)
        finally:
            for widget, was in zip(
                (self.field, self.client_combo, self.type_combo), blocked, strict=True
            ):
                widget.blockSignals(was)
        self.from_edit.setDate(_NO_DATE)
        self.to_edit.setDate(_NO_DATE)
        self.timer.stop()
        self.model.clear()
        self._show_status()
        self.hide()

    def holds_vault_data(self) -> bool:
        return bool(
            self.model.rowCount()
            or self.field.text()
            or self.client_combo.count() > 1
            or self.type_combo.count() > 1
        )
