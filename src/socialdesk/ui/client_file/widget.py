"""The client file: a header (who, file number, status), a consent warning, and tabs.

The built-in tabs edit the file as one record: whatever was changed in Identity &
contact, Situation, Household & contacts, Social issues and Consents is saved together
by **Save** (Ctrl+S), in one transaction, or not at all; an error is shown next to its
field and the tab that holds it comes to the front. A status change, a merge, an export
and an erasure are actions of their own (dialogs), saved at once.

Other parts of the application plug their own tabs in (case notes, attached files) with
:meth:`ClientFileWidget.add_tab`, or for every file opened with
:func:`register_tab_factory`. A plugged tab may define ``clear()``: it is called when the
vault locks, before the widget is discarded (the moment to autosave a draft).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.clients import (
    CLIENT_INPUT_FIELDS,
    SITUATION_FIELDS,
    ClientFile,
    ClientNotFound,
    SocialIssueType,
)
from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import _
from socialdesk.ui.client_file.consents import ConsentsEditor
from socialdesk.ui.client_file.fields import StatusLine
from socialdesk.ui.client_file.gdpr import EraseClientDialog, export_operation
from socialdesk.ui.client_file.identity import IdentityEditor
from socialdesk.ui.client_file.issues import IssuesEditor
from socialdesk.ui.client_file.labels import format_date, local_time
from socialdesk.ui.client_file.situation import SituationEditor
from socialdesk.ui.client_file.status import ChangeStatusDialog, StatusTab, status_badge_style
from socialdesk.ui.client_file.tables import HouseholdContactsEditor
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations

log = logging.getLogger(__name__)

TabFactory = Callable[["ClientFileWidget"], None]
_tab_factories: list[TabFactory] = []

#: Parts of the record saved by update_client (the rest each have their own service).
_CLIENT_PARTS = frozenset(("identity", "situation", "issues"))
#: The ClientFile fields each part of the form shows.
_PART_FIELDS: dict[str, tuple[str, ...]] = {
    "identity": tuple(
        n for n in CLIENT_INPUT_FIELDS if n not in SITUATION_FIELDS and n != "social_issue_codes"
    ),
    "situation": SITUATION_FIELDS,
    "issues": ("social_issues",),
    "household": ("household",),
    "contacts": ("contacts",),
    "consents": ("consents",),
}


def register_tab_factory(factory: TabFactory) -> None:
    """Call ``factory(widget)`` for every client file opened from now on; it adds its
    tabs with ``widget.add_tab(...)`` (e.g. the case notes timeline)."""
    if factory not in _tab_factories:
        _tab_factories.append(factory)


def unregister_tab_factory(factory: TabFactory) -> None:
    if factory in _tab_factories:
        _tab_factories.remove(factory)


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _scrolled(widget: QWidget, parent: QWidget) -> QScrollArea:
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    holder = QWidget(area)
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 8, 0)
    layout.addWidget(widget)
    layout.addStretch(1)
    area.setWidget(holder)
    return area


class ClientFileWidget(QWidget):
    """One person's file.

    Signals: ``back_requested`` (the user wants the list back, changes saved or
    discarded), ``open_client_requested(client_id)`` (after a merge: the kept file),
    ``file_loaded(ClientFile)``, ``file_gone(message)`` (erased, merged away, missing).
    """

    back_requested = Signal()
    open_client_requested = Signal(int)
    file_loaded = Signal(object)
    file_gone = Signal(str)
    dirty_changed = Signal(bool)

    def __init__(
        self, ops: Operations, bus: ChangeBus, client_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clientFileWidget")
        self.ops = ops
        self.bus = bus
        self._client_id = client_id
        self._file: ClientFile | None = None
        self._dirty: set[str] = set()
        self._saving = False
        self._after_save: Callable[[], None] | None = None
        self._own_change = False
        self._plugged: list[QWidget] = []
        self.dialog: QWidget | None = None  # the dialog opened last (tests)

        self._build_header()
        self._build_tabs()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 12)
        layout.setSpacing(6)
        layout.addLayout(self.header_layout)
        layout.addWidget(self.info_label)
        layout.addWidget(self.erased_banner)
        layout.addWidget(self.consent_banner)
        layout.addWidget(self.save_status)
        layout.addWidget(self.tabs, 1)

        save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.save)
        bus.changed.connect(self.on_changes)
        for factory in list(_tab_factories):
            factory(self)
        self.reload()
        self.reload_issue_types()

    # ---- building ----------------------------------------------------------------------
    def _build_header(self) -> None:
        self.back_button = QPushButton(_("← Clients"), self)
        self.back_button.setObjectName("backToClientsButton")
        self.back_button.setToolTip(_("Back to the list (Esc)"))
        self.back_button.setFlat(True)
        self.back_button.clicked.connect(self.request_back)
        self.name_label = QLabel(_("Loading…"), self)
        self.name_label.setObjectName("clientNameLabel")
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.number_label = QLabel(self)
        self.number_label.setObjectName("clientFileNumberLabel")
        self.number_label.setStyleSheet("color: palette(placeholder-text);")
        self.status_badge = QLabel(self)
        self.status_badge.setObjectName("clientStatusBadge")
        self.save_button = QPushButton(_("Save"), self)
        self.save_button.setObjectName("saveClientButton")
        self.save_button.setToolTip(_("Save the changes to this file (Ctrl+S)"))
        self.save_button.setEnabled(False)
        # The same box in both states, so the enabled look never clips the text.
        self.save_button.setStyleSheet(
            "QPushButton { border: 1px solid palette(mid); border-radius: 4px;"
            " padding: 3px 16px; }"
            "QPushButton:enabled { background: #0b57d0; color: white; border-color: #0b57d0; }"
        )
        self.save_button.clicked.connect(self.save)
        self.discard_button = QPushButton(_("Undo changes"), self)
        self.discard_button.setObjectName("discardClientChangesButton")
        self.discard_button.setEnabled(False)
        self.discard_button.clicked.connect(self.discard_changes)
        self.actions_button = QToolButton(self)
        self.actions_button.setObjectName("clientActionsButton")
        self.actions_button.setText(_("More"))
        self.actions_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.actions_menu = QMenu(self.actions_button)
        self.actions_menu.setObjectName("clientActionsMenu")
        self.merge_action = self.actions_menu.addAction(_("Merge with another file…"))
        self.merge_action.setObjectName("mergeClientAction")
        self.merge_action.triggered.connect(self.open_merge)
        self.actions_menu.addSeparator()
        self.export_action = self.actions_menu.addAction(_("Export this person's data…"))
        self.export_action.setObjectName("exportClientAction")
        self.export_action.triggered.connect(self.choose_export_folder)
        self.erase_action = self.actions_menu.addAction(_("Erase this file…"))
        self.erase_action.setObjectName("eraseClientAction")
        self.erase_action.triggered.connect(self.open_erase)
        self.actions_button.setMenu(self.actions_menu)

        self.header_layout = QHBoxLayout()
        self.header_layout.setSpacing(10)
        self.header_layout.addWidget(self.back_button)
        self.header_layout.addSpacing(6)
        self.header_layout.addWidget(self.name_label)
        self.header_layout.addWidget(self.number_label)
        self.header_layout.addWidget(self.status_badge)
        self.header_layout.addStretch(1)
        self.header_layout.addWidget(self.discard_button)
        self.header_layout.addWidget(self.save_button)
        self.header_layout.addWidget(self.actions_button)

        self.info_label = QLabel(self)
        self.info_label.setObjectName("clientInfoLabel")
        self.info_label.setWordWrap(True)
        self.info_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.consent_banner = QFrame(self)
        self.consent_banner.setObjectName("consentWarningBanner")
        self.consent_banner.setStyleSheet(
            "#consentWarningBanner { background: #fff4d6; border: 1px solid #e7c25a;"
            " border-radius: 6px; } #consentWarningBanner QLabel { color: #5c4300; }"
        )
        self.consent_text = QLabel(self.consent_banner)
        self.consent_text.setObjectName("consentWarningText")
        self.consent_text.setWordWrap(True)
        self.consent_button = QPushButton(_("Record a consent…"), self.consent_banner)
        self.consent_button.setObjectName("bannerAddConsentButton")
        self.consent_button.clicked.connect(self._record_consent_from_banner)
        banner_layout = QHBoxLayout(self.consent_banner)
        banner_layout.setContentsMargins(10, 6, 10, 6)
        banner_layout.addWidget(self.consent_text, 1)
        banner_layout.addWidget(self.consent_button)
        self.consent_banner.hide()

        self.erased_banner = QLabel(
            _(
                "This file was erased: only what the law requires is kept, under its file "
                "number. It can no longer be changed."
            ),
            self,
        )
        self.erased_banner.setObjectName("erasedBanner")
        self.erased_banner.setWordWrap(True)
        self.erased_banner.setStyleSheet(
            "background: #ececec; color: #3a3a3a; border-radius: 6px; padding: 6px 10px;"
        )
        self.erased_banner.hide()
        self.save_status = StatusLine(self)
        self.save_status.setObjectName("clientSaveStatus")
        self.save_status.hide()

    def _build_tabs(self) -> None:
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("clientFileTabs")
        self.tabs.setDocumentMode(True)
        self.identity = IdentityEditor()
        self.situation = SituationEditor()
        self.household = HouseholdContactsEditor()
        self.issues = IssuesEditor()
        self.consents = ConsentsEditor()
        self.status_tab = StatusTab()
        self._pages: dict[str, QWidget] = {
            "identity": _scrolled(self.identity, self.tabs),
            "situation": self.situation,
            "household": self.household,
            "issues": self.issues,
            "consents": self.consents,
            "status": self.status_tab,
        }
        self._titles = {
            "identity": _("Identity & contact").replace("&", "&&"),
            "situation": _("Situation"),
            "household": _("Household & contacts").replace("&", "&&"),
            "issues": _("Social issues"),
            "consents": _("Consents"),
            "status": _("Status"),
        }
        for key, page in self._pages.items():
            page.setObjectName(page.objectName() or f"{key}Tab")
            if key != "identity":
                page.setContentsMargins(0, 8, 0, 0)
            self.tabs.addTab(page, self._titles[key])
        self._pages["identity"].setObjectName("identityTab")
        self.identity.edited.connect(lambda: self._mark_dirty("identity"))
        self.situation.edited.connect(lambda: self._mark_dirty("situation"))
        self.issues.edited.connect(lambda: self._mark_dirty("issues"))
        self.household.household.edited.connect(lambda: self._mark_dirty("household"))
        self.household.contacts.edited.connect(lambda: self._mark_dirty("contacts"))
        self.consents.edited.connect(lambda: self._mark_dirty("consents"))
        self.status_tab.change_requested.connect(self.open_change_status)

    # ---- public API --------------------------------------------------------------------
    @property
    def client_id(self) -> int:
        return self._client_id

    @property
    def file(self) -> ClientFile | None:
        return self._file

    def add_tab(self, widget: QWidget, title: str, *, index: int | None = None) -> int:
        """Add a tab of another part of the app (notes, attachments); returns its index.

        ``widget`` reads ``client_id`` and talks to the services itself; if it has a
        ``clear()`` method, it is called when the vault locks."""
        widget.setParent(self.tabs)
        self._plugged.append(widget)
        if index is None:
            return self.tabs.addTab(widget, title)
        return self.tabs.insertTab(index, widget, title)

    def tab_page(self, key: str) -> QWidget:
        return self._pages[key]

    def show_tab(self, key: str) -> None:
        self.tabs.setCurrentWidget(self._pages[key])

    def is_dirty(self) -> bool:
        return bool(self._dirty)

    def holds_vault_data(self) -> bool:
        return self._file is not None

    # ---- loading -----------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        if self._own_change:
            self._own_change = False  # our own save: the file shown is the saved one
            if not changes.settings:
                return
        if changes.settings:
            self.reload_issue_types()
        if changes.clients or changes.notes or changes.agenda:
            self.reload()

    def reload(self) -> None:
        client_id = self._client_id

        def read(uow: Any) -> tuple[ClientFile, Changes]:
            from socialdesk.services.clients import get_client_file

            return get_client_file(uow, client_id), NO_CHANGES

        self.ops.run_db(read, on_success=self._show_file, on_error=self._load_failed, owner=self)

    def reload_issue_types(self) -> None:
        def read(uow: Any) -> tuple[list[SocialIssueType], Changes]:
            from socialdesk.services.clients import list_social_issue_types

            return list_social_issue_types(uow), NO_CHANGES

        self.ops.run_db(read, on_success=self.issues.set_types, owner=self)

    def _load_failed(self, error: BaseException) -> bool:
        if isinstance(error, ClientNotFound):
            self._file = None
            self.file_gone.emit(str(error))
            return True
        return False

    def _show_file(self, file: ClientFile, *, force: bool = False) -> None:
        """Show ``file``; parts with unsaved changes keep them unless ``force``, and parts
        that did not change are left alone (a reload after a note keeps the cursor, the
        folded sections and the selected rows where they are)."""
        previous, self._file = self._file, file
        keep = set() if force else set(self._dirty)
        if not force and previous is not None:
            keep |= {
                part
                for part, names in _PART_FIELDS.items()
                if all(getattr(previous, n) == getattr(file, n) for n in names)
            }
        if "identity" not in keep:
            self.identity.set_file(file)
        if "situation" not in keep:
            self.situation.set_file(file)
        if "issues" not in keep:
            self.issues.set_file(file)
        self.household.set_file(
            file, household="household" not in keep, contacts="contacts" not in keep
        )
        if "consents" not in keep:
            self.consents.set_file(file)
        self.status_tab.set_file(file)
        if force:
            self._dirty.clear()
        self._show_header(file)
        self._update_dirty()
        self.file_loaded.emit(file)

    def _show_header(self, file: ClientFile) -> None:
        erased = file.pseudonymized
        self.name_label.setText(_("Erased person") if erased else file.display_name)
        self.number_label.setText(file.file_number)
        self.status_badge.setText(self.status_tab.badge.text())
        self.status_badge.setStyleSheet(status_badge_style(file.status))
        facts: list[str] = []
        if file.birth_date is not None:
            facts.append(
                _(
                    "born {date} ({age} years)",
                    date=format_date(file.birth_date),
                    age=age_on(file.birth_date, date.today()),
                )
            )
        facts += [part for part in (file.phone, file.email, file.city) if part]
        facts.append(_("in the file since {date}", date=format_date(file.intake_date)))
        if file.last_contact_at is not None:
            facts.append(
                _("last contact {date}", date=format_date(local_time(file.last_contact_at).date()))
            )
        self.info_label.setText(" · ".join(facts))
        self.erased_banner.setVisible(erased)
        for editor in (self.identity, self.situation, self.issues, self.household, self.consents):
            editor.set_read_only(erased)
        self.status_tab.set_read_only(erased)
        self.merge_action.setEnabled(not erased)
        self.erase_action.setEnabled(not erased)
        self._update_consent_banner()

    def _update_consent_banner(self) -> None:
        file = self._file
        if file is None or file.pseudonymized or file.has_active_consent:
            self.consent_banner.hide()
            return
        if "consents" in self._dirty and self.consents.has_active_consent():
            self.consent_text.setText(
                _("The consent you recorded is not saved yet: press Save to keep it.")
            )
            self.consent_button.hide()
        else:
            self.consent_text.setText(
                _(
                    "No consent is recorded for keeping this file. Ask the person, then "
                    "record how and when they agreed."
                )
            )
            self.consent_button.show()
        self.consent_banner.show()

    def _record_consent_from_banner(self) -> None:
        self.show_tab("consents")
        self.dialog = self.consents.open_add_dialog()

    # ---- dirty state -------------------------------------------------------------------
    def _mark_dirty(self, part: str) -> None:
        if self._file is None:
            return
        self._dirty.add(part)
        self._update_dirty()
        if part == "consents":
            self._update_consent_banner()

    def _update_dirty(self) -> None:
        dirty = bool(self._dirty)
        self.save_button.setEnabled(dirty and not self._saving)
        self.discard_button.setEnabled(dirty and not self._saving)
        parts = {
            "identity": {"identity"},
            "situation": {"situation"},
            "household": {"household", "contacts"},
            "issues": {"issues"},
            "consents": {"consents"},
        }
        for key, names in parts.items():
            index = self.tabs.indexOf(self._pages[key])
            title = self._titles[key]
            self.tabs.setTabText(index, f"{title} •" if names & self._dirty else title)
        if dirty:
            self.save_status.hide()
        self.dirty_changed.emit(dirty)

    def discard_changes(self) -> None:
        if self._file is not None:
            self._dirty.clear()
            self._show_file(self._file, force=True)
        self.save_status.hide()

    # ---- saving ------------------------------------------------------------------------
    def save(self) -> None:
        """Save every changed part of the record together (one transaction)."""
        file = self._file
        if self._saving or file is None or not self._dirty:
            return
        self._clear_errors()
        local = self.identity.local_errors()
        if local:
            self._show_errors(local)
            return
        dirty = set(self._dirty)
        client_id = file.id
        data = None
        if dirty & _CLIENT_PARTS:
            values: dict[str, Any] = {**self.identity.values(), **self.situation.values()}
            data = replace(file.to_input(), **values, social_issue_codes=self.issues.codes())
        household = self.household.household_members() if "household" in dirty else None
        contacts = self.household.contact_list() if "contacts" in dirty else None
        consents = self.consents.consents() if "consents" in dirty else None

        def write(uow: Any) -> tuple[ClientFile | None, Changes]:
            from socialdesk.services import clients as service

            saved: ClientFile | None = None
            changes = NO_CHANGES
            steps: list[tuple[Callable[..., tuple[ClientFile, Changes]], Any]] = [
                (service.update_client, data),
                (service.save_household, household),
                (service.save_contacts, contacts),
                (service.save_consents, consents),
            ]
            for function, value in steps:
                if value is not None:
                    saved, more = function(uow, client_id, value)
                    changes = changes | more
            return saved, changes

        self._saving = True
        self._update_dirty()
        self.ops.run_db(write, on_success=self._saved, on_error=self._save_failed, owner=self)

    def _saved(self, file: ClientFile | None) -> None:
        self._saving = False
        self._own_change = True
        QTimer.singleShot(0, self._forget_own_change)
        if file is not None:
            self._dirty.clear()
            self._show_file(file, force=True)
        self.save_status.ok(_("Saved."))
        self.save_status.show()
        then, self._after_save = self._after_save, None
        if then is not None:
            then()

    def _forget_own_change(self) -> None:
        self._own_change = False

    def _save_failed(self, error: BaseException) -> bool:
        self._saving = False
        self._after_save = None
        self._update_dirty()
        if not isinstance(error, ValidationError):
            return False
        self._show_errors(error.errors)
        return True

    def _show_errors(self, errors: dict[str, str]) -> None:
        remaining = dict(errors)
        first_page: QWidget | None = None
        first_widget: QWidget | None = None
        editors: list[tuple[str, Any]] = [
            ("identity", self.identity),
            ("situation", self.situation),
            ("issues", None),
            ("household", self.household),
            ("consents", self.consents),
        ]
        for key, editor in editors:
            if key == "issues":
                message = remaining.pop("social_issue_codes", None)
                if message is not None:
                    self.issues.show_error(_(message))
                    first_page = first_page or self._pages["issues"]
                    first_widget = first_widget or self.issues.list
                continue
            left, widget = editor.show_errors(remaining)
            if widget is not None and first_page is None:
                first_page, first_widget = self._pages[key], widget
            remaining = {k: remaining[k] for k in left}
        lines = [_("Nothing was saved: correct what is marked in red.")]
        lines += [f"• {_(message)}" for message in remaining.values()]
        self.save_status.error("\n".join(lines))
        self.save_status.show()
        if first_page is not None:
            self.tabs.setCurrentWidget(first_page)
            if first_page is self._pages["identity"] and first_widget is not None:
                area = first_page
                if isinstance(area, QScrollArea):
                    area.ensureWidgetVisible(first_widget, 50, 80)
        if first_widget is not None:
            first_widget.setFocus()

    def _clear_errors(self) -> None:
        self.identity.clear_errors()
        self.situation.clear_errors()
        self.issues.show_error("")
        self.household.clear_errors()
        self.consents.clear_errors()
        self.save_status.hide()

    # ---- leaving -----------------------------------------------------------------------
    def request_back(self) -> QMessageBox | None:
        """Back to the list; with unsaved changes, ask first (Save / Discard / Cancel)."""
        return self.leave(self.back_requested.emit)

    def leave(self, then: Callable[[], None]) -> QMessageBox | None:
        """Run ``then`` once the changes are saved or discarded (asked if there are any);
        nothing happens if the user cancels."""
        if not self._dirty:
            then()
            return None
        box = QMessageBox(self)
        box.setObjectName("unsavedChangesDialog")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Unsaved changes"))
        box.setText(_("Save the changes made to this file?"))
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _result: self._leave_answered(box, then))
        box.open()
        self.dialog = box
        return box

    def _leave_answered(self, box: QMessageBox, then: Callable[[], None]) -> None:
        button = box.clickedButton()
        answer = box.standardButton(button) if button is not None else None
        if answer == QMessageBox.StandardButton.Save:
            self._after_save = then
            self.save()
        elif answer == QMessageBox.StandardButton.Discard:
            self.discard_changes()
            then()

    # ---- actions -----------------------------------------------------------------------
    def open_change_status(self) -> ChangeStatusDialog | None:
        if self._file is None or self._file.pseudonymized:
            return None
        dialog = ChangeStatusDialog(self.ops, self._file, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self._status_changed)
        dialog.open()
        self.dialog = dialog
        return dialog

    def _status_changed(self, file: ClientFile) -> None:
        self._own_change = True
        QTimer.singleShot(0, self._forget_own_change)
        self._show_file(file)

    def open_merge(self) -> QWidget | None:
        if self._file is None or self._file.pseudonymized:
            return None
        from socialdesk.ui.dialogs.merge_clients import MergeClientsDialog

        dialog = MergeClientsDialog(self.ops, self._file, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.merged.connect(self._merged)
        dialog.open()
        self.dialog = dialog
        return dialog

    def _merged(self, kept: ClientFile) -> None:
        if kept.id == self._client_id:
            self._dirty.clear()
            self._show_file(kept, force=True)
        else:
            self.open_client_requested.emit(kept.id)

    def choose_export_folder(self) -> None:
        if self._file is None:
            return
        folder = QFileDialog.getExistingDirectory(
            self, _("Choose the folder for the export"), str(Path.home())
        )
        if folder:
            self.export_data(Path(folder))

    def export_data(self, out_dir: Path) -> None:
        """Write the right-of-access export (JSON and PDF) into ``out_dir``."""
        if self._file is None:
            return
        self.ops.run_db(
            export_operation(self._file.id, out_dir), on_success=self._exported, owner=self
        )

    def _exported(self, export: Any) -> None:
        files = [getattr(export, "json_path", None), getattr(export, "pdf_path", None)]
        names = ", ".join(Path(f).name for f in files if f is not None)
        folder = Path(files[0]).parent if files[0] is not None else ""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            _("Export done"),
            _(
                "This person's data was exported to {folder}: {files}. These files are not "
                "encrypted: hand them over, then delete them from this computer.",
                folder=folder,
                files=names,
            ),
            QMessageBox.StandardButton.Ok,
            self.window(),
        )
        box.setObjectName("exportDoneDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.dialog = box

    def open_erase(self) -> EraseClientDialog | None:
        if self._file is None or self._file.pseudonymized:
            return None
        dialog = EraseClientDialog(self.ops, self._file, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.erased.connect(self._erased)
        dialog.open()
        self.dialog = dialog
        return dialog

    def _erased(self, report: Any) -> None:
        self._file = None
        self._dirty.clear()
        lines = [_("The file was erased.")]
        lines += [_(text) for text in getattr(report, "explanations", ())]
        self.file_gone.emit("\n\n".join(lines))

    def before_lock(self) -> None:
        """The vault is about to lock: queue the save of what was typed (it runs before
        the lock on the worker). Input the services refuse is lost with the form."""
        if self._dirty and not self._saving:
            self.save()

    # ---- lock --------------------------------------------------------------------------
    def clear(self) -> None:
        """Forget the file (vault locked): plugged tabs first, then our own data."""
        for widget in self._plugged:
            clear = getattr(widget, "clear", None)
            if callable(clear):
                try:
                    clear()
                except Exception:  # one tab must not keep the others' data
                    log.exception("A client file tab failed to clear")
        for dialog in (self.dialog, self.consents.dialog):
            if dialog is not None and shiboken6.isValid(dialog):
                dialog.close()
        self._file = None
        self._dirty.clear()
        self.name_label.clear()
        self.info_label.clear()
        self.number_label.clear()
        self.identity.setEnabled(False)
