"""Small building blocks of the client-file forms: a day-first date field, a form whose
rows carry an error label under the field, and the red/green status line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from socialdesk.i18n import _
from socialdesk.ui.client_file.labels import BAD_DATE, format_date, parse_date

ERROR_COLOR = "#b3261e"
OK_COLOR = "#1e8449"


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


class DateField(QLineEdit):
    """A date typed day first (or left blank). ``value()`` raises ValueError if the text
    is not a date; the form shows :data:`BAD_DATE` under it then."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("DD/MM/YYYY"))
        self.setMaxLength(10)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("00/00/00000") + 24)

    def value(self) -> date | None:
        return parse_date(self.text())

    def set_value(self, value: date | None) -> None:
        self.setText(format_date(value))


class StatusLine(QLabel):
    """One line under a form: "Saved." in green or what went wrong in red."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def ok(self, text: str) -> None:
        self.setStyleSheet(f"color: {OK_COLOR};")
        self.setText(text)

    def error(self, text: str) -> None:
        self.setStyleSheet(f"color: {ERROR_COLOR};")
        self.setText(text)


class ErrorForm(QWidget):
    """A QFormLayout whose fields each have a red message label under them.

    ``add_row(name, label, widget)``; ``show_errors({name: message_id})`` shows the
    translated messages and returns the names it has no row for.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.fields: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.first_error_widget: QWidget | None = None

    def add_row(self, name: str, label: str, widget: QWidget) -> QWidget:
        widget.setParent(self)
        if not widget.objectName():
            widget.setObjectName(camel(name) + "Field")
        error = QLabel(self)
        error.setObjectName(camel(name) + "Error")
        error.setWordWrap(True)
        error.setStyleSheet(f"color: {ERROR_COLOR};")
        error.hide()
        cell = QWidget(self)
        layout = QVBoxLayout(cell)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        layout.addWidget(error)
        self.form.addRow(label, cell)
        self.fields[name] = widget
        self.error_labels[name] = error
        hide: Callable[..., None] = lambda *_args, n=name: self.hide_error(n)  # noqa: E731
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(hide)
            widget.textEdited.connect(lambda _text: self.edited.emit())
        return widget

    def label_widgets(self) -> list[QLabel]:
        labels = []
        for widget in self.fields.values():
            cell = widget.parentWidget()
            label = self.form.labelForField(cell) if cell is not None else None
            if isinstance(label, QLabel):
                labels.append(label)
        return labels

    def show_errors(self, errors: dict[str, str]) -> list[str]:
        elsewhere: list[str] = []
        self.first_error_widget = None
        for name, message in errors.items():
            label = self.error_labels.get(name)
            if label is None:
                elsewhere.append(name)
                continue
            label.setText(_(message))
            label.show()
            if self.first_error_widget is None:
                self.first_error_widget = self.fields[name]
        return elsewhere

    def hide_error(self, name: str) -> None:
        label = self.error_labels.get(name)
        if label is not None:
            label.hide()
            label.clear()

    def clear_errors(self) -> None:
        for name in self.error_labels:
            self.hide_error(name)

    def date_errors(self) -> dict[str, str]:
        """Fields whose typed text is not a date (checked before asking the service)."""
        return {
            name: BAD_DATE
            for name, widget in self.fields.items()
            if isinstance(widget, DateField) and not _is_date(widget)
        }


def _is_date(field: DateField) -> bool:
    try:
        field.value()
    except ValueError:
        return False
    return True


def align_labels(forms: list[ErrorForm]) -> None:
    """One label width for several forms, so their fields line up down the page."""
    labels = [label for form in forms for label in form.label_widgets()]
    if not labels:
        return
    width = max(label.sizeHint().width() for label in labels)
    for label in labels:
        label.setMinimumWidth(width)
