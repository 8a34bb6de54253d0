"""The "Consents" tab: the GDPR consent records of the person (date, what it covers, how
it was obtained, withdrawal). A record is withdrawn, not deleted; deleting is only for an
entry made by mistake."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.clients import ClientFile, ConsentDTO
from socialdesk.domain.enums import ConsentMethod, ConsentScope
from socialdesk.i18n import _
from socialdesk.ui.client_file.fields import ERROR_COLOR, DateField, ErrorForm
from socialdesk.ui.client_file.labels import (
    BAD_DATE,
    CONSENT_METHOD_LABELS,
    CONSENT_SCOPE_LABELS,
    format_date,
    format_day,
    label,
)

COLUMN_COUNT = 5


def has_active_processing_consent(consents: list[ConsentDTO]) -> bool:
    return any(c.withdrawn_at is None and c.scope == ConsentScope.DATA_PROCESSING for c in consents)


class AddConsentDialog(QDialog):
    """Record a consent: date (today by default), scope, how it was obtained, notes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addConsentDialog")
        self.setWindowTitle(_("Record a consent"))
        self.date_field = DateField()
        self.date_field.set_value(date.today())
        self.scope_combo = QComboBox()
        for scope in ConsentScope:
            self.scope_combo.addItem(_(CONSENT_SCOPE_LABELS[scope]), scope.value)
        self.method_combo = QComboBox()
        for method in ConsentMethod:
            self.method_combo.addItem(_(CONSENT_METHOD_LABELS[method]), method.value)
        self.notes_edit = QLineEdit()
        self.notes_edit.setPlaceholderText(_("e.g. form filed in the paper folder"))
        self.form = ErrorForm(self)
        self.form.add_row("consent_date", _("Date:"), self.date_field)
        self.form.add_row("scope", _("Covers:"), self.scope_combo)
        self.form.add_row("how_obtained", _("Obtained:"), self.method_combo)
        self.form.add_row("notes", _("Notes:"), self.notes_edit)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(_("Add"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("addConsentOkButton")
        self.ok_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        intro = QLabel(
            _(
                "Keeping a file on the person needs their informed consent (or another "
                "legal basis). Record when and how they gave it."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.resize(max(self.sizeHint().width(), 460), self.sizeHint().height())

    def _accept(self) -> None:
        self.form.clear_errors()
        errors = self.form.date_errors()
        if not errors and self.date_field.value() is None:
            errors = {"consent_date": BAD_DATE}
        if errors:
            self.form.show_errors(errors)
            return
        self.accept()

    def consent(self) -> ConsentDTO:
        return ConsentDTO(
            id=None,
            consent_date=self.date_field.value(),
            scope=self.scope_combo.currentData(),
            how_obtained=self.method_combo.currentData(),
            withdrawn_at=None,
            notes=self.notes_edit.text(),
        )


class ConsentsEditor(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consentsEditor")
        self._consents: list[ConsentDTO] = []
        self.dialog: AddConsentDialog | None = None
        intro = QLabel(
            _(
                "Consents the person gave (GDPR). Withdraw a consent rather than deleting "
                "it: the record of it stays in the file."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, COLUMN_COUNT, self)
        self.table.setObjectName("consentsTable")
        self.table.setHorizontalHeaderLabels(
            [_("Date"), _("Covers"), _("How obtained"), _("Withdrawn on"), _("Notes")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate((110, 260, 160, 110)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(COLUMN_COUNT - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton(_("Record a consent…"), self)
        self.add_button.setObjectName("addConsentButton")
        self.add_button.clicked.connect(self.open_add_dialog)
        self.withdraw_button = QPushButton(_("Withdraw"), self)
        self.withdraw_button.setObjectName("withdrawConsentButton")
        self.withdraw_button.setToolTip(_("The person withdrew this consent today."))
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.delete_button = QPushButton(_("Delete (entered by mistake)"), self)
        self.delete_button.setObjectName("deleteConsentButton")
        self.delete_button.clicked.connect(self.delete_selected)
        self.error = QLabel(self)
        self.error.setObjectName("consentsError")
        self.error.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        self._read_only = False
        self._update_buttons()

    # ---- values ------------------------------------------------------------------------
    def set_file(self, file: ClientFile) -> None:
        self._show(list(file.consents))
        self.show_error("")

    def consents(self) -> list[ConsentDTO]:
        return list(self._consents)

    def has_active_consent(self) -> bool:
        return has_active_processing_consent(self._consents)

    def _show(self, consents: list[ConsentDTO]) -> None:
        selected = self.table.currentRow()
        self._consents = consents
        self.table.setRowCount(len(consents))
        for row, c in enumerate(consents):
            cells = (
                format_date(c.consent_date),
                label(CONSENT_SCOPE_LABELS, c.scope),
                label(CONSENT_METHOD_LABELS, c.how_obtained),
                format_day(c.withdrawn_at),
                c.notes,
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c.withdrawn_at is not None:
                    item.setForeground(self.palette().placeholderText())
                self.table.setItem(row, col, item)
        if 0 <= selected < len(consents):
            self.table.selectRow(selected)
        self._update_buttons()

    # ---- actions -----------------------------------------------------------------------
    def open_add_dialog(self) -> AddConsentDialog:
        dialog = AddConsentDialog(self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.add(dialog.consent()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def add(self, consent: ConsentDTO) -> None:
        self._show([*self._consents, consent])
        self.table.selectRow(len(self._consents) - 1)
        self.edited.emit()

    def withdraw_selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self._consents) or self._consents[row].withdrawn_at is not None:
            return
        consents = list(self._consents)
        consents[row] = replace(consents[row], withdrawn_at=datetime.now(UTC))
        self._show(consents)
        self.edited.emit()

    def delete_selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self._consents):
            return
        self._show([c for i, c in enumerate(self._consents) if i != row])
        self.edited.emit()

    def _update_buttons(self) -> None:
        row = self.table.currentRow()
        selected = 0 <= row < len(self._consents) and bool(self.table.selectedItems())
        self.add_button.setEnabled(not self._read_only)
        self.withdraw_button.setEnabled(
            not self._read_only and selected and self._consents[row].withdrawn_at is None
        )
        self.delete_button.setEnabled(not self._read_only and selected)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._update_buttons()

    # ---- errors ------------------------------------------------------------------------
    def show_errors(self, errors: dict[str, str]) -> tuple[list[str], QWidget | None]:
        lines, remaining = [], []
        for key, message in errors.items():
            parts = key.split(".")
            if parts[0] != "consents" or len(parts) < 2 or not parts[1].isdigit():
                remaining.append(key)
                continue
            lines.append(_("Row {row}: {message}", row=int(parts[1]) + 1, message=_(message)))
        self.show_error("\n".join(lines))
        return remaining, (self.table if lines else None)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def clear_errors(self) -> None:
        self.show_error("")
