"""Merge two files of the same person: find the other file, choose the one to keep,
read what will happen, confirm. Everything linked to the other file moves to the kept
one, then the other file is deleted (one transaction, recorded in the audit log)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.clients import ClientFile, ClientPage, ClientRow
from socialdesk.domain.errors import SocialDeskError
from socialdesk.i18n import _
from socialdesk.ui.client_file.fields import ERROR_COLOR
from socialdesk.ui.client_file.labels import status_label
from socialdesk.ui.ops import Operations, error_text

ROW_ROLE = Qt.ItemDataRole.UserRole
SEARCH_LIMIT = 30
DEBOUNCE_MS = 150


def row_text(row: ClientRow) -> str:
    details = ", ".join(p for p in (status_label(row.status), row.city, row.phone) if p)
    return f"{row.file_number} — {row.display_name} ({details})"


class MergeClientsDialog(QDialog):
    """``merged(ClientFile)``: the kept file, after the merge."""

    merged = Signal(object)

    def __init__(self, ops: Operations, current: ClientFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeClientsDialog")
        self.setWindowTitle(_("Merge two files of the same person"))
        self.ops = ops
        self.current = current
        self._generation = 0
        self._busy = False
        self.setMinimumWidth(560)

        # --- step 1: choose the other file and the one to keep
        choose = QWidget(self)
        intro = QLabel(
            _(
                "Use this when the same person has two files. Find the other file of "
                "{name} ({number}):",
                name=current.display_name,
                number=current.file_number,
            ),
            choose,
        )
        intro.setWordWrap(True)
        self.search_edit = QLineEdit(choose)
        self.search_edit.setObjectName("mergeSearchEdit")
        self.search_edit.setPlaceholderText(_("Name, file number, phone or email"))
        self.search_edit.setClearButtonEnabled(True)
        self.results = QListWidget(choose)
        self.results.setObjectName("mergeResultsList")
        self.results.currentItemChanged.connect(lambda *_a: self._update_choice())
        self.results.itemDoubleClicked.connect(lambda _item: self.next_step())
        self.no_result = QLabel(choose)
        self.no_result.setStyleSheet("color: palette(placeholder-text);")
        keep_label = QLabel(_("Which file is kept?"), choose)
        self.keep_current = QRadioButton(choose)
        self.keep_current.setObjectName("keepCurrentRadio")
        self.keep_current.setChecked(True)
        self.keep_other = QRadioButton(choose)
        self.keep_other.setObjectName("keepOtherRadio")
        self.next_button = QPushButton(_("Next"), choose)
        self.next_button.setObjectName("mergeNextButton")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next_step)
        cancel = QPushButton(_("Cancel"), choose)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.next_button)
        choose_layout = QVBoxLayout(choose)
        choose_layout.setContentsMargins(0, 0, 0, 0)
        choose_layout.addWidget(intro)
        choose_layout.addWidget(self.search_edit)
        choose_layout.addWidget(self.results, 1)
        choose_layout.addWidget(self.no_result)
        choose_layout.addSpacing(6)
        choose_layout.addWidget(keep_label)
        choose_layout.addWidget(self.keep_current)
        choose_layout.addWidget(self.keep_other)
        choose_layout.addLayout(buttons)

        # --- step 2: what will happen, confirm
        confirm = QWidget(self)
        self.summary = QLabel(confirm)
        self.summary.setObjectName("mergeSummaryLabel")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.error = QLabel(confirm)
        self.error.setObjectName("mergeErrorLabel")
        self.error.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error.setWordWrap(True)
        self.error.hide()
        back = QPushButton(_("Back"), confirm)
        back.clicked.connect(lambda: self.stack.setCurrentIndex(0))
        self.merge_button = QPushButton(_("Merge the files"), confirm)
        self.merge_button.setObjectName("confirmMergeButton")
        self.merge_button.clicked.connect(self.merge)
        cancel2 = QPushButton(_("Cancel"), confirm)
        cancel2.clicked.connect(self.reject)
        confirm_buttons = QHBoxLayout()
        confirm_buttons.addWidget(back)
        confirm_buttons.addStretch(1)
        confirm_buttons.addWidget(cancel2)
        confirm_buttons.addWidget(self.merge_button)
        confirm_layout = QVBoxLayout(confirm)
        confirm_layout.setContentsMargins(0, 0, 0, 0)
        confirm_layout.addWidget(self.summary)
        confirm_layout.addWidget(self.error)
        confirm_layout.addStretch(1)
        confirm_layout.addLayout(confirm_buttons)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(choose)
        self.stack.addWidget(confirm)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search)
        self.search_edit.textChanged.connect(lambda _text: self._timer.start())
        self._update_choice()
        # The most likely duplicate carries the same last name: start there.
        self.search_edit.setText(current.last_name)
        self.search_edit.selectAll()

    # ---- step 1 ------------------------------------------------------------------------
    def search(self) -> None:
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        text = self.search_edit.text()

        def find(uow: Any) -> tuple[ClientPage, Changes]:
            from socialdesk.services.clients import list_clients

            return list_clients(uow, text=text, limit=SEARCH_LIMIT + 1), NO_CHANGES

        self.ops.run_db(find, on_success=lambda page: self._found(generation, page), owner=self)

    def _found(self, generation: int, page: ClientPage) -> None:
        if generation != self._generation:
            return
        self.results.clear()
        for row in page.rows:
            if row.id == self.current.id:
                continue
            item = QListWidgetItem(row_text(row), self.results)
            item.setData(ROW_ROLE, row)
        if self.results.count():
            self.results.setCurrentRow(0)
            self.no_result.hide()
        else:
            self.no_result.setText(_("No other file matches."))
            self.no_result.show()
        self._update_choice()

    def other(self) -> ClientRow | None:
        item = self.results.currentItem()
        return item.data(ROW_ROLE) if item is not None else None

    def _update_choice(self) -> None:
        other = self.other()
        self.keep_current.setText(
            _(
                "This file: {number} — {name}",
                number=self.current.file_number,
                name=self.current.display_name,
            )
        )
        if other is None:
            self.keep_other.setText(_("The other file (choose it above)"))
        else:
            self.keep_other.setText(
                _(
                    "The other file: {number} — {name}",
                    number=other.file_number,
                    name=other.display_name,
                )
            )
        self.keep_other.setEnabled(other is not None)
        self.next_button.setEnabled(other is not None)

    def choose(self, client_id: int, *, keep_current: bool = True) -> bool:
        """Select the other file by id among the results (tests, keyboard users)."""
        for row in range(self.results.count()):
            if self.results.item(row).data(ROW_ROLE).id == client_id:
                self.results.setCurrentRow(row)
                (self.keep_current if keep_current else self.keep_other).setChecked(True)
                return True
        return False

    # ---- step 2 ------------------------------------------------------------------------
    def kept_and_merged(self) -> tuple[tuple[int, str, str], tuple[int, str, str]] | None:
        other = self.other()
        if other is None:
            return None
        mine = (self.current.id, self.current.file_number, self.current.display_name)
        theirs = (other.id, other.file_number, other.display_name)
        return (mine, theirs) if self.keep_current.isChecked() else (theirs, mine)

    def next_step(self) -> None:
        pair = self.kept_and_merged()
        if pair is None:
            return
        (_kid, knumber, kname), (_mid, mnumber, mname) = pair
        self.summary.setText(
            _(
                "{merged_number} ({merged_name}) will be merged into {kept_number} "
                "({kept_name}).\n\n"
                "Everything recorded in {merged_number} moves to {kept_number}: case "
                "notes, appointments, attached files, household and contacts, consents, "
                "plans and procedures, billing. Details left blank in {kept_number} are "
                "completed from {merged_number}; its other details are kept as they are.\n\n"
                "Then {merged_number} is deleted and its number is no longer used. The "
                "merge is recorded in the audit log. It cannot be undone.",
                merged_number=mnumber,
                merged_name=mname,
                kept_number=knumber,
                kept_name=kname,
            )
        )
        self.error.hide()
        self.stack.setCurrentIndex(1)
        self.merge_button.setFocus()

    def merge(self) -> None:
        pair = self.kept_and_merged()
        if pair is None or self._busy:
            return
        keep_id, merge_id = pair[0][0], pair[1][0]

        def run(uow: Any) -> tuple[ClientFile, Changes]:
            from socialdesk.services.clients import merge_clients

            return merge_clients(uow, keep_id=keep_id, merge_id=merge_id)

        self._busy = True
        self.merge_button.setEnabled(False)
        self.ops.run_db(run, on_success=self._merged, on_error=self._failed, owner=self)

    def _merged(self, kept: ClientFile) -> None:
        self._busy = False
        self.merged.emit(kept)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self._busy = False
        self.merge_button.setEnabled(True)
        self.error.setText(error_text(error))
        self.error.show()
        return isinstance(error, SocialDeskError)  # anything else is also logged
