"""The editor of one démarche: what it is, where it stands, what comes next, and the
documents to gather.

The fields are a form saved by **Save** (Ctrl+S) in one go; refused input shows its
message under the field and nothing typed is lost. The documents checklist is saved at
once, line by line (ticking "received" is an event, not an edit). A new démarche starts
with the documents usually asked for its kind.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.demarches import (
    DEMARCHE_STATUS_LABELS,
    DemarcheDTO,
    DemarcheInput,
    DemarcheKindDTO,
)
from socialdesk.domain.enums import DemarcheStatus
from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import N_, _
from socialdesk.ui.accompaniment.common import (
    BAD_AMOUNT,
    DONE_COLOR,
    ERROR_STYLE,
    MUTED_STYLE,
    day_text,
    format_money,
    label_of,
    parse_money,
    section_label,
    writing,
)
from socialdesk.ui.accompaniment.forms import LocalErrors, combo_select, text_area
from socialdesk.ui.client_file.fields import DateField, ErrorForm, StatusLine
from socialdesk.ui.ops import Operations, error_text

DOC_ROLE = Qt.ItemDataRole.UserRole
DATE_FIELDS = ("submitted_date", "next_action_date", "deadline", "decision_date")


class DemarcheEditor(QScrollArea):
    """``saved(DemarcheDTO)`` after a save; ``dirty_changed(bool)``."""

    saved = Signal(object)
    dirty_changed = Signal(bool)
    delete_requested = Signal()

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demarcheEditor")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.ops = ops
        self.client_id: int | None = None
        self.demarche: DemarcheDTO | None = None
        self.kinds: list[DemarcheKindDTO] = []
        self._new = False
        self._dirty = False
        self._saving = False
        self._loading = False
        body = QWidget(self)
        self._build(body)
        self.setWidget(body)
        save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.save)
        self.show_demarche(None)

    # ---- building ----------------------------------------------------------------------
    def _build(self, body: QWidget) -> None:
        self.heading = section_label("", body, 1.3)
        self.heading.setObjectName("demarcheHeading")
        self.heading.setWordWrap(True)
        self.form = ErrorForm(body)
        f = self.form
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("demarcheKindCombo")
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.organization_combo = QComboBox()
        self.organization_combo.setObjectName("demarcheOrganizationCombo")
        self.reference_edit = QLineEdit()
        self.reference_edit.setPlaceholderText(_("The file number given by the organization"))
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("demarcheStatusCombo")
        for status in DemarcheStatus:
            self.status_combo.addItem(label_of(DEMARCHE_STATUS_LABELS, status), status.value)
        self.dates = {name: DateField() for name in DATE_FIELDS}
        self.next_action_edit = QLineEdit()
        self.next_action_edit.setPlaceholderText(_("e.g. send the rent receipts"))
        self.outcome_edit = QLineEdit()
        self.benefit_edit = QLineEdit()
        self.benefit_edit.setPlaceholderText(_("e.g. 245,50"))
        self.benefit_edit.setMaximumWidth(140)
        self.notes_edit = text_area(height=70)
        self.notes_edit.setObjectName("demarcheNotesEdit")
        f.add_row("kind_id", _("Démarche:"), self.kind_combo)
        f.add_row("organization_id", _("With:"), self.organization_combo)
        f.add_row("reference", _("Reference:"), self.reference_edit)
        f.add_row("status", _("Status:"), self.status_combo)
        f.add_row("submitted_date", _("Submitted on:"), self.dates["submitted_date"])
        f.add_row("next_action_date", _("Next action on:"), self.dates["next_action_date"])
        f.add_row("next_action", _("Next action:"), self.next_action_edit)
        f.add_row("deadline", _("Deadline:"), self.dates["deadline"])
        f.add_row("decision_date", _("Decision on:"), self.dates["decision_date"])
        f.add_row("outcome", _("Outcome:"), self.outcome_edit)
        f.add_row("benefit_monthly_cents", _("Benefit obtained (€ / month):"), self.benefit_edit)
        f.add_row("notes", _("Notes:"), self.notes_edit)
        self.dates["deadline"].setToolTip(
            _("The last day to act, e.g. the end of an appeal window")
        )
        f.edited.connect(self._edited)
        for combo in (self.kind_combo, self.organization_combo, self.status_combo):
            combo.currentIndexChanged.connect(lambda _i: self._edited())
        self.notes_edit.textChanged.connect(self._edited)

        self.documents_list = QListWidget(body)
        self.documents_list.setObjectName("demarcheDocumentsList")
        self.documents_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.documents_list.itemChanged.connect(self._document_ticked)
        self.document_edit = QLineEdit(body)
        self.document_edit.setObjectName("newDocumentEdit")
        self.document_edit.setPlaceholderText(_("A document to gather (e.g. ID card)"))
        self.document_edit.returnPressed.connect(self.add_document)
        self.add_document_button = QPushButton(_("Add"), body)
        self.add_document_button.setObjectName("addDocumentButton")
        self.add_document_button.clicked.connect(self.add_document)
        self.remove_document_button = QPushButton(_("Remove"), body)
        self.remove_document_button.setObjectName("removeDocumentButton")
        self.remove_document_button.clicked.connect(self.remove_document)
        doc_row = QHBoxLayout()
        doc_row.addWidget(self.document_edit, 1)
        doc_row.addWidget(self.add_document_button)
        doc_row.addWidget(self.remove_document_button)
        self.documents_summary = QLabel(body)
        self.documents_summary.setStyleSheet(MUTED_STYLE)
        self.document_error = QLabel(body)
        self.document_error.setStyleSheet(ERROR_STYLE)
        self.document_error.hide()

        self.status_line = StatusLine(body)
        self.status_line.setObjectName("demarcheStatusLine")
        self.status_line.hide()
        self.save_button = QPushButton(_("Save"), body)
        self.save_button.setObjectName("saveDemarcheButton")
        self.save_button.setToolTip(_("Save the démarche (Ctrl+S)"))
        self.save_button.setStyleSheet(
            "QPushButton { border: 1px solid palette(mid); border-radius: 4px;"
            " padding: 3px 16px; }"
            "QPushButton:enabled { background: #0b57d0; color: white; border-color: #0b57d0; }"
        )
        self.save_button.clicked.connect(self.save)
        self.undo_button = QPushButton(_("Undo changes"), body)
        self.undo_button.setObjectName("undoDemarcheButton")
        self.undo_button.clicked.connect(self.undo)
        self.delete_button = QPushButton(_("Delete…"), body)
        self.delete_button.setObjectName("deleteDemarcheButton")
        self.delete_button.clicked.connect(self.delete_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.save_button)

        self.placeholder = QLabel(_("Choose a démarche on the left, or start a new one."), body)
        self.placeholder.setStyleSheet(MUTED_STYLE)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.content = QWidget(body)
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.addWidget(self.heading)
        content.addWidget(self.form)
        docs_head = QHBoxLayout()
        docs_head.addWidget(section_label(_("Documents"), body))
        docs_head.addWidget(self.documents_summary, 1)
        content.addLayout(docs_head)
        content.addWidget(self.documents_list)
        content.addLayout(doc_row)
        content.addWidget(self.document_error)
        content.addWidget(self.status_line)
        content.addLayout(buttons)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.content)
        layout.addStretch(1)

    # ---- reference lists ---------------------------------------------------------------
    def set_choices(self, kinds: list[DemarcheKindDTO], organizations: list[Any]) -> None:
        """The kinds and organizations the combos offer (the current values stay chosen)."""
        self._loading = True
        self.kinds = kinds
        kind, org = self.kind_combo.currentData(), self.organization_combo.currentData()
        self.kind_combo.clear()
        self.kind_combo.addItem(_("Choose…"), None)
        for item in kinds:
            self.kind_combo.addItem(item.label, item.id)
        self.organization_combo.clear()
        self.organization_combo.addItem(_("(none)"), None)
        for row in organizations:
            self.organization_combo.addItem(row.name, row.id)
        combo_select(self.kind_combo, kind)
        combo_select(self.organization_combo, org)
        self._loading = False

    def _ensure_choice(self, combo: QComboBox, value: int | None, text: str) -> None:
        """A value no longer offered (inactive kind or organization) is still shown."""
        if value is not None and combo.findData(value) < 0:
            combo.addItem(text, value)
        combo_select(combo, value)

    # ---- showing -----------------------------------------------------------------------
    def is_dirty(self) -> bool:
        return self._dirty

    def is_new(self) -> bool:
        return self._new

    def show_demarche(self, demarche: DemarcheDTO | None, *, force: bool = True) -> None:
        """Show ``demarche``; unsaved changes are kept unless ``force`` (documents are
        always refreshed: they are saved line by line)."""
        self.placeholder.setVisible(demarche is None and not self._new)
        self.content.setVisible(demarche is not None or self._new)
        if demarche is None:
            self.demarche = None
            self._show_documents([], editable=False)
            return
        if self._dirty and not force and self.demarche is not None:
            if demarche.id == self.demarche.id:
                self.demarche = demarche
                self._show_documents(demarche.documents, editable=True)
            return
        self._new = False
        self.demarche = demarche
        self._loading = True
        self.form.clear_errors()
        self.heading.setText(demarche.kind_label)
        self._ensure_choice(self.kind_combo, demarche.kind_id, demarche.kind_label)
        self._ensure_choice(
            self.organization_combo, demarche.organization_id, demarche.organization_name
        )
        self.reference_edit.setText(demarche.reference)
        combo_select(self.status_combo, demarche.status.value)
        for name, field in self.dates.items():
            field.set_value(getattr(demarche, name))
        self.next_action_edit.setText(demarche.next_action)
        self.outcome_edit.setText(demarche.outcome)
        cents = demarche.benefit_monthly_cents
        self.benefit_edit.setText(format_money(cents).removesuffix(" €") if cents else "")
        self.notes_edit.setPlainText(demarche.notes)
        self._loading = False
        self._show_documents(demarche.documents, editable=True)
        self.status_line.hide()
        self.placeholder.hide()
        self.content.show()
        self._set_dirty(False)

    def start_new(self, client_id: int) -> None:
        """An empty form for a new démarche of ``client_id`` (saved by Save)."""
        self.client_id = client_id
        self._new = True
        self.demarche = None
        self._loading = True
        self.form.clear_errors()
        self.heading.setText(_("New démarche"))
        self.kind_combo.setCurrentIndex(0)
        self.organization_combo.setCurrentIndex(0)
        combo_select(self.status_combo, DemarcheStatus.TO_PREPARE.value)
        for widget in (self.reference_edit, self.next_action_edit, self.outcome_edit):
            widget.clear()
        for field in self.dates.values():
            field.clear()
        self.benefit_edit.clear()
        self.notes_edit.clear()
        self._loading = False
        self._show_documents([], editable=False)
        self.status_line.hide()
        self.placeholder.hide()
        self.content.show()
        self._set_dirty(True)
        self.kind_combo.setFocus()

    def _kind_changed(self, _index: int) -> None:
        if self._loading or not self._new:
            return
        kind = next((k for k in self.kinds if k.id == self.kind_combo.currentData()), None)
        labels = list(kind.suggested_documents) if kind is not None else []
        self._show_documents(labels, editable=False)

    def _show_documents(self, documents: Any, *, editable: bool) -> None:
        """Saved documents (tickable) or, for a new démarche, the labels to create."""
        self.documents_list.blockSignals(True)
        self.documents_list.clear()
        received = 0
        for doc in documents:
            if isinstance(doc, str):
                item = QListWidgetItem(doc, self.documents_list)
                continue
            text = doc.label
            if doc.received and doc.received_date is not None:
                text = _("{document} — received {date}", document=doc.label,
                         date=day_text(doc.received_date))  # fmt: skip
            item = QListWidgetItem(text, self.documents_list)
            item.setData(DOC_ROLE, doc.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if doc.received else Qt.CheckState.Unchecked)
            if doc.received:
                received += 1
                item.setForeground(QColor(DONE_COLOR))
        self.documents_list.blockSignals(False)
        count = self.documents_list.count()
        if editable:
            self.documents_summary.setText(
                _("{received} of {count} received", received=received, count=count) if count else ""
            )
        else:
            self.documents_summary.setText(_("ticked once the démarche is saved") if count else "")
        rows = max(2, min(count, 8))
        row = self.documents_list.sizeHintForRow(0) if count else self.fontMetrics().height() + 6
        self.documents_list.setFixedHeight(rows * row + 2 * self.documents_list.frameWidth() + 4)

    def new_document_labels(self) -> list[str]:
        return [self.documents_list.item(i).text() for i in range(self.documents_list.count())]

    # ---- dirty state -------------------------------------------------------------------
    def _edited(self) -> None:
        if not self._loading and (self.demarche is not None or self._new):
            self._set_dirty(True)
            self.status_line.hide()

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.save_button.setEnabled(dirty and not self._saving)
        self.undo_button.setEnabled(dirty and not self._saving)
        self.delete_button.setVisible(not self._new)
        self.dirty_changed.emit(dirty)

    def undo(self) -> None:
        if self._new:
            self._new = False
            self._set_dirty(False)
            self.show_demarche(None)
        elif self.demarche is not None:
            self.show_demarche(self.demarche, force=True)

    # ---- saving ------------------------------------------------------------------------
    def value(self) -> DemarcheInput:
        """What the form holds; ValueError names the fields typed wrong (dates, amount)."""
        errors = self.form.date_errors()
        try:
            benefit = parse_money(self.benefit_edit.text())
        except ValueError:
            errors["benefit_monthly_cents"] = BAD_AMOUNT
            benefit = None
        kind_id = self.kind_combo.currentData()
        if kind_id is None:
            errors["kind_id"] = N_("Choose the kind of démarche.")
        if errors:
            raise LocalErrors(errors)
        base = self.demarche.to_input() if self.demarche is not None else None
        values: dict[str, Any] = {
            "kind_id": kind_id,
            "organization_id": self.organization_combo.currentData(),
            "reference": self.reference_edit.text().strip(),
            "status": DemarcheStatus(self.status_combo.currentData()),
            "next_action": self.next_action_edit.text().strip(),
            "outcome": self.outcome_edit.text().strip(),
            "benefit_monthly_cents": benefit,
            "notes": self.notes_edit.toPlainText().strip(),
            **{name: field.value() for name, field in self.dates.items()},
        }
        if base is not None:
            return replace(base, **values)
        assert self.client_id is not None
        return DemarcheInput(
            client_id=self.client_id, documents=tuple(self.new_document_labels()), **values
        )

    def save(self) -> None:
        if self._saving or not self._dirty:
            return
        self.form.clear_errors()
        try:
            data = self.value()
        except LocalErrors as local:
            self._show_errors(local.errors)
            return
        if self._new:
            op = writing("demarches", "create_demarche", data)
        else:
            assert self.demarche is not None
            op = writing("demarches", "update_demarche", self.demarche.id, data)
        self._saving = True
        self._set_dirty(True)
        self.ops.run_db(op, on_success=self._saved, on_error=self._save_failed, owner=self)

    def _saved(self, demarche: DemarcheDTO) -> None:
        self._saving = False
        self._new = False
        self._set_dirty(False)
        self.show_demarche(demarche, force=True)
        self.status_line.ok(_("Saved."))
        self.status_line.show()
        self.saved.emit(demarche)

    def _save_failed(self, error: BaseException) -> bool:
        self._saving = False
        self._set_dirty(True)
        if isinstance(error, ValidationError):
            self._show_errors(error.errors)
        else:
            self.status_line.error(error_text(error))
            self.status_line.show()
        return True

    def _show_errors(self, errors: dict[str, str]) -> None:
        left = self.form.show_errors(errors)
        lines = [_("Nothing was saved: correct what is marked in red.")]
        lines += [f"• {_(errors[name])}" for name in left]
        self.status_line.error("\n".join(lines))
        self.status_line.show()
        widget = self.form.first_error_widget
        if widget is not None:
            widget.setFocus()
            self.ensureWidgetVisible(widget, 40, 60)

    def before_lock(self) -> None:
        """The vault is about to lock: save what was typed if the form allows it."""
        if self._dirty and not self._saving:
            self.save()

    def hideEvent(self, event: Any) -> None:  # noqa: N802 (Qt)
        # Another tab, or the file closed: keep what was typed, as the notes editor does
        # (input the service refuses stays in the form, with its messages).
        if self._dirty and not self._saving and self.ops.vault is not None:
            self.save()
        super().hideEvent(event)

    # ---- documents (saved at once) -----------------------------------------------------
    def add_document(self) -> None:
        label = self.document_edit.text().strip()
        if not label:
            return
        self.document_error.hide()
        if self._new or self.demarche is None:
            QListWidgetItem(label, self.documents_list)
            self.document_edit.clear()
            self._show_documents(self.new_document_labels(), editable=False)
            return
        self.ops.run_db(
            writing("demarches", "add_demarche_document", self.demarche.id, label),
            on_success=lambda _d: self.document_edit.clear(),
            on_error=self._document_failed,
            owner=self,
        )

    def remove_document(self) -> None:
        item = self.documents_list.currentItem()
        if item is None:
            return
        if self._new or self.demarche is None:
            self.documents_list.takeItem(self.documents_list.row(item))
            self._show_documents(self.new_document_labels(), editable=False)
            return
        self.ops.run_db(
            writing("demarches", "remove_demarche_document", item.data(DOC_ROLE)),
            on_error=self._document_failed,
            owner=self,
        )

    def _document_ticked(self, item: QListWidgetItem) -> None:
        document_id = item.data(DOC_ROLE)
        if document_id is None:
            return
        received = item.checkState() == Qt.CheckState.Checked
        self.ops.run_db(
            writing("demarches", "set_document_received", document_id, received),
            on_error=self._document_failed,
            owner=self,
        )

    def _document_failed(self, error: BaseException) -> bool:
        if isinstance(error, ValidationError):
            text = "\n".join(_(m) for m in error.errors.values())
        else:
            text = error_text(error)
        self.document_error.setText(text)
        self.document_error.show()
        return True

    def clear(self) -> None:
        self._new = False
        self._dirty = False
        self.demarche = None
        self.client_id = None
        self.kinds = []
        self.kind_combo.clear()
        self.organization_combo.clear()
        for widget in (self.reference_edit, self.next_action_edit, self.outcome_edit):
            widget.clear()
        for field in self.dates.values():
            field.clear()
        self.benefit_edit.clear()
        self.notes_edit.clear()
        self.documents_list.clear()
        self.show_demarche(None)
