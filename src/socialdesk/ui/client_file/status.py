"""The "Status" tab: where the file stands (intake, active, paused, closed), since when,
why it was closed, and the whole history; "Change status…" opens a small dialog that
saves at once (a status change is an event, not an edit of the form)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import Changes
from socialdesk.domain.clients import ClientFile
from socialdesk.domain.enums import ClientStatus
from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import _
from socialdesk.ui.client_file.fields import DateField, ErrorForm, StatusLine
from socialdesk.ui.client_file.labels import (
    STATUS_COLORS,
    format_date,
    format_day,
    status_label,
)
from socialdesk.ui.ops import Operations


def status_badge_style(status: str) -> str:
    fg, bg = STATUS_COLORS.get(status, ("#333333", "#eeeeee"))
    return (
        f"color: {fg}; background: {bg}; border-radius: 9px; padding: 2px 10px; font-weight: 600;"
    )


class ChangeStatusDialog(QDialog):
    """``changed(ClientFile)`` once the new status is saved."""

    changed = Signal(object)

    def __init__(self, ops: Operations, file: ClientFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changeStatusDialog")
        self.setWindowTitle(_("Change the status of {number}", number=file.file_number))
        self.ops = ops
        self.client_id = file.id
        self._busy = False
        self.status_combo = QComboBox()
        for status in ClientStatus:
            if status != file.status:
                self.status_combo.addItem(status_label(status), status.value)
        self.on_field = DateField()
        self.on_field.set_value(date.today())
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("statusReasonEdit")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(90)
        self.reason_edit.textChanged.connect(lambda: self.form.hide_error("reason"))
        self.form = ErrorForm(self)
        self.form.add_row("status", _("New status:"), self.status_combo)
        self.form.add_row("on", _("Since:"), self.on_field)
        self.form.add_row("reason", _("Reason:"), self.reason_edit)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self.status_line = StatusLine(self)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(
            _("Change the status"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setObjectName("changeStatusOkButton")
        self.ok_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        current = QLabel(_("Current status: {status}", status=status_label(file.status)), self)
        layout = QVBoxLayout(self)
        layout.addWidget(current)
        layout.addWidget(self.form)
        layout.addWidget(self.hint)
        layout.addWidget(self.status_line)
        layout.addWidget(buttons)
        self._status_changed()
        self.resize(max(self.sizeHint().width(), 480), self.sizeHint().height())

    def select_status(self, status: str) -> None:
        self.status_combo.setCurrentIndex(max(self.status_combo.findData(status), 0))

    def _status_changed(self) -> None:
        closing = self.status_combo.currentData() == ClientStatus.CLOSED
        self.hint.setText(
            _(
                "Closing the file needs a reason (e.g. goals reached, moved away, no longer wishes to be accompanied)."
            )
            if closing
            else _("The reason is optional; it stays in the history.")
        )
        self.form.hide_error("status")

    def submit(self) -> None:
        if self._busy:
            return
        self.form.clear_errors()
        self.status_line.clear()
        local = self.form.date_errors()
        if local:
            self.form.show_errors(local)
            return
        client_id = self.client_id
        status = self.status_combo.currentData()
        reason = self.reason_edit.toPlainText()
        on = self.on_field.value()

        def change(uow: Any) -> tuple[ClientFile, Changes]:
            from socialdesk.services.clients import change_status

            return change_status(uow, client_id, status=status, reason=reason, on=on)

        self._busy = True
        self.ok_button.setEnabled(False)
        self.ops.run_db(change, on_success=self._done, on_error=self._failed, owner=self)

    def _done(self, file: ClientFile) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        self.changed.emit(file)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self._busy = False
        self.ok_button.setEnabled(True)
        if not isinstance(error, ValidationError):
            return False
        elsewhere = self.form.show_errors(error.errors)
        if elsewhere:
            self.status_line.error("\n".join(_(error.errors[k]) for k in elsewhere))
        return True


class StatusTab(QWidget):
    """``change_requested`` when the user asks to change the status."""

    change_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusTab")
        self.badge = QLabel(self)
        self.badge.setObjectName("currentStatusBadge")
        self.since_label = QLabel(self)
        self.since_label.setObjectName("statusSinceLabel")
        self.closing_label = QLabel(self)
        self.closing_label.setObjectName("closingReasonLabel")
        self.closing_label.setWordWrap(True)
        self.change_button = QPushButton(_("Change status…"), self)
        self.change_button.setObjectName("changeStatusButton")
        self.change_button.clicked.connect(self.change_requested)
        self.history = QTableWidget(0, 4, self)
        self.history.setObjectName("statusHistoryTable")
        self.history.setHorizontalHeaderLabels([_("Date"), _("From"), _("To"), _("Reason")])
        self.history.verticalHeader().setVisible(False)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setWordWrap(False)
        self.history.setAlternatingRowColors(True)
        header = self.history.horizontalHeader()
        for column, width in enumerate((120, 150, 150)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Current status:"), self))
        top.addWidget(self.badge)
        top.addWidget(self.since_label)
        top.addStretch(1)
        top.addWidget(self.change_button)
        title = QLabel(_("History"), self)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.closing_label)
        layout.addSpacing(8)
        layout.addWidget(title)
        layout.addWidget(self.history, 1)

    def set_file(self, file: ClientFile) -> None:
        self.badge.setText(status_label(file.status))
        self.badge.setStyleSheet(status_badge_style(file.status))
        history = sorted(file.status_history, key=lambda s: s.changed_at, reverse=True)
        since = history[0].changed_at if history else None
        self.since_label.setText(_("since {date}", date=format_day(since)) if since else "")
        if file.status == ClientStatus.CLOSED:
            self.closing_label.setText(
                _(
                    "Closed on {date}. Reason: {reason}",
                    date=format_date(file.closed_date),
                    reason=file.closing_reason or "—",
                )
            )
            self.closing_label.show()
        else:
            self.closing_label.hide()
        self.history.setRowCount(len(history))
        for row, change in enumerate(history):
            cells = (
                format_day(change.changed_at),
                status_label(change.from_status) if change.from_status else _("New file"),
                status_label(change.to_status),
                change.reason,
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 3 and text:
                    item.setToolTip(text)
                self.history.setItem(row, col, item)

    def history_rows(self) -> list[tuple[str, ...]]:
        """The history as shown, newest first (tests)."""
        return [
            tuple(self.history.item(r, c).text() for c in range(4))
            for r in range(self.history.rowCount())
        ]

    def set_read_only(self, read_only: bool) -> None:
        self.change_button.setEnabled(not read_only)
