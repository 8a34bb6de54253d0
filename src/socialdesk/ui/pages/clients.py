"""Clients: the list of the people accompanied, and their files.

Keyboard first: the search field has the focus; typing anywhere on the list goes there;
Up/Down move in the list; Enter opens the selected file; Ctrl+N creates a file; Esc
goes back from a file to the list, which keeps its filter and selection.

The list is a lazy model (pages of 100 rows read on the DB worker). One file is open at
a time, in place of the list: a social worker works on one person at a time, and the
list is one keystroke away.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.clients import ClientFile, SocialIssueType
from socialdesk.domain.enums import ClientStatus
from socialdesk.i18n import _
from socialdesk.ui.client_file import ClientFileWidget
from socialdesk.ui.client_file.labels import status_label
from socialdesk.ui.dialogs.new_client import NewClientDialog, split_search_text
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.models.clients_model import (
    CLIENT_ID_ROLE,
    COLUMN_KEYS,
    SORTABLE,
    ClientFilter,
    ClientsModel,
)
from socialdesk.ui.ops import Operations
from socialdesk.ui.pages.base import Page, heading

DEBOUNCE_MS = 150
STATUS_CHIPS: tuple[str, ...] = ("", *(s.value for s in ClientStatus))  # "" = all
CHIP_STYLE = (
    "QPushButton { border: 1px solid palette(mid); border-radius: 12px; padding: 3px 12px;"
    " background: palette(base); }"
    "QPushButton:checked { background: #d6e4fa; color: #0b3d91; border-color: #8fb0e8; }"
)
COLUMN_WIDTHS = {
    "file_number": 115,
    "name": 220,
    "status": 100,
    "last_contact": 120,
    "next_appointment": 150,
}
_NAVIGATION_KEYS = {
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
}


def people_count(total: int) -> str:
    if total == 0:
        return _("No one")
    if total == 1:
        return _("1 person")
    return _("{count} people", count=QLocale().toString(total))


class ClientsPage(Page):
    """``file_opened(ClientFileWidget)`` each time a file is shown (for plug-ins)."""

    key = "clients"
    file_opened = Signal(object)

    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(ops, bus, parent)
        self.model = ClientsModel(ops, self)
        self.file_widget: ClientFileWidget | None = None
        self.new_client_dialog: NewClientDialog | None = None
        self._stale = True
        self._issue_types_loaded = False
        self._selected_id: int | None = None
        self._scroll_to: int | None = None
        self._sort_column = COLUMN_KEYS.index("name")
        self._sort_order = Qt.SortOrder.AscendingOrder

        self.list_panel = self._build_list_panel()
        self.file_holder = QWidget(self)
        self.file_holder.setObjectName("clientFileHolder")
        self.file_layout = QVBoxLayout(self.file_holder)
        self.file_layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("clientsStack")
        self.stack.addWidget(self.list_panel)
        self.stack.addWidget(self.file_holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.search_edit.textChanged.connect(lambda _text: self._debounce.start())
        self.model.loaded.connect(self._model_loaded)
        self.model.rowsInserted.connect(lambda *_args: self._update_count())
        self.model.loading_changed.connect(lambda _loading: self._update_count())

        new = QShortcut(QKeySequence(QKeySequence.StandardKey.New), self.list_panel)
        new.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new.activated.connect(self.open_new_client)
        for sequence in (
            QKeySequence(Qt.Key.Key_Escape),
            QKeySequence(QKeySequence.StandardKey.Back),
        ):
            back = QShortcut(sequence, self.file_holder)
            back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            back.activated.connect(self._back_shortcut)
        self._update_count()

    def title(self) -> str:
        return _("Clients")

    # ---- building ----------------------------------------------------------------------
    def _build_list_panel(self) -> QWidget:
        panel = QWidget(self)
        panel.setObjectName("clientsListPanel")
        self.count_label = QLabel(panel)
        self.count_label.setObjectName("clientsCountLabel")
        self.count_label.setStyleSheet("color: palette(placeholder-text);")
        self.new_button = QPushButton(_("New client"), panel)
        self.new_button.setObjectName("newClientButton")
        self.new_button.setToolTip(_("Open a new file (Ctrl+N)"))
        self.new_button.clicked.connect(self.open_new_client)
        top = QHBoxLayout()
        top.addWidget(heading(_("Clients"), panel))
        top.addSpacing(8)
        top.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        top.addWidget(self.new_button)

        self.search_edit = QLineEdit(panel)
        self.search_edit.setObjectName("clientSearchEdit")
        self.search_edit.setPlaceholderText(_("Search by name, file number, phone or email"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.returnPressed.connect(self.open_selected)
        self.search_edit.installEventFilter(self)
        self.issue_combo = QComboBox(panel)
        self.issue_combo.setObjectName("socialIssueFilter")
        self.issue_combo.setMinimumContentsLength(18)
        self.issue_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.issue_combo.addItem(_("All social issues"), None)
        self.issue_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.issue_combo)

        chips = QHBoxLayout()
        chips.setSpacing(6)
        self.status_group = QButtonGroup(panel)
        self.status_group.setExclusive(True)
        self.status_chips: dict[str, QPushButton] = {}
        for status in STATUS_CHIPS:
            chip = QPushButton(status_label(status) if status else _("All"), panel)
            chip.setObjectName(f"statusChip_{status or 'all'}")
            chip.setCheckable(True)
            chip.setStyleSheet(CHIP_STYLE)
            chip.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self.status_group.addButton(chip)
            self.status_chips[status] = chip
            chips.addWidget(chip)
        chips.addStretch(1)
        self.status_chips[""].setChecked(True)
        self.status_group.buttonToggled.connect(self._chip_toggled)

        self.message_label = QLabel(panel)
        self.message_label.setObjectName("clientsMessageLabel")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(
            "background: #e8f1fd; color: #0b3d91; border-radius: 6px; padding: 6px 10px;"
        )
        self.message_label.hide()

        self.table = QTableView(panel)
        self.table.setObjectName("clientsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 12)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(self._sort_column, self._sort_order)
        for column, key in enumerate(COLUMN_KEYS):
            if key in COLUMN_WIDTHS:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(column, COLUMN_WIDTHS[key])
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.sortIndicatorChanged.connect(self._sort_changed)
        self.table.activated.connect(self._activated)
        self.table.installEventFilter(self)

        self.empty_label = QLabel(panel)
        self.empty_label.setObjectName("clientsEmptyLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: palette(placeholder-text); font-size: 13pt;")
        self.results = QStackedWidget(panel)
        self.results.addWidget(self.table)
        self.results.addWidget(self.empty_label)

        layout = QVBoxLayout(panel)
        layout.setContentsMargins(24, 18, 24, 16)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(search_row)
        layout.addLayout(chips)
        layout.addWidget(self.message_label)
        layout.addWidget(self.results, 1)
        return panel

    # ---- filter ------------------------------------------------------------------------
    def current_filter(self) -> ClientFilter:
        status = next((s for s, chip in self.status_chips.items() if chip.isChecked()), "")
        return ClientFilter(
            text=self.search_edit.text().strip(),
            statuses=(status,) if status else (),
            issue_code=self.issue_combo.currentData(),
            sort=COLUMN_KEYS[self._sort_column],
            descending=self._sort_order == Qt.SortOrder.DescendingOrder,
        )

    def apply_filter(self) -> None:
        """Query the list for the filter on screen (debounced while typing)."""
        self._debounce.stop()
        self._stale = False
        self._selected_id = None
        self._scroll_to = 0
        self.model.set_filter(self.current_filter())

    def set_status_filter(self, status: str) -> None:
        self.status_chips[status].setChecked(True)

    def _chip_toggled(self, _button: QPushButton, checked: bool) -> None:
        if checked:
            self.apply_filter()

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        if COLUMN_KEYS[column] not in SORTABLE:
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self._sort_column, self._sort_order)
            header.blockSignals(False)
            return
        self._sort_column, self._sort_order = column, order
        self.apply_filter()

    def sort_by(self, key: str, *, descending: bool = False) -> None:
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(COLUMN_KEYS.index(key), order)

    # ---- list results ------------------------------------------------------------------
    def _model_loaded(self) -> None:
        self._update_count()
        wanted = self._selected_id
        row = self.model.row_of(wanted) if wanted is not None else -1
        if row < 0 and self.model.rowCount() > 0:
            row = 0
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                self.table.selectionModel().SelectionFlag.ClearAndSelect
                | self.table.selectionModel().SelectionFlag.Rows,
            )
        if self._scroll_to is not None:
            self.table.verticalScrollBar().setValue(self._scroll_to)
            self._scroll_to = None
        if row >= 0 and wanted is not None:
            self.table.scrollTo(self.model.index(row, 0))

    def _update_count(self) -> None:
        has_data = self.model.holds_vault_data()
        total = self.model.total()
        if not has_data:
            self.count_label.setText(_("Loading…") if self.model.is_loading() else "")
        else:
            self.count_label.setText(people_count(total))
        empty = has_data and total == 0
        self.results.setCurrentWidget(self.empty_label if empty else self.table)
        if empty:
            flt = self.model.filter()
            if flt.text or flt.statuses or flt.issue_code:
                self.empty_label.setText(
                    _("No one matches this search.\nCheck the spelling, or clear the filters.")
                )
            else:
                self.empty_label.setText(
                    _("No client files yet.\nCreate the first one with “New client” (Ctrl+N).")
                )

    def selected_client_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return int(self.model.data(index, CLIENT_ID_ROLE))

    def open_selected(self) -> None:
        """Enter: open the selected file (or the first one listed)."""
        client_id = self.selected_client_id()
        if client_id is None and self.model.rowCount() > 0:
            client_id = int(self.model.data(self.model.index(0, 0), CLIENT_ID_ROLE))
        if client_id is not None:
            self.open_client(client_id)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_client(int(self.model.data(index, CLIENT_ID_ROLE)))

    # ---- keyboard ----------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        if watched is self.search_edit and event.key() in _NAVIGATION_KEYS:
            QCoreApplication.sendEvent(self.table, event)  # the list moves, focus stays
            return True
        if watched is self.table and self._redirect_typing(event):
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.stack.currentWidget() is self.list_panel and self._redirect_typing(event):
            return
        super().keyPressEvent(event)

    def _redirect_typing(self, event: QKeyEvent) -> bool:
        """Letters typed outside the search field go into it."""
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        if modifiers & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if event.key() == Qt.Key.Key_Backspace:
            self.search_edit.setFocus()
            self.search_edit.backspace()
            return True
        text = event.text()
        if text and text.isprintable() and not text.isspace():
            self.search_edit.setFocus()
            self.search_edit.insert(text)
            return True
        return False

    # ---- creating ----------------------------------------------------------------------
    def open_new_client(self) -> NewClientDialog:
        last, first = split_search_text(self.search_edit.text())
        dialog = NewClientDialog(self.ops, self.window(), last_name=last, first_name=first)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.created.connect(self._created)
        dialog.open_requested.connect(self.open_client)
        self.new_client_dialog = dialog
        dialog.open()
        return dialog

    def _created(self, file: ClientFile) -> None:
        self._selected_id = file.id
        self.open_client(file.id)

    # ---- the open file -----------------------------------------------------------------
    def current_client(self) -> tuple[int, str] | None:
        """The file on screen, as (client id, name), or None on the list."""
        widget = self.file_widget
        if widget is None or self.stack.currentWidget() is not self.file_holder:
            return None
        file = widget.file
        return widget.client_id, file.display_name if file is not None else ""

    def open_client(self, client_id: int, *, note_id: int | None = None) -> ClientFileWidget | None:
        """Show the file of ``client_id`` (at the case note ``note_id``, if given).

        The file on screen stays if it is that one; another one with unsaved changes
        asks first (and the new file opens once they are saved or discarded)."""
        current = self.file_widget
        if current is not None and current.client_id == client_id:
            self.stack.setCurrentWidget(self.file_holder)
            self._show_note(current, note_id)
            return current
        if current is not None and current.is_dirty():

            def then() -> None:
                self.open_client(client_id, note_id=note_id)

            current.leave(then)
            return None
        self._selected_id = client_id
        self._discard_file_widget()
        widget = ClientFileWidget(self.ops, self.bus, client_id, self.file_holder)
        widget.back_requested.connect(self.show_list)
        widget.open_client_requested.connect(self.open_client)
        widget.file_gone.connect(self._file_gone)
        self.file_widget = widget
        self.file_layout.addWidget(widget)
        self.stack.setCurrentWidget(self.file_holder)
        self.message_label.hide()
        widget.identity.edits["last_name"].setFocus()
        self._show_note(widget, note_id)
        self.file_opened.emit(widget)
        return widget

    @staticmethod
    def _show_note(widget: ClientFileWidget, note_id: int | None) -> None:
        if note_id is None:
            return
        try:
            from socialdesk.ui.notes.wiring import show_note
        except ImportError:  # a build without the notes tab
            return
        show_note(widget, note_id)

    def _discard_file_widget(self) -> None:
        widget, self.file_widget = self.file_widget, None
        if widget is not None:
            self.bus.changed.disconnect(widget.on_changes)
            widget.hide()
            widget.setParent(None)  # type: ignore[call-overload]
            widget.deleteLater()

    def _back_shortcut(self) -> None:
        if self.file_widget is not None:
            self.file_widget.request_back()

    def show_list(self) -> None:
        """Close the file and show the list, on the file that was open."""
        if self.file_widget is not None:
            self._selected_id = self.file_widget.client_id
        self._discard_file_widget()
        self.stack.setCurrentWidget(self.list_panel)
        if self._stale:
            self.refresh()
        else:
            row = self.model.row_of(self._selected_id) if self._selected_id else -1
            if row >= 0:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
        self.table.setFocus()

    def _file_gone(self, message: str) -> None:
        self._selected_id = None
        self.show_list()
        self.message_label.setText(message)
        self.message_label.show()

    # ---- refresh -----------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        if changes.vault or changes.settings:
            self._issue_types_loaded = False
        if changes.vault or changes.clients or changes.notes or changes.agenda:
            self._stale = True
        if self.isVisible() and self.stack.currentWidget() is self.list_panel:
            self._refresh_if_needed()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.stack.currentWidget() is self.list_panel:
            self._refresh_if_needed()
            self.search_edit.setFocus()

    def _refresh_if_needed(self) -> None:
        if self.ops.vault is None:
            return
        if not self._issue_types_loaded:
            self.reload_issue_types()
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Read the list again, keeping the rows scrolled through and the selection."""
        self._stale = False
        current = self.selected_client_id()
        if current is not None:
            self._selected_id = current
        self._scroll_to = self.table.verticalScrollBar().value()
        if self.model.filter() != self.current_filter():
            self.model.set_filter(self.current_filter())
        else:
            self.model.reload(keep_loaded=True)

    def reload_issue_types(self) -> None:
        self._issue_types_loaded = True

        def read(uow: Any) -> tuple[list[SocialIssueType], Changes]:
            from socialdesk.services.clients import list_social_issue_types

            return list_social_issue_types(uow, include_inactive=True), NO_CHANGES

        self.ops.run_db(read, on_success=self._show_issue_types, owner=self)

    def _show_issue_types(self, types: list[SocialIssueType]) -> None:
        current = self.issue_combo.currentData()
        self.issue_combo.blockSignals(True)
        self.issue_combo.clear()
        self.issue_combo.addItem(_("All social issues"), None)
        for issue in types:
            text = issue.label if issue.active else _("{label} (no longer used)", label=issue.label)
            self.issue_combo.addItem(text, issue.code)
        index = self.issue_combo.findData(current)
        self.issue_combo.setCurrentIndex(max(index, 0))
        self.issue_combo.blockSignals(False)
        if current is not None and index < 0:
            self.apply_filter()  # the chosen issue is gone

    # ---- lock --------------------------------------------------------------------------
    def clear(self) -> None:
        if self.file_widget is not None:
            self.file_widget.clear()
        self._discard_file_widget()
        self.stack.setCurrentWidget(self.list_panel)
        dialog, self.new_client_dialog = self.new_client_dialog, None
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.reject()
        self._debounce.stop()
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.issue_combo.blockSignals(True)
        self.issue_combo.clear()
        self.issue_combo.addItem(_("All social issues"), None)
        self.issue_combo.blockSignals(False)
        self.model.clear()
        self.message_label.clear()
        self.message_label.hide()
        self._selected_id = None
        self._stale = True
        self._issue_types_loaded = False
        self._update_count()

    def holds_vault_data(self) -> bool:
        return (
            self.model.holds_vault_data()
            or self.file_widget is not None
            or self.issue_combo.count() > 1
            or bool(self.search_edit.text())
            or bool(self.message_label.text())
        )
