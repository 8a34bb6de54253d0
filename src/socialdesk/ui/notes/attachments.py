"""The files attached to a client or to one of its notes: drop or add, open, save as,
delete.

Files are read from disk on the worker (never on the GUI thread) and refused there when
over the size limit, before their bytes are read. "Open" asks the service for a private
copy (0600, in the 0700 temp folder emptied at lock and exit) and hands it to the
system's viewer; "Save as…" is an export the audit log records.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.notes import MAX_ATTACHMENT_BYTES, AttachmentInfo, AttachmentTooLarge
from socialdesk.i18n import _
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.notes.dialogs import ERROR_STYLE, error_message
from socialdesk.ui.notes.format import format_datetime, format_size
from socialdesk.ui.ops import Operations


# ---- what the panel asks of the desktop (tests replace these) -----------------------------
def open_with_system(path: Path) -> bool:
    """Show ``path`` with the system's default application."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def ask_files_to_add(parent: QWidget) -> list[Path]:
    names, _filter = QFileDialog.getOpenFileNames(parent, _("Attach files"))
    return [Path(name) for name in names]


def ask_where_to_save(parent: QWidget, filename: str) -> Path | None:
    start = str(Path.home() / filename)
    name, _filter = QFileDialog.getSaveFileName(parent, _("Save the file as"), start)
    return Path(name) if name else None


# ---- operations (run on the worker) --------------------------------------------------------
def _list_op(client_id: int | None, note_id: int | None) -> Any:
    def op(uow: Any) -> tuple[list[AttachmentInfo], Changes]:
        from socialdesk.services.attachments import list_attachments

        return list_attachments(uow, client_id=client_id, note_id=note_id), NO_CHANGES

    return op


def _add_op(path: Path, client_id: int | None, note_id: int | None) -> Any:
    def op(uow: Any) -> tuple[AttachmentInfo, Changes]:
        from socialdesk.services import attachments

        size = path.stat().st_size
        # Read the limit from the service module at run time (one place to change it).
        if size > attachments.MAX_ATTACHMENT_BYTES:
            raise AttachmentTooLarge(size)  # before reading a byte of a huge file
        data = path.read_bytes()
        return attachments.add_attachment(
            uow,
            client_id=None if note_id is not None else client_id,
            note_id=note_id,
            filename=path.name,
            data=data,
        )

    return op


def _open_op(attachment_id: int) -> Any:
    def op(uow: Any) -> tuple[Path, Changes]:
        from socialdesk.services.attachments import open_attachment_copy

        return open_attachment_copy(uow, attachment_id), NO_CHANGES

    return op


def _save_op(attachment_id: int, target: Path) -> Any:
    def op(uow: Any) -> tuple[Path, Changes]:
        from socialdesk.services.attachments import save_attachment_copy

        return save_attachment_copy(uow, attachment_id, target=target), NO_CHANGES

    return op


def _delete_op(attachment_id: int) -> Any:
    def op(uow: Any) -> tuple[None, Changes]:
        from socialdesk.services.attachments import delete_attachment

        return delete_attachment(uow, attachment_id)

    return op


