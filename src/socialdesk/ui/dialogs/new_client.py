"""New client: the few details needed to open a file, and a warning when the person may
already have one (same name and birth date, same phone or email) — open the existing
file, or create anyway if it is someone else."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import Changes
from socialdesk.domain.clients import (
    DUPLICATE_REASONS,
    ClientFile,
    ClientInput,
    DuplicateCandidate,
    PossibleDuplicate,
)
from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import _
from socialdesk.ui.client_file.fields import DateField, ErrorForm, StatusLine
from socialdesk.ui.client_file.labels import format_date
from socialdesk.ui.ops import Operations

CANDIDATE_ROLE = Qt.ItemDataRole.UserRole
FIELDS = ("last_name", "first_name", "birth_date", "phone", "email", "postal_code", "city")


def split_search_text(text: str) -> tuple[str, str]:
    """What the user typed in the search field, as (last name, first name), when it looks
    like a name: "dupont marie" → ("dupont", "marie"); digits or an @ give nothing."""
    text = text.strip()
    if not text or "@" in text or any(c.isdigit() for c in text):
        return "", ""
    words = text.split()
    return words[0], " ".join(words[1:])


def candidate_text(candidate: DuplicateCandidate) -> str:
    reason = DUPLICATE_REASONS.get(candidate.reason, candidate.reason)
    if candidate.birth_date is not None:
        return _(
            "{number} — {name}, born {date} ({reason})",
            number=candidate.file_number,
            name=candidate.display_name,
            date=format_date(candidate.birth_date),
            reason=_(reason),
        )
    return _(
        "{number} — {name} ({reason})",
        number=candidate.file_number,
        name=candidate.display_name,
        reason=_(reason),
    )


class NewClientDialog(QDialog):
    """``created(ClientFile)`` when the file is created; ``open_requested(client_id)``
    when the user chose an existing file instead."""

    created = Signal(object)
    open_requested = Signal(int)

    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None = None,
        *,
        last_name: str = "",
        first_name: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newClientDialog")
        self.setWindowTitle(_("New client"))
        self.ops = ops
        self._busy = False

        intro = QLabel(
            _(
                "The essentials to open the file; complete it afterwards. A file number "
                "is given automatically."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.edits: dict[str, QLineEdit] = {}
        self.birth_date = DateField()
        self.form = ErrorForm(self)
        rows = (
            ("last_name", _("Last name:")),
            ("first_name", _("First name:")),
            ("birth_date", _("Birth date:")),
            ("phone", _("Phone:")),
            ("email", _("Email:")),
            ("postal_code", _("Postal code:")),
            ("city", _("City:")),
        )
        for name, text in rows:
            edit = self.birth_date if name == "birth_date" else QLineEdit()
            self.edits[name] = edit
            self.form.add_row(name, text, edit)
            edit.textEdited.connect(self._input_changed)
        self.edits["last_name"].setText(last_name)
        self.edits["first_name"].setText(first_name)

        self.duplicate_panel = QFrame(self)
        self.duplicate_panel.setObjectName("duplicatePanel")
        self.duplicate_panel.setStyleSheet(
            "#duplicatePanel { background: #fff4d6; border: 1px solid #e7c25a;"
            " border-radius: 6px; } #duplicatePanel QLabel { color: #5c4300; }"
        )
        warning = QLabel(
            _(
                "This person may already have a file. Open it, or create a new file if "
                "it is someone else."
            ),
            self.duplicate_panel,
        )
        warning.setWordWrap(True)
        self.candidates = QListWidget(self.duplicate_panel)
        self.candidates.setObjectName("duplicateCandidatesList")
        self.candidates.setMaximumHeight(110)
        self.candidates.itemDoubleClicked.connect(lambda _item: self.open_existing())
        self.open_button = QPushButton(_("Open existing"), self.duplicate_panel)
        self.open_button.setObjectName("openExistingButton")
        self.open_button.clicked.connect(self.open_existing)
        self.create_anyway_button = QPushButton(_("Create anyway"), self.duplicate_panel)
        self.create_anyway_button.setObjectName("createAnywayButton")
        self.create_anyway_button.clicked.connect(lambda: self.submit(allow_duplicate=True))
        panel_buttons = QHBoxLayout()
        panel_buttons.addStretch(1)
        panel_buttons.addWidget(self.open_button)
        panel_buttons.addWidget(self.create_anyway_button)
        panel_layout = QVBoxLayout(self.duplicate_panel)
        panel_layout.setContentsMargins(10, 8, 10, 8)
        panel_layout.addWidget(warning)
        panel_layout.addWidget(self.candidates)
        panel_layout.addLayout(panel_buttons)
        self.duplicate_panel.hide()

        self.status_line = StatusLine(self)
        buttons = QDialogButtonBox(self)
        self.create_button = buttons.addButton(
            _("Create the file"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setObjectName("createClientButton")
        self.create_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(self.duplicate_panel)
        layout.addWidget(self.status_line)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        focus = "first_name" if last_name else "last_name"
        self.edits[focus].setFocus()

    # ---- input -------------------------------------------------------------------------
    def client_input(self) -> ClientInput:
        values: dict[str, Any] = {
            name: edit.text() for name, edit in self.edits.items() if name != "birth_date"
        }
        return ClientInput(**values, birth_date=self.birth_date.value())

    def _input_changed(self) -> None:
        # The answer about duplicates was about the previous input.
        self.duplicate_panel.hide()
        self.create_button.setEnabled(True)

    # ---- creating ----------------------------------------------------------------------
    def submit(self, allow_duplicate: bool = False) -> None:
        if self._busy:
            return
        self.form.clear_errors()
        self.status_line.clear()
        local = self.form.date_errors()
        if local:
            self.form.show_errors(local)
            return
        data = self.client_input()

        def create(uow: Any) -> tuple[ClientFile, Changes]:
            from socialdesk.services.clients import create_client

            return create_client(uow, data, allow_duplicate=allow_duplicate)

        self._set_busy(True)
        self.ops.run_db(create, on_success=self._created, on_error=self._failed, owner=self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in (self.create_button, self.create_anyway_button, self.open_button):
            button.setEnabled(not busy)

    def _created(self, file: ClientFile) -> None:
        self._set_busy(False)
        self.created.emit(file)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self._set_busy(False)
        if isinstance(error, PossibleDuplicate):
            self.show_candidates(error.candidates)
            return True
        if isinstance(error, ValidationError):
            elsewhere = self.form.show_errors(error.errors)
            if self.form.first_error_widget is not None:
                self.form.first_error_widget.setFocus()
            lines = [_("Nothing was saved: correct the fields marked in red.")]
            lines += [f"• {_(error.errors[name])}" for name in elsewhere]
            self.status_line.error("\n".join(lines))
            return True
        return False

    def show_candidates(self, candidates: tuple[DuplicateCandidate, ...]) -> None:
        self.candidates.clear()
        for candidate in candidates:
            item = QListWidgetItem(candidate_text(candidate), self.candidates)
            item.setData(CANDIDATE_ROLE, candidate.client_id)
        self.candidates.setCurrentRow(0)
        self.duplicate_panel.show()
        self.create_button.setEnabled(False)  # choose: open existing, or create anyway
        self.open_button.setDefault(True)
        self.open_button.setFocus()

    def open_existing(self) -> None:
        item = self.candidates.currentItem()
        if item is None:
            return
        self.open_requested.emit(int(item.data(CANDIDATE_ROLE)))
        self.accept()
