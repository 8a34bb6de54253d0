"""The life of a session: first run or unlock, the main window, lock, unlock again, quit.

The controller owns the worker (:class:`Operations`), the change bus and the windows; it is
the only place that opens, locks and forgets the vault.
"""

from __future__ import annotations

import logging
from pathlib import Path
from types import ModuleType
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from socialdesk.config import paths
from socialdesk.domain.changes import Changes
from socialdesk.domain.errors import SocialDeskError
from socialdesk.i18n import _
from socialdesk.services.vault import has_device_slot, vault_exists
from socialdesk.ui import clipboard, lock_drafts
from socialdesk.ui.agenda import wiring as agenda_wiring
from socialdesk.ui.agenda.reminders import ReminderScheduler
from socialdesk.ui.backup_status import start_daily_backup
from socialdesk.ui.dialogs.busy import BusyDialog
from socialdesk.ui.dialogs.change_passphrase import ChangePassphraseDialog
from socialdesk.ui.dialogs.first_run import FirstRunWizard
from socialdesk.ui.dialogs.unlock import UnlockDialog
from socialdesk.ui.events import VAULT_OPENED, ChangeBus
from socialdesk.ui.idle import DEFAULT_IDLE_MINUTES, IdleLock
from socialdesk.ui.main_window import MainWindow
from socialdesk.ui.ops import Operations, error_text
from socialdesk.ui.session_lock import SessionLockWatcher
from socialdesk.vault.kdf import KdfParams
from socialdesk.vault.keyring_store import DeviceKeyStore

log = logging.getLogger(__name__)


def demo_vault_path() -> Path:
    return paths.data_dir() / "demo" / "socialdesk-demo.sdvault"


def _warm_up() -> None:
    """Import the data layer and configure the ORM mappers (on the worker thread)."""
    from sqlalchemy.orm import configure_mappers

    import socialdesk.services.clients
    import socialdesk.services.notes
    import socialdesk.services.search  # noqa: F401

    configure_mappers()


def _demo_module() -> ModuleType | None:
    """``services.demo`` if this build has it (imported only when the demo is asked for)."""
    try:
        from socialdesk.services import demo
    except ImportError:
        log.warning("The demo module is not available", exc_info=True)
        return None
    if not hasattr(demo, "open_or_create_demo_vault"):
        return None
    return demo