def _dropped_files(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


# ---- the panel ----------------------------------------------------------------------------
class AttachmentsPanel(QWidget):
    """Files of a client (all of them, its notes' included) or of one note.

    ``compact`` is the editor's variant: a short list, no heading.
    """

    files_changed = Signal()

    def __init__(
        self,
        ops: Operations,
        bus: ChangeBus,
        parent: QWidget | None = None,
        *,
        compact: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("noteAttachmentsPanel" if compact else "attachmentsPanel")
        self.ops = ops
        self.compact = compact
        self._client_id: int | None = None
        self._note_id: int | None = None
        self._files: list[AttachmentInfo] = []
        self._generation = 0
        self._adding = 0
        self._errors: list[str] = []
        self.confirm_box: QMessageBox | None = None
        self.setAcceptDrops(True)

        self.hint_label = QLabel(self)
        self.hint_label.setObjectName("attachmentsHint")
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: palette(placeholder-text);")

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("attachmentsList")
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setAccessibleName(_("Attached files"))
        headers = [_("File"), _("Size"), _("Added")]
        if not compact:
            headers.append(_("Attached to"))
        self.tree.setHeaderLabels(headers)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemActivated.connect(lambda _item, _col: self.open_selected())

        self.error_label = QLabel(self)
        self.error_label.setObjectName("attachmentsError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setStyleSheet(
            ERROR_STYLE + " background: #fdecea; border-radius: 4px; padding: 6px;"
        )
        self.error_label.hide()

        self.add_button = QPushButton(_("Add files…"), self)
        self.add_button.setObjectName("addAttachmentButton")
        self.add_button.clicked.connect(self.choose_files)
        self.open_button = QPushButton(_("Open"), self)
        self.open_button.setObjectName("openAttachmentButton")
        self.open_button.clicked.connect(self.open_selected)
        self.save_button = QPushButton(_("Save as…"), self)
        self.save_button.setObjectName("saveAttachmentButton")
        self.save_button.clicked.connect(self.save_selected_as)
        self.delete_button = QPushButton(_("Delete the file") if compact else _("Delete"), self)
        self.delete_button.setObjectName("deleteAttachmentButton")
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)

        layout = QVBoxLayout(self)
        if compact:
            layout.setContentsMargins(0, 0, 0, 0)
            self.tree.setMaximumHeight(120)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

        delete_key = QShortcut(QKeySequence.StandardKey.Delete, self.tree)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_selected)

        bus.changed.connect(self._on_changes)
        self._update_hint()
        self._update_buttons()

    # -- what it shows
    @property
    def client_id(self) -> int | None:
        return self._client_id

    @property
    def note_id(self) -> int | None:
        return self._note_id

    def files(self) -> list[AttachmentInfo]:
        return list(self._files)

    def set_client(self, client_id: int | None) -> None:
        """Show every file of ``client_id`` (None: nothing)."""
        self._show(client_id, None)

    def set_note(self, note_id: int | None, client_id: int | None) -> None:
        """Show the files of one note (None: a note not saved yet — nothing to list, and
        nothing is attached to the client by mistake)."""
        self._show(client_id if note_id is not None else None, note_id)

    def _show(self, client_id: int | None, note_id: int | None) -> None:
        if (client_id, note_id) != (self._client_id, self._note_id):
            self._errors = []
            self.error_label.hide()
        self._client_id, self._note_id = client_id, note_id
        self._generation += 1
        self._files = []
        self.tree.clear()
        self._update_hint()
        self._update_buttons()
        self.reload()

    def reload(self) -> None:
        if self._client_id is None and self._note_id is None:
            return
        generation = self._generation
        self.ops.run_db(
            _list_op(None if self._note_id is not None else self._client_id, self._note_id),
            on_success=lambda files: self._fill(generation, files),
            owner=self,
        )

    def _fill(self, generation: int, files: list[AttachmentInfo]) -> None:
        if generation != self._generation:
            return
        selected = {info.id for info in self.selected()}
        self._files = list(files)
        self.tree.clear()
        for info in files:
            columns = [
                info.filename,
                format_size(info.size_bytes),
                format_datetime(info.created_at),
            ]
            if not self.compact:
                columns.append(
                    _("A case note") if info.note_id is not None else _("The client file")
                )
            item = QTreeWidgetItem(columns)
            item.setData(0, Qt.ItemDataRole.UserRole, info.id)
            item.setToolTip(0, info.filename)
            self.tree.addTopLevelItem(item)
            item.setSelected(info.id in selected)
        self._update_hint()
        self._update_buttons()

    def _on_changes(self, changes: Changes) -> None:
        if changes.clients or changes.notes or changes.vault:
            self._generation += 1
            self.reload()

    def clear(self) -> None:
        self._generation += 1
        self._client_id = self._note_id = None
        self._files = []
        self._errors = []
        self.tree.clear()
        self.error_label.clear()
        self.error_label.hide()
        if self.confirm_box is not None:
            self.confirm_box.close()
            self.confirm_box = None
        self._update_hint()
        self._update_buttons()

    def holds_vault_data(self) -> bool:
        return bool(
            self._files or self.tree.topLevelItemCount() or self._client_id or self._note_id
        )

    # -- adding
    def can_add(self) -> bool:
        return self._note_id is not None or self._client_id is not None

    def choose_files(self) -> None:
        if self.can_add():
            self.add_files(ask_files_to_add(self))

    def add_files(self, paths: list[Path]) -> None:
        """Attach each file (one operation each); errors are listed under the list."""
        if not self.can_add():
            return
        self._errors = []
        self.error_label.hide()
        for path in paths:
            if path.is_dir():
                self._add_error(path.name, _("A folder cannot be attached; choose files."))
                continue
            self._adding += 1
            self.ops.run_db(
                _add_op(path, self._client_id, self._note_id),
                on_success=self._added,
                on_error=partial(self._add_failed, path.name),
                owner=self,
            )
        self._update_hint()

    def _added(self, _info: AttachmentInfo) -> None:
        self._adding -= 1
        self._update_hint()
        self.files_changed.emit()

    def _add_failed(self, name: str, error: BaseException) -> bool:
        self._adding -= 1
        self._update_hint()
        if isinstance(error, OSError):
            message = _("The file could not be read ({reason}).", reason=error.strerror or "")
        else:
            message = error_message(error)
        self._add_error(name, message)
        return True

    def _add_error(self, name: str, message: str) -> None:
        self._errors.append(_("{name}: {message}", name=name, message=message))
        self.error_label.setText("\n".join(self._errors))
        self.error_label.show()

    # -- drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.can_add() and _dropped_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.can_add() and _dropped_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _dropped_files(event)
        if not (self.can_add() and paths):
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_files(paths)

    # -- the selected files
    def selected(self) -> list[AttachmentInfo]:
        ids = {item.data(0, Qt.ItemDataRole.UserRole) for item in self.tree.selectedItems()}
        return [info for info in self._files if info.id in ids]

    def select(self, attachment_id: int) -> None:
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item is not None:
                item.setSelected(item.data(0, Qt.ItemDataRole.UserRole) == attachment_id)

    def open_selected(self) -> None:
        for info in self.selected():
            self.ops.run_db(_open_op(info.id), on_success=self._opened, owner=self)

    def _opened(self, path: Path) -> None:
        if not open_with_system(path):
            self._add_error(path.name, _("No application on this computer opens this file."))

    def save_selected_as(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            return
        target = ask_where_to_save(self, chosen[0].filename)
        if target is not None:
            self.ops.run_db(_save_op(chosen[0].id, target), owner=self)

    def delete_selected(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        if len(chosen) == 1:
            text = _("Delete “{name}” from the vault?", name=chosen[0].filename)
        else:
            text = _("Delete these {count} files from the vault?", count=len(chosen))
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Delete attached files"),
            text,
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("confirmDeleteAttachment")
        box.setInformativeText(_("This cannot be undone."))
        delete = box.addButton(_("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        delete.setObjectName("confirmDeleteButton")
        cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        ids = [info.id for info in chosen]

        def finished(_result: int) -> None:
            if box.clickedButton() is delete:
                for attachment_id in ids:
                    self.ops.run_db(_delete_op(attachment_id), owner=self)
            self.confirm_box = None
            box.deleteLater()

        box.finished.connect(finished)
        self.confirm_box = box
        box.open()

    # -- state
    def _update_hint(self) -> None:
        if self._adding:
            text = _("Adding files…")
        elif not self.can_add():
            text = (
                _(
                    "Files can be attached once the note is saved (it is saved as a draft as you type)."
                )
                if self.compact
                else ""
            )
        elif self.tree.topLevelItemCount() == 0:
            text = _(
                "No files yet. Drop files here or use “Add files…” ({limit} MB at most each).",
                limit=MAX_ATTACHMENT_BYTES // (1024 * 1024),
            )
        else:
            text = _("Drop files here to attach them.") if not self.compact else ""
        self.hint_label.setText(text)
        self.hint_label.setVisible(bool(text))

    def _update_buttons(self) -> None:
        if self.compact:
            # A note's panel stays small: no empty list, no buttons without files.
            has_files = self.tree.topLevelItemCount() > 0
            for widget in (self.tree, self.open_button, self.save_button, self.delete_button):
                widget.setVisible(has_files)
        count = len(self.tree.selectedItems())
        self.add_button.setEnabled(self.can_add())
        self.open_button.setEnabled(count > 0)
        self.save_button.setEnabled(count == 1)
        self.delete_button.setEnabled(count > 0)
