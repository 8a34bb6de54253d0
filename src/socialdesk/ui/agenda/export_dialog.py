"""Export the agenda to an iCalendar file (.ics), from the Agenda page.

The dates are local dates of the practitioner's zone, both included (the period shown
by default). The anonymized variant (initials and kind only) is checked by default: it
is the one meant for a phone's calendar. "Save as…" asks where to write, then runs
:func:`socialdesk.services.agenda_ics.write_ics` on the worker (0600, atomic, audited).
A bad range, a missing folder or a file that cannot be written shows in the dialog,
which keeps what was typed; success says how many appointments went to which file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.errors import SocialDeskError, ValidationError
from socialdesk.i18n import _
from socialdesk.ui.ops import Operations, error_text
from socialdesk.vault.keyslots import keys_path_for

ERROR_STYLE = "color: #b3261e;"
HINT_STYLE = "color: palette(placeholder-text);"
DONE_STYLE = "color: #1b5e20;"
DATE_FORMAT = "ddd d MMM yyyy"


# ---- what the dialog asks of the desktop (tests replace it) --------------------------------
def documents_folder() -> Path:
    """The user's documents folder (the home folder if the desktop has none)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(location) if location else Path.home()
    return folder if folder.is_dir() else Path.home()


def ask_ics_path(parent: QWidget, title: str, suggested: Path) -> Path | None:
    """Where to write the .ics file (None: the user cancelled); ``.ics`` is added when
    the name has no such suffix."""
    name, _filter = QFileDialog.getSaveFileName(
        parent, title, str(suggested), _("iCalendar files (*.ics)")
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".ics" else path.with_name(path.name + ".ics")


def suggested_name(first: date) -> str:
    return f"agenda-{first.isoformat()}.ics"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


def is_vault_file(target: Path, vault_path: Path | None) -> bool:
    """``target`` is the vault, its keys file or one of its side files."""
    if vault_path is None:
        return False
    database = Path(vault_path).resolve()
    names = {database.name, keys_path_for(database).name} | {
        database.name + side for side in ("-wal", "-shm", "-journal")
    }
    resolved = Path(target).resolve()
    return resolved.parent == database.parent and resolved.name in names


def export_op(path: Path, first: date, last: date, anonymize: bool) -> Any:
    def op(uow: Any) -> tuple[Any, Changes]:
        from socialdesk.services.agenda_ics import write_ics  # icalendar: loaded when used

        # An export changes nothing the pages show (the audit log is not a page).
        return write_ics(uow, path, first, last, anonymize=anonymize), NO_CHANGES

    return op


class ExportDialog(QDialog):
    """``exported(IcsExport)`` once a file is written; the dialog stays open."""

    last_folder: Path | None = None  # where the previous export went, this session

    def __init__(
        self,
        ops: Operations,
        first: date,
        last: date,
        *,
        zone_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("agendaExportDialog")
        self.setWindowTitle(_("Export to calendar (.ics)"))
        self.ops = ops
        self.busy = False
        self.last_export: Any = None

        intro = _("The appointments starting on these days, both included.")
        if zone_name:
            intro += " " + _("Times in the agenda's zone: {zone}.", zone=zone_name)
        self.intro_label = QLabel(intro, self)
        self.intro_label.setWordWrap(True)
        self.first_edit = self._date_edit("exportFirst", first)
        self.last_edit = self._date_edit("exportLast", last)
        self.range_error = QLabel(self)
        self.range_error.setObjectName("exportRangeError")
        self.range_error.setStyleSheet(ERROR_STYLE)
        self.range_error.setWordWrap(True)
        self.range_error.hide()
        self.anonymize_check = QCheckBox(
            _("Anonymized (initials and kind only — for a phone's calendar)"), self
        )
        self.anonymize_check.setObjectName("exportAnonymize")
        self.anonymize_check.setChecked(True)
        self.privacy_hint = QLabel(self)
        self.privacy_hint.setObjectName("exportPrivacyHint")
        self.privacy_hint.setStyleSheet(HINT_STYLE)
        self.privacy_hint.setWordWrap(True)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("exportStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label.hide()
        self.close_button = QPushButton(_("Close"), self)
        self.close_button.setObjectName("exportClose")
        self.save_button = QPushButton(_("Save as…"), self)
        self.save_button.setObjectName("exportSaveAs")
        self.save_button.setDefault(True)

        dates = QFormLayout()
        dates.addRow(_("First day"), self.first_edit)
        dates.addRow(_("Last day"), self.last_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(dates)
        layout.addWidget(self.range_error)
        layout.addSpacing(6)
        layout.addWidget(self.anonymize_check)
        layout.addWidget(self.privacy_hint)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)

        self.anonymize_check.toggled.connect(self._variant_changed)
        self.first_edit.dateChanged.connect(self._dates_changed)
        self.last_edit.dateChanged.connect(self._dates_changed)
        self.save_button.clicked.connect(self.save_as)
        self.close_button.clicked.connect(self.reject)
        self._variant_changed()

    def _date_edit(self, name: str, day: date) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setDate(_qdate(day))
        return edit

    # ---- values ------------------------------------------------------------------------
    def first(self) -> date:
        return _day(self.first_edit)

    def last(self) -> date:
        return _day(self.last_edit)

    def anonymize(self) -> bool:
        return self.anonymize_check.isChecked()

    def _variant_changed(self) -> None:
        if self.anonymize():
            self.privacy_hint.setText(
                _("No names, places, titles or notes: only initials and the kind of appointment.")
            )
        else:
            self.privacy_hint.setText(
                _(
                    "This file is not encrypted and names the people you accompany: keep it "
                    "safe, and delete it once imported."
                )
            )

    def _dates_changed(self) -> None:
        self.range_error.hide()

    # ---- export ------------------------------------------------------------------------
    def suggested_path(self) -> Path:
        folder = ExportDialog.last_folder
        if folder is None or not folder.is_dir():
            folder = documents_folder()
        return folder / suggested_name(self.first())

    def save_as(self) -> None:
        """Check the dates, ask where to write, then export on the worker."""
        if self.busy:
            return
        from socialdesk.services.agenda_ics import check_export_range

        first, last = self.first(), self.last()
        self.status_label.hide()
        try:
            check_export_range(first, last)
        except ValidationError as exc:
            self._show_range_error(exc)
            return
        self.range_error.hide()
        # Looked up at call time, so that tests can replace it.
        path = ask_ics_path(self, _("Export to calendar (.ics)"), self.suggested_path())
        if path is None:
            return
        self.export_to(path)

    def export_to(self, path: Path) -> None:
        """Write the export to ``path`` (no question asked)."""
        if self.busy:
            return
        vault = self.ops.vault
        if is_vault_file(path, getattr(vault, "path", None)):
            self._show_status(
                _("The export would overwrite the vault; choose another file."), error=True
            )
            return
        self.busy = True
        self.save_button.setEnabled(False)
        self.ops.run_db(
            export_op(path, self.first(), self.last(), self.anonymize()),
            on_success=self._exported,
            on_error=self._failed,
            owner=self,
        )

    def _exported(self, export: Any) -> None:
        self.busy = False
        self.save_button.setEnabled(True)
        self.last_export = export
        ExportDialog.last_folder = Path(export.path).parent
        self._show_status(
            _(
                "{count} appointment(s) exported to {path}",
                count=export.events,
                path=str(export.path),
            ),
            error=False,
        )

    def _failed(self, error: BaseException) -> bool:
        self.busy = False
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self._show_range_error(error)
            return True
        if isinstance(error, SocialDeskError):
            self._show_status(error_text(error), error=True)
            return True
        if isinstance(error, OSError):
            reason = error.strerror or str(error)
            self._show_status(
                _("The file could not be written: {reason}", reason=reason), error=True
            )
            return True
        self._show_status(error_text(error), error=True)
        return False  # logged by the usual error path

    def _show_range_error(self, error: ValidationError) -> None:
        self.range_error.setText("\n".join(_(message) for message in error.errors.values()))
        self.range_error.show()

    def _show_status(self, text: str, *, error: bool) -> None:
        self.status_label.setStyleSheet(ERROR_STYLE if error else DONE_STYLE)
        self.status_label.setText(text)
        self.status_label.show()