class AppController(QObject):
    """``quit_requested`` when the session is over (window closed, unlock cancelled)."""

    quit_requested = Signal()

    def __init__(
        self,
        vault_path: Path,
        *,
        demo: bool = False,
        kdf_params: KdfParams | None = None,
        device_store: DeviceKeyStore | None = None,
        idle_minutes: float | None = None,
        daily_backup: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault_path = Path(vault_path)
        self.demo = demo
        self.daily_backup = daily_backup and not demo  # the demo vault is never backed up
        self.kdf_params = kdf_params  # tests only; None = calibrated
        self.device_store = device_store or DeviceKeyStore()
        self.bus = ChangeBus(self)
        self.ops = Operations(self.bus, self)
        self.window: MainWindow | None = None
        self.wizard: FirstRunWizard | None = None
        self.unlock_dialog: UnlockDialog | None = None
        self.busy_dialog: BusyDialog | None = None
        self._demo_passphrase: str | None = None
        self.info_box: QMessageBox | None = None
        self._finished = False
        # None: the vault's setting (Settings → Security & retention), read at each unlock
        # and after each settings change; a number (tests) wins over it.
        self._idle_override = idle_minutes
        self.idle_lock = IdleLock(idle_minutes or DEFAULT_IDLE_MINUTES, self)
        self.idle_lock.idle.connect(self.lock)
        self.session_watcher = SessionLockWatcher(self)
        self.session_watcher.lock_now.connect(self.lock)
        self.bus.changed.connect(self._on_changes)
        self.reminders = ReminderScheduler(self.ops, self.bus, parent=self)

    @property
    def vault(self) -> Any:
        return self.ops.vault

    # ---- start -------------------------------------------------------------------------
    def start(self) -> None:
        if self.demo:
            self.open_demo(from_wizard=False)
        elif not vault_exists(self.vault_path):
            self.show_wizard()
        else:
            self.show_unlock(try_device=has_device_slot(self.vault_path))
        # While the user types the passphrase, load what unlocking and the first page
        # need; it would otherwise follow the click on Unlock.
        self.ops.run_task(_warm_up)

    def show_wizard(self) -> FirstRunWizard:
        wizard = FirstRunWizard(
            self.ops, self.vault_path, kdf_params=self.kdf_params, device_store=self.device_store
        )
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.vault_created.connect(self.open_vault)
        wizard.demo_requested.connect(lambda: self.open_demo(from_wizard=True))
        wizard.rejected.connect(self.finish)
        self.wizard = wizard
        wizard.show()
        return wizard

    def show_unlock(self, *, try_device: bool = False) -> UnlockDialog:
        dialog = UnlockDialog(self.ops, self.vault_path, demo_passphrase=self._demo_passphrase)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.unlocked.connect(self.open_vault)
        dialog.rejected.connect(self.finish)
        self.unlock_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        if try_device:
            dialog.start_device_unlock(self.device_store)
        return dialog

    # ---- demo --------------------------------------------------------------------------
    def open_demo(self, *, from_wizard: bool) -> None:
        module = _demo_module()
        if module is None:
            self._inform(
                _("The demo is not available in this version of SocialDesk."),
                then=self.show_wizard if from_wizard else self.finish,
            )
            return
        self.demo = True
        self.vault_path = demo_vault_path()
        self._demo_passphrase = getattr(module, "DEMO_PASSPHRASE", None)
        self.busy_dialog = BusyDialog(
            _("Preparing the demo vault with fictitious people…"), _("SocialDesk — Demo")
        )
        self.busy_dialog.show()
        path = self.vault_path
        self.ops.run_task(
            lambda: module.open_or_create_demo_vault(path),
            on_success=self._demo_ready,
            on_error=lambda error: self._demo_failed(error, from_wizard),
        )

    def _close_busy(self) -> None:
        if self.busy_dialog is not None:
            self.busy_dialog.hide()
            self.busy_dialog.deleteLater()
            self.busy_dialog = None

    def _demo_ready(self, vault: Any) -> None:
        self._close_busy()
        self.open_vault(vault)

    def _demo_failed(self, error: BaseException, from_wizard: bool) -> bool:
        self._close_busy()
        if not isinstance(error, SocialDeskError):
            log.error("The demo vault could not be opened", exc_info=error)
        self.demo = False
        self._inform(error_text(error), then=self.show_wizard if from_wizard else self.finish)
        return True

    def _inform(self, text: str, *, then: Any) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Information, _("SocialDesk"), text)
        box.setObjectName("informationDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _result: then())
        box.open()
        self.info_box = box
        return box

    # ---- open / lock / quit ------------------------------------------------------------
    def open_vault(self, vault: Any) -> None:
        self.ops.attach_vault(vault)
        self.vault_path = Path(vault.path)
        if self.window is None:
            self.window = MainWindow(
                self.ops,
                self.bus,
                vault_name=self.vault_path.name,
                demo=self.demo,
                device_store=self.device_store,
                kdf_params=self.kdf_params,
            )
            self.window.lock_requested.connect(self.lock)
            self.window.closed.connect(self.finish)
            agenda_wiring.install()  # after the notes tab: "Appointments" follows "Notes"
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        if self.unlock_dialog is not None and getattr(
            self.unlock_dialog, "used_recovery_key", False
        ):
            # Whoever needs the recovery key has probably forgotten the passphrase.
            self.offer_new_passphrase(vault)
        self.unlock_dialog = None
        self.wizard = None
        self.idle_lock.start()
        self.session_watcher.start()
        self.reminders.start(self.window)
        self.bus.publish(VAULT_OPENED)
        if self.daily_backup:  # the first unlock of the day makes a backup, off the GUI
            start_daily_backup(self.ops)
        lock_drafts.resume_after_unlock(self.window, self.ops)

    def offer_new_passphrase(self, vault: Any) -> ChangePassphraseDialog:
        dialog = ChangePassphraseDialog(
            self.ops,
            Path(vault.path),
            reset_vault=vault,
            kdf_params=self.kdf_params,
            parent=self.window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.reset_dialog = dialog
        return dialog

    def lock(self) -> None:
        """Lock the vault, forget what the pages show, and ask for the passphrase again."""
        if self.vault is None:
            return
        self.idle_lock.stop()
        self.reminders.stop()
        if self.window is not None:
            # Unsaved typing (a note's draft, a form) is queued on the worker before the
            # lock job, then what was open (page, file, note, appointment being typed).
            self.window.before_lock()
            lock_drafts.keep_for_unlock(self.window, self.ops)
            self.window.clear_pages()
        # The worker disposes the engine (no connection left) and zeroes the key bytes.
        self.ops.lock_vault()
        self._forget_plaintext()
        if self.window is not None:
            self.window.hide()
        self.show_unlock(try_device=False)

    def _on_changes(self, changes: Changes) -> None:
        if changes.vault or changes.settings:
            self.apply_idle_setting()

    def apply_idle_setting(self) -> None:
        """Read the auto-lock delay from the vault and apply it to the running timer."""
        if self._idle_override is not None or self.vault is None:
            return

        def read(uow: Any) -> tuple[int, Changes]:
            from socialdesk.services.retention import idle_minutes

            return idle_minutes(uow), Changes()

        self.ops.run_db(read, on_success=self.idle_lock.set_minutes, owner=self)

    def _forget_plaintext(self) -> None:
        """Opened attachments and print spools in the private temp folder, and the
        clipboard text we put there."""
        paths.empty_private_temp_dir()
        clipboard.clear_our_text()

    def finish(self) -> None:
        """End the session: lock, wait for the worker, remove plaintext leftovers."""
        if self._finished:
            return
        self._finished = True
        self.idle_lock.stop()
        self.reminders.stop()
        if self.window is not None:
            self.window.before_lock()
            self.window.clear_pages()
        self.ops.lock_vault()
        self.ops.wait_idle(30)
        self.ops.shutdown()
        self._forget_plaintext()
        for widget in (self.window, self.unlock_dialog):
            if isinstance(widget, QWidget):
                widget.hide()
        self.quit_requested.emit()
