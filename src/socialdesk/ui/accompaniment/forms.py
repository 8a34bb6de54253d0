"""One pattern for every small editing dialog of the accompaniment screens.

A :class:`FormDialog` holds an :class:`ErrorForm`; **OK** checks what can be checked
here (dates typed, amounts), then runs the dialog's operation on the worker. On success
it emits ``saved(result)`` and closes; when the service refuses the input, each message
goes under its field and the dialog stays open with everything typed still there —
bad input never loses anything.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import _
from socialdesk.ui.accompaniment.common import Operation
from socialdesk.ui.client_file.fields import DateField, ErrorForm, StatusLine
from socialdesk.ui.ops import Operations, error_text


class LocalErrors(Exception):
    """Raised by :meth:`FormDialog.operation` for input refused before asking the service."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


def text_area(parent: QWidget | None = None, height: int = 80) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


def date_field(value: Any = None) -> DateField:
    field = DateField()
    field.set_value(value)
    return field


def combo_select(combo: QComboBox, data: Any) -> None:
    """Select the item holding ``data`` (the first item when none does)."""
    index = combo.findData(data)
    combo.setCurrentIndex(max(index, 0))


class FormDialog(QDialog):
    """Subclasses fill ``self.form`` and implement :meth:`operation`."""

    saved = Signal(object)

    def __init__(self, ops: Operations, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.form = ErrorForm(self)
        self.status = StatusLine(self)
        self.status.setObjectName("formStatusLine")
        self.status.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("formOkButton")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.form)
        self.layout_.addWidget(self.status)
        self.layout_.addWidget(self.buttons)
        self._busy = False
        self.setMinimumWidth(460)

    def add_row(self, name: str, label: str, widget: QWidget) -> QWidget:
        """A form row; text areas and combos hide their error once edited, too."""
        self.form.add_row(name, label, widget)
        if isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(lambda n=name: self.form.hide_error(n))
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda _i, n=name: self.form.hide_error(n))
        return widget

    # ---- to implement -------------------------------------------------------------------
    def operation(self) -> Operation:
        """The write to run with what was typed; raise :class:`LocalErrors` to refuse."""
        raise NotImplementedError

    # ---- submitting ---------------------------------------------------------------------
    def submit(self) -> None:
        if self._busy:
            return
        self.form.clear_errors()
        self.status.hide()
        errors = self.form.date_errors()
        op: Operation | None = None
        try:
            op = self.operation()
        except LocalErrors as local:
            errors = {**local.errors, **errors}
        if errors or op is None:
            self.show_errors(errors)
            return
        self._busy = True
        self.ok_button.setEnabled(False)
        self.ops.run_db(op, on_success=self._done, on_error=self._failed, owner=self)

    def _done(self, result: Any) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        self.saved.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self._busy = False
        self.ok_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self.show_errors(error.errors)
        else:
            self.status.error(error_text(error))
            self.status.show()
        return True

    def show_errors(self, errors: dict[str, str]) -> None:
        left = self.form.show_errors(errors)
        lines = [_("Nothing was saved: correct what is marked in red.")]
        lines += [f"• {_(errors[name])}" for name in left]
        self.status.error("\n".join(lines))
        self.status.show()
        widget = self.form.first_error_widget
        if widget is not None:
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.selectAll()
